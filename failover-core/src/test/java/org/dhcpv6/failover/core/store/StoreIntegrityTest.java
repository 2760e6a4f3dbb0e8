package org.dhcpv6.failover.core.store;

import static org.dhcpv6.failover.core.testfixtures.TestBindings.active;
import static org.dhcpv6.failover.core.testfixtures.TestBindings.address;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.dhcpv6.failover.api.Binding;
import org.dhcpv6.failover.api.LeaseStoreException;
import org.dhcpv6.failover.api.Resource;
import org.dhcpv6.failover.core.testfixtures.TestBindings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every way the snapshot and journal can stop belonging together (issue 17, finding 1): each is
 * refused with a {@link StoreIntegrityException}, where the store of be90e0a opened on part of its
 * bindings. And the cases that must still open: a crash inside a compaction, and a store of the
 * previous format (docs/decisions/0001-store-generations.md).
 */
class StoreIntegrityTest {

    private static final JournalOptions MANUAL = JournalOptions.defaults().withCompactAfter(Long.MAX_VALUE,
            Long.MAX_VALUE);

    @TempDir
    Path temp;

    private Path dir() {
        return temp.resolve("store");
    }

    private Path journal() {
        return dir().resolve(JournalLeaseStore.JOURNAL_FILE);
    }

    private Path snapshot() {
        return dir().resolve(JournalLeaseStore.SNAPSHOT_FILE);
    }

    private void putJournalRecords(JournalLeaseStore s, int from, int to) throws LeaseStoreException {
        for (int i = from; i < to; i++) {
            s.put(active(i, 1));
        }
    }

    /** Opens, writes 10 bindings into a snapshot and 5 into the journal, and "crashes" (copies the files). */
    private Path crashedStore(String name) throws Exception {
        Path copy = Files.createDirectories(temp.resolve(name));
        try (JournalLeaseStore s = JournalLeaseStore.open(dir(), MANUAL)) {
            putJournalRecords(s, 0, 10);
            s.compact();
            putJournalRecords(s, 10, 15);
            copyFiles(dir(), copy);
        }
        return copy;
    }

    private static void copyFiles(Path from, Path to) throws Exception {
        for (String f : List.of(JournalLeaseStore.JOURNAL_FILE, JournalLeaseStore.SNAPSHOT_FILE)) {
            if (Files.exists(from.resolve(f))) {
                Files.copy(from.resolve(f), to.resolve(f), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private static StoreIntegrityException refused(Path dir, String expected) {
        StoreIntegrityException e = assertThrows(StoreIntegrityException.class,
                () -> JournalLeaseStore.open(dir, MANUAL).close());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertTrue(e.getMessage().contains("move the directory aside"), e.getMessage());
        return e;
    }

    @Test
    void aJournalTruncatedToZeroNextToASnapshotIsRefused() throws Exception {
        Path store = crashedStore("c");
        Files.write(store.resolve(JournalLeaseStore.JOURNAL_FILE), new byte[0]);
        refused(store, "the journal is empty");
    }

    @Test
    void aRemovedJournalIsRefused() throws Exception {
        Path store = crashedStore("c");
        Files.delete(store.resolve(JournalLeaseStore.JOURNAL_FILE));
        refused(store, "the journal is missing");
    }

    @Test
    void aJournalOfAnotherStoreIsRefused() throws Exception {
        Path store = crashedStore("c");
        Path other = temp.resolve("other");
        try (JournalLeaseStore s = JournalLeaseStore.open(other, MANUAL)) {
            putJournalRecords(s, 100, 103);
            s.compact();
            putJournalRecords(s, 103, 105);
            Files.copy(other.resolve(JournalLeaseStore.JOURNAL_FILE), store.resolve(JournalLeaseStore.JOURNAL_FILE),
                    StandardCopyOption.REPLACE_EXISTING);
        }
        refused(store, "the journal belongs to store");
    }

    @Test
    void aSnapshotReplacedByAnOlderOneIsRefused() throws Exception {
        Path old = Files.createDirectories(temp.resolve("old"));
        try (JournalLeaseStore s = JournalLeaseStore.open(dir(), MANUAL)) {
            putJournalRecords(s, 0, 5);
            s.compact();
            copyFiles(dir(), old);
            putJournalRecords(s, 5, 10);
            s.compact();
            putJournalRecords(s, 10, 12);
        }
        // close() compacted again (generation 3); the snapshot of generation 1 comes back.
        Files.copy(old.resolve(JournalLeaseStore.SNAPSHOT_FILE), snapshot(), StandardCopyOption.REPLACE_EXISTING);
        refused(dir(), "the snapshot (generation 1) is older than the journal (generation 3)");
    }

    @Test
    void aRemovedSnapshotIsRefused() throws Exception {
        Path store = crashedStore("c");
        Files.delete(store.resolve(JournalLeaseStore.SNAPSHOT_FILE));
        refused(store, "the snapshot is missing");
    }

    @Test
    void anOlderJournalOfTheSameStoreIsRefused() throws Exception {
        Path old = Files.createDirectories(temp.resolve("old"));
        try (JournalLeaseStore s = JournalLeaseStore.open(dir(), MANUAL)) {
            putJournalRecords(s, 0, 5);
            copyFiles(dir(), old);
            s.compact();
            putJournalRecords(s, 5, 10);
            s.compact();
        }
        Files.copy(old.resolve(JournalLeaseStore.JOURNAL_FILE), journal(), StandardCopyOption.REPLACE_EXISTING);
        refused(dir(), "is not the one that follows the snapshot");
    }

    @Test
    void aShorterCopyOfThePreviousGenerationsJournalIsRefused() throws Exception {
        // An earlier copy of the journal the snapshot absorbed: not of the size the snapshot recorded,
        // so no crash left it there, and the journal that did follow the snapshot is gone.
        Path old = Files.createDirectories(temp.resolve("old"));
        try (JournalLeaseStore s = JournalLeaseStore.open(dir(), MANUAL)) {
            putJournalRecords(s, 0, 3);
            copyFiles(dir(), old);
            putJournalRecords(s, 3, 5);
            s.compact();
            putJournalRecords(s, 5, 8);
            copyFiles(dir(), temp);
        }
        Files.copy(temp.resolve(JournalLeaseStore.SNAPSHOT_FILE), snapshot(), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(old.resolve(JournalLeaseStore.JOURNAL_FILE), journal(), StandardCopyOption.REPLACE_EXISTING);
        refused(dir(), "is not the one that follows the snapshot");
    }

    @Test
    void aCrashBetweenTheSnapshotRenameAndTheNewJournalOpensWithEverything() throws Exception {
        Path window = Files.createDirectories(temp.resolve("window"));
        Map<Resource, Binding> expected = new HashMap<>();
        try (JournalLeaseStore s = JournalLeaseStore.open(dir(), MANUAL)) {
            putJournalRecords(s, 0, 7);
            copyFiles(dir(), window);
            s.compact();
            s.forEach(b -> expected.put(b.resource(), b));
            // The new snapshot, next to the journal it absorbed: the state right after the rename.
            Files.copy(snapshot(), window.resolve(JournalLeaseStore.SNAPSHOT_FILE),
                    StandardCopyOption.REPLACE_EXISTING);
        }
        try (JournalLeaseStore s = JournalLeaseStore.open(window, MANUAL)) {
            Map<Resource, Binding> loaded = new HashMap<>();
            s.forEach(b -> loaded.put(b.resource(), b));
            assertEquals(expected, loaded);
            s.put(active(50, 1));
        }
        try (JournalLeaseStore s = JournalLeaseStore.open(window, MANUAL)) {
            assertEquals(8, s.size());
        }
    }

    @Test
    void aStoreOfThePreviousFormatOpensAndIsUpgraded() throws Exception {
        // Before headers: a snapshot of frames closed by an end record, a journal of bare frames.
        Files.createDirectories(dir());
        ByteArrayOutputStream legacySnapshot = new ByteArrayOutputStream();
        for (int i = 0; i < 4; i++) {
            legacySnapshot.write(RecordCodec.encode(new StoreRecord.BindingPut(active(i, 1))));
        }
        legacySnapshot.write(RecordCodec.encode(new StoreRecord.EndpointSave(TestBindings.bareEndpoint())));
        legacySnapshot.write(RecordCodec.encode(new StoreRecord.SnapshotEnd(4)));
        Files.write(snapshot(), legacySnapshot.toByteArray());
        ByteArrayOutputStream legacyJournal = new ByteArrayOutputStream();
        legacyJournal.write(RecordCodec.encode(new StoreRecord.BindingPut(active(3, 2))));
        legacyJournal.write(RecordCodec.encode(new StoreRecord.BindingPut(active(4, 1))));
        Files.write(journal(), legacyJournal.toByteArray());

        try (JournalLeaseStore s = JournalLeaseStore.open(dir(), MANUAL)) {
            assertEquals(5, s.size());
            assertEquals(Optional.of(active(3, 2)), s.get(address(3)));
            assertEquals(Optional.of(TestBindings.bareEndpoint()), s.loadEndpoint());
            assertFalse(Files.exists(snapshot()), "the upgraded journal holds what the old snapshot held");
            s.put(active(5, 1));
        }
        try (JournalLeaseStore s = JournalLeaseStore.open(dir(), MANUAL)) {
            assertEquals(6, s.size());
            assertEquals(Optional.of(TestBindings.bareEndpoint()), s.loadEndpoint());
        }
        // And now the upgraded store has headers: emptying its journal is caught.
        Files.write(journal(), new byte[0]);
        refused(dir(), "the journal is empty");
    }

    @Test
    void anUpgradeInterruptedBeforeTheOldSnapshotWasDeletedFinishes() throws Exception {
        Files.createDirectories(dir());
        ByteArrayOutputStream legacySnapshot = new ByteArrayOutputStream();
        legacySnapshot.write(RecordCodec.encode(new StoreRecord.BindingPut(active(1, 1))));
        legacySnapshot.write(RecordCodec.encode(new StoreRecord.SnapshotEnd(1)));
        Files.write(snapshot(), legacySnapshot.toByteArray());
        // What the upgrade wrote before the crash: the whole state in a journal of generation 0.
        try (JournalFile upgraded = JournalFile.create(journal(), new StoreRecord.StoreHeader(7, 0, 0, true),
                List.of(new StoreRecord.BindingPut(active(1, 1)), new StoreRecord.BindingPut(active(2, 1))), false,
                DiskFaults.NONE)) {
            assertEquals(2, JournalFile.scan(upgraded.path()).records().size());
        }
        try (JournalLeaseStore s = JournalLeaseStore.open(dir(), MANUAL)) {
            assertEquals(2, s.size());
            assertFalse(Files.exists(snapshot()));
        }
    }

    @Test
    void aLostJournalWithoutSnapshotIsAnEmptyStoreWhichTheEngineTreatsAsLost() throws Exception {
        // Generation 0 has no snapshot: without its journal nothing is left, and an empty store
        // starts in RECOVER and asks for everything (EndpointStates: no endpoint record).
        try (JournalLeaseStore s = JournalLeaseStore.open(dir(), MANUAL)) {
            putJournalRecords(s, 0, 3);
            s.saveEndpoint(TestBindings.fullEndpoint());
        }
        // Both files gone: nothing is left, which the store says by being empty.
        Files.delete(snapshot());
        Files.delete(journal());
        try (JournalLeaseStore s = JournalLeaseStore.open(dir(), MANUAL)) {
            assertEquals(0, s.size());
            assertEquals(Optional.empty(), s.loadEndpoint());
        }
    }

    @Test
    void storeFilesAreOwnerOnly() throws Exception {
        List<String> temporary = new java.util.ArrayList<>();
        DiskFaults watch = file -> {
            if (file.getFileName().toString().endsWith(".tmp")) {
                temporary.add(file.getFileName() + " " + PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(file)));
            }
        };
        try (JournalLeaseStore s = JournalLeaseStore.open(dir(), MANUAL, watch, System::nanoTime)) {
            s.put(active(1, 1));
            s.compact();
            s.put(active(2, 1));
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir())));
            for (String f : List.of(JournalLeaseStore.JOURNAL_FILE, JournalLeaseStore.SNAPSHOT_FILE, "lock")) {
                assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir().resolve(f))),
                        f);
            }
        }
        assertTrue(temporary.contains("bindings.snapshot.tmp rw-------"), temporary.toString());
        assertTrue(temporary.contains("bindings.journal.tmp rw-------"), temporary.toString());
        assertTrue(temporary.stream().allMatch(t -> t.endsWith(" rw-------")), temporary.toString());
    }

    @Test
    void filesLeftReadableByAnEarlierVersionBecomeOwnerOnlyOnOpen() throws Exception {
        try (JournalLeaseStore s = JournalLeaseStore.open(dir(), MANUAL)) {
            s.put(active(1, 1));
            s.compact();
        }
        for (String f : List.of(JournalLeaseStore.JOURNAL_FILE, JournalLeaseStore.SNAPSHOT_FILE, "lock")) {
            Files.setPosixFilePermissions(dir().resolve(f), PosixFilePermissions.fromString("rw-r--r--"));
        }
        try (JournalLeaseStore s = JournalLeaseStore.open(dir(), MANUAL)) {
            for (String f : List.of(JournalLeaseStore.JOURNAL_FILE, JournalLeaseStore.SNAPSHOT_FILE, "lock")) {
                assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir().resolve(f))),
                        f);
            }
        }
    }
}
