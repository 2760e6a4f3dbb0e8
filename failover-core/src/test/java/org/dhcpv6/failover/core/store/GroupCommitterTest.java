package org.dhcpv6.failover.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.dhcpv6.failover.api.LeaseStoreException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GroupCommitterTest {

    @TempDir
    Path temp;

    @Test
    void afterAFailedFlushEveryLaterWriteFails() throws Exception {
        JournalFile journal = JournalFile.create(temp.resolve("j"), new StoreRecord.StoreHeader(1, 0, 0, false),
                List.of(), true, DiskFaults.NONE);
        GroupCommitter committer = new GroupCommitter(journal, 0, JournalOptions.defaults(), header -> 0L);
        committer.awaitDurable(committer.append(new byte[][] {{1, 2, 3}}, () -> { }));
        // A closed channel makes the next write throw, standing in for a disk error.
        journal.close();
        long seq = committer.append(new byte[][] {{4}}, () -> { });
        LeaseStoreException first = assertThrows(LeaseStoreException.class, () -> committer.awaitDurable(seq));
        assertTrue(first.getMessage().contains("write or fsync failed"), first.getMessage());
        assertTrue(first.getMessage().contains("refuses writes until it has reopened"), first.getMessage());
        AtomicInteger applied = new AtomicInteger();
        LeaseStoreException later = assertThrows(LeaseStoreException.class,
                () -> committer.append(new byte[][] {{5}}, applied::incrementAndGet));
        assertEquals(first.getMessage(), later.getMessage());
        assertEquals(0, applied.get(), "a refused write must not reach memory");
        assertThrows(LeaseStoreException.class, committer::checkUsable);
        assertEquals(1, committer.flushCount());
    }
}
