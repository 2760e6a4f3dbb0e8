package org.dhcpv6.failover.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.dhcpv6.failover.api.Binding;
import org.dhcpv6.failover.api.LeaseStoreException;
import org.dhcpv6.failover.core.internal.binding.BindingTable;
import org.dhcpv6.failover.core.testfixtures.TestBindings;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A synchronous write that the journal gives up on after its commit timeout is still in the
 * journal's buffer (or in a write already under way), so the next flush makes it durable: the
 * table, which kept what it had because the write "failed", then disagrees with what a restart
 * loads. Known and not fixed: the journal would have to write the previous value back after a
 * timed-out put (or stop the frame from landing), which is the store's code, not the hooks'.
 * The asynchronous path is fixed (AsyncBeforeReplyTest: a write given up after 30 s stays in the
 * table until the store answers).
 */
class LateSyncWriteTest {

    @TempDir
    Path temp;

    @Test
    @Disabled("known: a put that timed out still lands at the next flush; the journal does not take it back")
    void aTimedOutPutDoesNotComeBackAfterARestart() throws Exception {
        JournalPutAsyncTest.HeldDisk disk = new JournalPutAsyncTest.HeldDisk();
        JournalOptions shortTimeout = new JournalOptions(true, 100_000, 64L << 20, Duration.ofMillis(200),
                Duration.ofSeconds(1));
        JournalLeaseStore store = JournalLeaseStore.open(temp, shortTimeout, disk, System::nanoTime);
        BindingTable table = new BindingTable(store);
        table.load();
        Binding lease = TestBindings.active(1, 1);
        disk.hold = new CountDownLatch(1);
        // Another write's flush is under way and stuck on the disk; this put waits behind it.
        store.putAsync(TestBindings.active(2, 1));
        while (disk.journalWrites.get() == 0) {
            Thread.onSpinWait();
        }
        try (BindingTable.Locked l = table.lock(lease.resource())) {
            assertThrows(LeaseStoreException.class, () -> table.commit(lease), "not durable within the timeout");
        }
        assertEquals(null, table.get(lease.resource()), "the table keeps nothing the store did not confirm");
        disk.hold.countDown();
        store.close();

        JournalLeaseStore reopened = JournalLeaseStore.open(temp);
        try {
            assertEquals(Optional.empty(), reopened.get(lease.resource()),
                    "a restart loads what the table held before it, not the write that timed out");
        } finally {
            reopened.close();
        }
    }
}
