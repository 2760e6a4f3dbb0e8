package org.dhcpv6.failover.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.dhcpv6.failover.api.Binding;
import org.dhcpv6.failover.core.internal.binding.BindingTable;
import org.dhcpv6.failover.core.testfixtures.TestBindings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A synchronous write that the journal gives up on after its commit timeout is still in the
 * buffer of the flush under way, so it lands when that flush ends. The table, told the write
 * timed out ({@link CommitTimeoutException}), takes what the store holds, so the table and what a
 * restart loads agree. (Before, the table kept its old value and the restart brought back a
 * binding the table never held.)
 */
class LateSyncWriteTest {

    @TempDir
    Path temp;

    private static final Binding LEASE = TestBindings.active(1, 1);

    @Test
    void aTimedOutPutLeavesTheTableAgreeingWithWhatARestartLoads() throws Exception {
        afterATimeout(table -> {
            try (BindingTable.Locked l = table.lock(LEASE.resource())) {
                assertThrows(CommitTimeoutException.class, () -> table.commit(LEASE), "not durable within the timeout");
            }
        });
    }

    @Test
    void aTimedOutBatchLeavesTheTableAgreeingWithWhatARestartLoads() throws Exception {
        afterATimeout(table -> {
            table.beginDeferredWrites();
            table.commit(LEASE);
            assertThrows(CommitTimeoutException.class, table::endDeferredWrites, "not durable within the timeout");
        });
    }

    private interface TimedOutWrite {
        void write(BindingTable table) throws Exception;
    }

    /**
     * Runs {@code write} of {@link #LEASE} while another write's flush is stuck on the disk (so it
     * times out), then checks that the table, and a restart once the flush ends, both hold it.
     */
    private void afterATimeout(TimedOutWrite write) throws Exception {
        JournalPutAsyncTest.HeldDisk disk = new JournalPutAsyncTest.HeldDisk();
        JournalOptions shortTimeout = new JournalOptions(true, 100_000, 64L << 20, Duration.ofMillis(200),
                Duration.ofSeconds(1));
        JournalLeaseStore store = JournalLeaseStore.open(temp, shortTimeout, disk, System::nanoTime);
        BindingTable table = new BindingTable(store);
        table.load();
        disk.hold = new CountDownLatch(1);
        store.putAsync(TestBindings.active(2, 1));
        while (disk.journalWrites.get() == 0) {
            Thread.onSpinWait();
        }
        write.write(table);
        assertEquals(LEASE, table.get(LEASE.resource()), "the table holds what the store will make durable");
        disk.hold.countDown();
        store.close();

        JournalLeaseStore reopened = JournalLeaseStore.open(temp);
        try {
            assertEquals(Optional.of(LEASE), reopened.get(LEASE.resource()), "a restart loads what the table held");
        } finally {
            reopened.close();
        }
    }
}
