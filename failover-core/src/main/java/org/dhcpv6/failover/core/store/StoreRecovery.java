package org.dhcpv6.failover.core.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.dhcpv6.failover.api.Binding;
import org.dhcpv6.failover.api.EndpointRecord;
import org.dhcpv6.failover.api.LeaseStoreException;
import org.dhcpv6.failover.api.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads a store directory and checks that its snapshot and journal belong together: same store
 * id, and the journal of the snapshot's generation (or, after a crash in compaction, the one
 * before it, of exactly the size the snapshot absorbed). Anything else is refused with a
 * {@link StoreIntegrityException}. A store of the previous format (no headers) is upgraded.
 * The cases and why: docs/decisions/0001-store-generations.md.
 */
final class StoreRecovery {

    private static final Logger LOG = LoggerFactory.getLogger(StoreRecovery.class);
    private static final SecureRandom IDS = new SecureRandom();

    /** The loaded state and the journal to append to. */
    record Recovered(Map<Resource, Binding> bindings, EndpointRecord endpoint, JournalFile journal,
            long journalRecords) {
    }

    private final Path directory;
    private final Path snapshotPath;
    private final Path journalPath;
    private final boolean fsync;
    private final DiskFaults faults;
    private final Map<Resource, Binding> bindings = new ConcurrentHashMap<>();
    private EndpointRecord endpoint;

    private StoreRecovery(Path directory, boolean fsync, DiskFaults faults) {
        this.directory = directory;
        this.snapshotPath = directory.resolve(JournalLeaseStore.SNAPSHOT_FILE);
        this.journalPath = directory.resolve(JournalLeaseStore.JOURNAL_FILE);
        this.fsync = fsync;
        this.faults = faults;
    }

    /** Loads the store in {@code directory}, which the caller has locked. */
    static Recovered load(Path directory, boolean fsync, DiskFaults faults) throws LeaseStoreException, IOException {
        return new StoreRecovery(directory, fsync, faults).load();
    }

    private Recovered load() throws LeaseStoreException, IOException {
        Files.deleteIfExists(SnapshotFile.tempOf(snapshotPath));
        Files.deleteIfExists(journalPath.resolveSibling(journalPath.getFileName() + ".tmp"));
        PrivateFiles.restrict(snapshotPath);
        SnapshotFile.Contents snapshot = SnapshotFile.read(snapshotPath);
        JournalFile.Scan journal = JournalFile.scan(journalPath);
        StoreRecord.StoreHeader jh = journal.header();
        if (jh == null && journal.validLength() > 0) {
            // Records but no header: a journal of the previous format.
            if (snapshot != null && snapshot.header() != null) {
                throw refused("its journal has no store header (previous format or another store) next to a snapshot"
                        + " of generation " + snapshot.header().generation());
            }
            return upgrade(snapshot, journal);
        }
        if (snapshot == null) {
            if (jh == null) {
                return fresh();
            }
            if (jh.generation() > 0) {
                throw refused("the snapshot is missing, but the journal (generation " + jh.generation()
                        + ") follows one");
            }
            return continueJournal(journal, "journal only");
        }
        StoreRecord.StoreHeader sh = snapshot.header();
        if (sh == null) {
            if (jh == null) {
                return upgrade(snapshot, journal);
            }
            if (jh.generation() == 0 && jh.absorbedLegacySnapshot()) {
                // The upgrade put its journal in place but crashed before deleting the old snapshot.
                deleteLegacySnapshot();
                return continueJournal(journal, "upgrade finished");
            }
            throw refused("its snapshot has no store header (previous format) but the journal is of generation "
                    + jh.generation() + " of store " + jh.id());
        }
        if (jh == null) {
            throw refused(journal.exists() ? "the journal is empty, but the snapshot (generation " + sh.generation()
                    + ") is always followed by a journal with a header"
                    : "the journal is missing next to the snapshot (generation " + sh.generation() + ")");
        }
        if (jh.storeId() != sh.storeId()) {
            throw refused("the journal belongs to store " + jh.id() + ", the snapshot to store " + sh.id());
        }
        if (jh.generation() == sh.generation()) {
            apply(snapshot.records());
            return continueJournal(journal, "snapshot generation " + sh.generation());
        }
        if (jh.generation() == sh.generation() - 1 && journal.validLength() == sh.absorbedJournalBytes()) {
            // A compaction crashed after the snapshot's rename: the snapshot holds this whole journal.
            apply(snapshot.records());
            LOG.warn("store {}: finishing an interrupted compaction (generation {})", directory, sh.generation());
            return new Recovered(bindings, endpoint,
                    JournalFile.create(journalPath, sh.journalAfter(), List.of(), fsync, faults), 0);
        }
        throw refused(jh.generation() > sh.generation()
                ? "the snapshot (generation " + sh.generation() + ") is older than the journal (generation "
                        + jh.generation() + ")"
                : "the journal (generation " + jh.generation() + ", " + journal.validLength()
                        + " bytes) is not the one that follows the snapshot (generation " + sh.generation() + ")");
    }

    private Recovered fresh() throws IOException {
        StoreRecord.StoreHeader header = new StoreRecord.StoreHeader(IDS.nextLong(), 0, 0, false);
        LOG.info("store {}: new store {}", directory, header.id());
        return new Recovered(bindings, null, JournalFile.create(journalPath, header, List.of(), fsync, faults), 0);
    }

    private Recovered continueJournal(JournalFile.Scan journal, String how) throws IOException {
        apply(journal.records());
        LOG.debug("store {}: {}", directory, how);
        return new Recovered(bindings, endpoint, JournalFile.continueScanned(journalPath, journal, fsync, faults),
                journal.records().size());
    }

    /**
     * A store of the previous format: its whole state goes into a journal of generation 0 that says
     * it absorbed the old snapshot, put in place by a rename; then the old snapshot goes.
     */
    private Recovered upgrade(SnapshotFile.Contents snapshot, JournalFile.Scan journal) throws IOException {
        if (snapshot != null) {
            apply(snapshot.records());
        }
        apply(journal.records());
        List<StoreRecord> state = new ArrayList<>(bindings.size() + 1);
        bindings.values().forEach(b -> state.add(new StoreRecord.BindingPut(b)));
        if (endpoint != null) {
            state.add(new StoreRecord.EndpointSave(endpoint));
        }
        StoreRecord.StoreHeader header = new StoreRecord.StoreHeader(IDS.nextLong(), 0, 0, snapshot != null);
        JournalFile upgraded = JournalFile.create(journalPath, header, state, fsync, faults);
        if (snapshot != null) {
            deleteLegacySnapshot();
        }
        LOG.info("store {}: upgraded from the previous format ({} bindings) as store {}", directory,
                bindings.size(), header.id());
        return new Recovered(bindings, endpoint, upgraded, state.size());
    }

    private void deleteLegacySnapshot() throws IOException {
        Files.deleteIfExists(snapshotPath);
        if (fsync) {
            SnapshotFile.forceDirectory(directory);
        }
    }

    private void apply(List<StoreRecord> records) {
        for (StoreRecord r : records) {
            if (r instanceof StoreRecord.BindingPut put) {
                bindings.put(put.binding().resource(), put.binding());
            } else if (r instanceof StoreRecord.EndpointSave save) {
                endpoint = save.endpoint();
            }
        }
    }

    private StoreIntegrityException refused(String what) {
        return new StoreIntegrityException("store " + directory + " refused: " + what + ". Opening it would load"
                + " only part of the bindings. Put back the files this store last wrote, or move the directory"
                + " aside: the server then starts with empty storage in RECOVER and fetches every binding from"
                + " its partner (UPDREQALL)");
    }
}
