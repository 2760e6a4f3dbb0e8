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

    @Test
    void aTimedOutPutLeavesTheTableAgreeingWithWhatARestartLoads() throws Exception {
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
            assertThrows(CommitTimeoutException.class, () -> table.commit(lease), "not durable within the timeout");
        }
        assertEquals(lease, table.get(lease.resource()), "the table holds what the store will make durable");
        disk.hold.countDown();
        store.close();

        JournalLeaseStore reopened = JournalLeaseStore.open(temp);
        try {
            assertEquals(Optional.of(lease), reopened.get(lease.resource()),
                    "a restart loads what the table held");
        } finally {
            reopened.close();
        }
    }

    @Test
    void aTimedOutBatchLeavesTheTableAgreeingWithWhatARestartLoads() throws Exception {
        JournalPutAsyncTest.HeldDisk disk = new JournalPutAsyncTest.HeldDisk();
        JournalOptions shortTimeout = new JournalOptions(true, 100_000, 64L << 20, Duration.ofMillis(200),
                Duration.ofSeconds(1));
        JournalLeaseStore store = JournalLeaseStore.open(temp, shortTimeout, disk, System::nanoTime);
        BindingTable table = new BindingTable(store);
        table.load();
        Binding lease = TestBindings.active(1, 1);
        disk.hold = new CountDownLatch(1);
        store.putAsync(TestBindings.active(2, 1));
        while (disk.journalWrites.get() == 0) {
            Thread.onSpinWait();
        }
        table.beginDeferredWrites();
        table.commit(lease);
        assertThrows(CommitTimeoutException.class, table::endDeferredWrites, "not durable within the timeout");
        assertEquals(lease, table.get(lease.resource()), "the table holds what the store will make durable");
        disk.hold.countDown();
        store.close();

        JournalLeaseStore reopened = JournalLeaseStore.open(temp);
        try {
            assertEquals(Optional.of(lease), reopened.get(lease.resource()), "a restart loads what the table held");
        } finally {
            reopened.close();
        }
    }
}
