package org.dhcpv6.failover.core.store;

import static org.dhcpv6.failover.core.testfixtures.TestBindings.active;
import static org.dhcpv6.failover.core.testfixtures.TestBindings.address;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.dhcpv6.failover.api.Binding;
import org.dhcpv6.failover.api.LeaseStore;
import org.dhcpv6.failover.api.LeaseStoreException;
import org.dhcpv6.failover.api.Resource;
import org.dhcpv6.failover.core.testfixtures.LeaseStoreContractTest;
import org.dhcpv6.failover.core.testfixtures.TestBindings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JournalLeaseStoreTest extends LeaseStoreContractTest {

    /** Compaction only when asked, so the journal keeps what the tests write into it. */
    private static final JournalOptions NO_AUTO_COMPACTION = JournalOptions.defaults()
            .withCompactAfter(Long.MAX_VALUE, Long.MAX_VALUE);

    @TempDir
    Path temp;

    private Path dir() {
        return temp.resolve("store");
    }

    @Override
    protected LeaseStore open() throws Exception {
        return JournalLeaseStore.open(dir(), NO_AUTO_COMPACTION);
    }

    @Override
    protected LeaseStore reopen() throws Exception {
        store.close();
        return JournalLeaseStore.open(dir(), NO_AUTO_COMPACTION);
    }

    /** Copies the store's files while it is still open, as a crash would leave them. */
    private Path crashCopy() throws IOException {
        Path copy = Files.createDirectories(temp.resolve("crash-" + System.nanoTime()));
        for (String name : List.of(JournalLeaseStore.JOURNAL_FILE, JournalLeaseStore.SNAPSHOT_FILE)) {
            if (Files.exists(dir().resolve(name))) {
                Files.copy(dir().resolve(name), copy.resolve(name));
            }
        }
        return copy;
    }

    /** The store header that opens every journal. */
    static final int HEADER = RecordCodec.encode(new StoreRecord.StoreHeader(1, 0, 0, false)).length;

    private static int frameLength(Binding b) {
        return RecordCodec.encode(new StoreRecord.BindingPut(b)).length;
    }

    @Test
    void aCrashCopyTakenWhileOpenHoldsEveryAcknowledgedWrite() throws Exception {
        for (int i = 0; i < 500; i++) {
            store.put(active(i, i));
        }
        store.saveEndpoint(TestBindings.fullEndpoint());
        Map<Resource, Binding> expected = snapshot(store);
        try (JournalLeaseStore copy = JournalLeaseStore.open(crashCopy(), NO_AUTO_COMPACTION)) {
            assertEquals(500, copy.size());
            assertEquals(expected, snapshot(copy));
            assertEquals(Optional.of(TestBindings.fullEndpoint()), copy.loadEndpoint());
        }
    }

    @Test
    void anUnforcedWriteStartsNoFlushAndReachesTheDiskWithTheNextForcedOne() throws Exception {
        JournalLeaseStore journal = (JournalLeaseStore) store;
        store.put(active(1, 1));
        long flushes = journal.flushCount();
        store.putAllUnforced(List.of(active(1, 2), active(2, 2)));
        assertEquals(flushes, journal.flushCount(), "an unforced write starts no flush");
        try (JournalLeaseStore copy = JournalLeaseStore.open(crashCopy(), NO_AUTO_COMPACTION)) {
            assertEquals(Optional.of(active(1, 1)), copy.get(address(1)), "a crash now loses the unforced write");
            assertEquals(Optional.empty(), copy.get(address(2)));
        }
        store.put(active(3, 1));
        try (JournalLeaseStore copy = JournalLeaseStore.open(crashCopy(), NO_AUTO_COMPACTION)) {
            assertEquals(Map.of(address(1), active(1, 2), address(2), active(2, 2), address(3), active(3, 1)),
                    snapshot(copy));
        }
    }

    @Test
    void unforcedWritesPastTheLimitAreForcedWithoutAnyoneWaiting() throws Exception {
        JournalLeaseStore journal = (JournalLeaseStore) store;
        long flushes = journal.flushCount();
        int perWrite = frameLength(active(0, 2));
        int writes = GroupCommitter.UNFORCED_LIMIT_BYTES / perWrite + 1;
        for (int i = 0; i < writes; i++) {
            store.putAllUnforced(List.of(active(i, 2)));
        }
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (journal.flushCount() == flushes && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertTrue(journal.flushCount() > flushes, "the flusher forced the unforced writes");
        try (JournalLeaseStore copy = JournalLeaseStore.open(crashCopy(), NO_AUTO_COMPACTION)) {
            assertEquals(writes, copy.size(), "a crash now keeps every one of them");
        }
    }

    @Test
    void closeStoresAnUnforcedWrite() throws Exception {
        store.putAllUnforced(List.of(active(7, 2)));
        store = reopen();
        assertEquals(Optional.of(active(7, 2)), store.get(address(7)));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4, 5, 6, 10, 40})
    void aTornLastRecordIsDroppedAndLaterWritesWork(int cut) throws Exception {
        for (int i = 0; i < 10; i++) {
            store.put(active(i, 1));
        }
        Path copy = crashCopy();
        Path journal = copy.resolve(JournalLeaseStore.JOURNAL_FILE);
        long size = Files.size(journal);
        try (var ch = Files.newByteChannel(journal, StandardOpenOption.WRITE)) {
            ch.truncate(size - cut);
        }
        try (JournalLeaseStore reopened = JournalLeaseStore.open(copy, NO_AUTO_COMPACTION)) {
            assertEquals(9, reopened.size());
            assertEquals(Optional.empty(), reopened.get(address(9)));
            assertEquals(size - frameLength(active(9, 1)), Files.size(journal), "the torn tail is cut away");
            reopened.put(active(9, 2));
        }
        try (JournalLeaseStore again = JournalLeaseStore.open(copy, NO_AUTO_COMPACTION)) {
            assertEquals(Optional.of(active(9, 2)), again.get(address(9)));
            assertEquals(10, again.size());
        }
    }

    @Test
    void aLastRecordWithABadCrcIsDropped() throws Exception {
        for (int i = 0; i < 3; i++) {
            store.put(active(i, 1));
        }
        Path copy = crashCopy();
        Path journal = copy.resolve(JournalLeaseStore.JOURNAL_FILE);
        byte[] data = Files.readAllBytes(journal);
        data[data.length - 7] ^= 0x01;
        Files.write(journal, data);
        try (JournalLeaseStore reopened = JournalLeaseStore.open(copy, NO_AUTO_COMPACTION)) {
            assertEquals(2, reopened.size());
            assertEquals(Optional.empty(), reopened.get(address(2)));
        }
    }

    @Test
    void aDamagedHeaderInTheMiddleFailsInsteadOfLookingTorn() throws Exception {
        for (int i = 0; i < 3; i++) {
            store.put(active(i, 1));
        }
        Path copy = crashCopy();
        Path journal = copy.resolve(JournalLeaseStore.JOURNAL_FILE);
        byte[] data = Files.readAllBytes(journal);
        int second = HEADER + frameLength(active(0, 1));
        data[second + 2] = 0x7f;
        Files.write(journal, data);
        LeaseStoreException e = assertThrows(LeaseStoreException.class,
                () -> JournalLeaseStore.open(copy, NO_AUTO_COMPACTION));
        assertEquals("journal " + journal + " corrupt at offset " + second + ": header CRC mismatch",
                e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"01", "0102", "010200", "0000000000000000", "00000000000000000000000000000000000000"})
    void garbageOfAPartialHeaderAtTheEndIsDropped(String hex) throws Exception {
        store.put(active(1, 1));
        Path copy = crashCopy();
        Files.write(copy.resolve(JournalLeaseStore.JOURNAL_FILE), java.util.HexFormat.of().parseHex(hex),
                StandardOpenOption.APPEND);
        try (JournalLeaseStore reopened = JournalLeaseStore.open(copy, NO_AUTO_COMPACTION)) {
            assertEquals(Optional.of(active(1, 1)), reopened.get(address(1)));
            reopened.put(active(2, 1));
            assertEquals(2, reopened.size());
        }
    }

    @Test
    void corruptionFollowedByValidRecordsFailsNamingFileAndOffset() throws Exception {
        for (int i = 0; i < 5; i++) {
            store.put(active(i, 1));
        }
        Path copy = crashCopy();
        Path journal = copy.resolve(JournalLeaseStore.JOURNAL_FILE);
        byte[] data = Files.readAllBytes(journal);
        long third = HEADER + 2L * frameLength(active(0, 1));
        data[(int) third + 20] ^= 0x40;
        Files.write(journal, data);
        LeaseStoreException e = assertThrows(LeaseStoreException.class,
                () -> JournalLeaseStore.open(copy, NO_AUTO_COMPACTION));
        assertEquals("journal " + journal + " corrupt at offset " + third + ": CRC mismatch", e.getMessage());
        // The failed open must not leave the directory locked.
        data[(int) third + 20] ^= 0x40;
        Files.write(journal, data);
        try (JournalLeaseStore fixed = JournalLeaseStore.open(copy, NO_AUTO_COMPACTION)) {
            assertEquals(5, fixed.size());
        }
    }

    @Test
    void aCorruptOrTruncatedSnapshotFailsTheOpen() throws Exception {
        for (int i = 0; i < 5; i++) {
            store.put(active(i, 1));
        }
        store.close();
        Path snapshot = dir().resolve(JournalLeaseStore.SNAPSHOT_FILE);
        byte[] good = Files.readAllBytes(snapshot);
        byte[] flipped = good.clone();
        flipped[HEADER + 10] ^= 1;
        Files.write(snapshot, flipped);
        LeaseStoreException e = assertThrows(LeaseStoreException.class, () -> JournalLeaseStore.open(dir()));
        assertEquals("snapshot " + snapshot + " corrupt at offset " + HEADER + ": CRC mismatch", e.getMessage());
        Files.write(snapshot, java.util.Arrays.copyOf(good, good.length - 3));
        e = assertThrows(LeaseStoreException.class, () -> JournalLeaseStore.open(dir()));
        assertTrue(e.getMessage().startsWith("snapshot " + snapshot + " corrupt at offset "), e.getMessage());
        Files.write(snapshot, good);
        store = JournalLeaseStore.open(dir());
        assertEquals(5, store.size());
    }

    @Test
    void compactionKeepsAllDataAndShrinksTheJournal() throws Exception {
        store.close();
        store = JournalLeaseStore.open(dir(), JournalOptions.defaults().withCompactAfter(100, Long.MAX_VALUE));
        for (int round = 0; round < 10; round++) {
            for (int i = 0; i < 30; i++) {
                store.put(active(i, round));
            }
        }
        store.saveEndpoint(TestBindings.bareEndpoint());
        Path journal = dir().resolve(JournalLeaseStore.JOURNAL_FILE);
        long records = Files.size(journal) / frameLength(active(0, 0));
        assertTrue(records < 100, "journal was compacted, holds about " + records + " records");
        Map<Resource, Binding> expected = snapshot(store);
        ((JournalLeaseStore) store).compact();
        assertEquals(HEADER, Files.size(journal), "the journal of the next generation holds only its header");
        try (JournalLeaseStore copy = JournalLeaseStore.open(crashCopy(), NO_AUTO_COMPACTION)) {
            assertEquals(expected, snapshot(copy));
            assertEquals(30, copy.size());
            assertEquals(Optional.of(TestBindings.bareEndpoint()), copy.loadEndpoint());
        }
    }

    @Test
    void compactionWaitsLongerAsTheSnapshotGrows() throws Exception {
        store.close();
        store = JournalLeaseStore.open(dir(), JournalOptions.defaults().withCompactAfter(100, Long.MAX_VALUE));
        Path journal = dir().resolve(JournalLeaseStore.JOURNAL_FILE);
        // Snapshots after 100, 200 and 400 distinct bindings; the next one is due after 400 more writes.
        for (int i = 0; i < 550; i++) {
            store.put(active(i, 0));
        }
        long records = (Files.size(journal) - HEADER) / frameLength(active(0, 0));
        assertEquals(150, records, "a snapshot of 400 bindings is not rewritten after 100 writes");
        for (int i = 550; i < 800; i++) {
            store.put(active(i, 0));
        }
        records = (Files.size(journal) - HEADER) / frameLength(active(0, 0));
        assertTrue(records < 100, "compacted after as many writes as the snapshot held: " + records);
        try (JournalLeaseStore copy = JournalLeaseStore.open(crashCopy(), NO_AUTO_COMPACTION)) {
            assertEquals(800, copy.size());
        }
    }

    @Test
    void aSecondOpenOfTheSameDirectoryFailsClearly() {
        LeaseStoreException e = assertThrows(LeaseStoreException.class, () -> JournalLeaseStore.open(dir()));
        assertTrue(e.getMessage().contains(dir() + " is already open"), e.getMessage());
    }

    @Test
    void groupCommitCoversManyPutsWithOneFlush() throws Exception {
        JournalLeaseStore journal = (JournalLeaseStore) store;
        int threads = 8;
        int perThread = 250;
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long flushesBefore = journal.flushCount();
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        journal.put(active(thread * perThread + i, i));
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        long flushes = journal.flushCount() - flushesBefore;
        int puts = threads * perThread;
        System.out.printf("group commit: %d puts, %d fsyncs, %.3f fsyncs per put%n", puts, flushes,
                (double) flushes / puts);
        assertEquals(puts, journal.size());
        assertTrue(flushes < puts, "expected batching, got " + flushes + " fsyncs for " + puts + " puts");
    }

    @Test
    void anInterruptedWriterDoesNotBreakTheStore() throws Exception {
        Thread.currentThread().interrupt();
        try {
            store.put(active(1, 1));
        } catch (LeaseStoreException e) {
            assertTrue(e.getMessage().contains("interrupted"), e.getMessage());
        } finally {
            Thread.interrupted();
        }
        store.put(active(2, 1));
        Thread.currentThread().interrupt();
        try {
            ((JournalLeaseStore) store).compact();
        } finally {
            assertTrue(Thread.interrupted(), "the interrupt is kept for the caller");
        }
        store.put(active(3, 1));
        assertEquals(3, snapshot(reopen()).size());
    }

    @Test
    void putAllUsesOneFlush() throws Exception {
        JournalLeaseStore journal = (JournalLeaseStore) store;
        long before = journal.flushCount();
        List<Binding> batch = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            batch.add(active(i, 1));
        }
        journal.putAll(batch);
        assertEquals(1, journal.flushCount() - before);
        assertEquals(100, journal.size());
    }
}
