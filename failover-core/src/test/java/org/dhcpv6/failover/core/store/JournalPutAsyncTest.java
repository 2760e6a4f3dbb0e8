package org.dhcpv6.failover.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.dhcpv6.failover.core.testfixtures.TestBindings;
import org.dhcpv6.failover.api.LeaseStoreException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link JournalLeaseStore#putAsync}: the stage completes only after the force covering the
 * write returned, one force covers the writes queued meanwhile, a failed force fails every
 * waiting stage, and close flushes what was queued.
 */
class JournalPutAsyncTest {

    @TempDir
    Path temp;

    /** Blocks every write or force of the journal while {@link #hold} is set. */
    static final class HeldDisk implements DiskFaults {
        volatile CountDownLatch hold = new CountDownLatch(0);
        final AtomicBoolean forceReturned = new AtomicBoolean();
        final AtomicInteger journalWrites = new AtomicInteger();
        volatile boolean fail;

        @Override
        public void beforeWrite(Path file) throws IOException {
            if (!file.getFileName().toString().equals(JournalLeaseStore.JOURNAL_FILE)) {
                return;
            }
            journalWrites.incrementAndGet();
            try {
                hold.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (fail) {
                throw new IOException("No space left on device (injected)");
            }
        }
    }

    @Test
    void theStageCompletesAfterTheForceAndOneForceCoversTheWritesQueuedMeanwhile() throws Exception {
        HeldDisk disk = new HeldDisk();
        JournalLeaseStore store = JournalLeaseStore.open(temp, JournalOptions.defaults(), disk, System::nanoTime);
        try {
            disk.hold = new CountDownLatch(1);
            CompletableFuture<Void> first = store.putAsync(TestBindings.active(1, 1)).toCompletableFuture();
            List<CompletableFuture<Void>> queued = new ArrayList<>();
            for (int i = 2; i <= 50; i++) {
                queued.add(store.putAsync(TestBindings.active(i, 1)).toCompletableFuture());
            }
            assertTrue(store.get(TestBindings.address(50)).isPresent(), "visible to readers once appended");
            Thread.sleep(100);
            assertFalse(first.isDone(), "not durable while the flush is held");
            long flushesBefore = store.flushCount();
            disk.hold.countDown();
            first.get(5, TimeUnit.SECONDS);
            CompletableFuture.allOf(queued.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
            assertTrue(store.flushCount() - flushesBefore <= 2, "the 49 queued writes shared one flush: "
                    + (store.flushCount() - flushesBefore));
        } finally {
            store.close();
        }
        JournalLeaseStore reopened = JournalLeaseStore.open(temp);
        try {
            assertEquals(50, reopened.size(), "every completed write survives a restart");
        } finally {
            reopened.close();
        }
    }

    @Test
    void aFailedFlushFailsEveryWaitingStage() throws Exception {
        HeldDisk disk = new HeldDisk();
        JournalLeaseStore store = JournalLeaseStore.open(temp, JournalOptions.defaults(), disk, System::nanoTime);
        try {
            disk.fail = true;
            List<CompletableFuture<Void>> stages = new ArrayList<>();
            for (int i = 1; i <= 10; i++) {
                stages.add(store.putAsync(TestBindings.active(i, 1)).toCompletableFuture());
            }
            for (CompletableFuture<Void> s : stages) {
                ExecutionException e = assertThrows(ExecutionException.class, () -> s.get(5, TimeUnit.SECONDS));
                assertTrue(e.getCause() instanceof LeaseStoreException, e::toString);
            }
            assertFalse(store.available());
            assertTrue(store.putAsync(TestBindings.active(11, 1)).toCompletableFuture().isCompletedExceptionally(),
                    "a failed store refuses at once");
        } finally {
            // Closing a failed store reports the failure again; the directory lock is released anyway.
            assertThrows(LeaseStoreException.class, store::close);
        }
    }

    @Test
    void closeFlushesWhatWasQueued() throws Exception {
        JournalLeaseStore store = JournalLeaseStore.open(temp);
        List<CompletableFuture<Void>> stages = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            stages.add(store.putAsync(TestBindings.active(i, 1)).toCompletableFuture());
        }
        store.close();
        for (CompletableFuture<Void> s : stages) {
            s.get(5, TimeUnit.SECONDS);
        }
        assertTrue(store.putAsync(TestBindings.active(21, 1)).toCompletableFuture().isCompletedExceptionally());
        JournalLeaseStore reopened = JournalLeaseStore.open(temp);
        try {
            assertEquals(20, reopened.size());
        } finally {
            reopened.close();
        }
    }
}
