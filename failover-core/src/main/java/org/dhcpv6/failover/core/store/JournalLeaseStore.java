package org.dhcpv6.failover.core.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.dhcpv6.failover.api.Binding;
import org.dhcpv6.failover.api.EndpointRecord;
import org.dhcpv6.failover.api.LeaseStore;
import org.dhcpv6.failover.api.LeaseStoreException;
import org.dhcpv6.failover.api.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded durable {@link LeaseStore}: an append-only journal plus a periodic snapshot in one
 * directory, with the current state held in memory for reads.
 *
 * <p><b>Files.</b> {@code bindings.snapshot} holds the whole state as of the last compaction;
 * {@code bindings.journal} holds every write since, as CRC-checked frames; {@code lock} keeps a
 * second store (in this or another process) out. Opening loads the snapshot, replays the journal,
 * and drops a torn last record left by a crash; any other damage fails the open with the file and
 * byte offset, rather than loading part of the data.
 *
 * <p><b>Writes.</b> {@link #put}, {@link #putAll} and {@link #saveEndpoint} return once a
 * {@code force} covering the write has completed. Concurrent writers share forces (group commit);
 * {@link #flushCount()} shows how many happened. After an I/O failure every call throws. A write
 * is visible to readers as soon as it is appended, slightly before its put returns.
 *
 * <p><b>Compaction</b> runs when the journal passes {@link JournalOptions#compactAfterRecords()} or
 * {@link JournalOptions#compactAfterBytes()}, on {@link #compact()} and on {@link #close()}; it
 * blocks writers while the snapshot is written.
 *
 * <p>Thread-safe.
 */
public final class JournalLeaseStore implements LeaseStore {

    /** Name of the journal file inside the store directory. */
    public static final String JOURNAL_FILE = "bindings.journal";
    /** Name of the snapshot file inside the store directory. */
    public static final String SNAPSHOT_FILE = "bindings.snapshot";

    private static final Logger LOG = LoggerFactory.getLogger(JournalLeaseStore.class);

    private final Path directory;
    private final DirectoryLock directoryLock;
    private final Map<Resource, Binding> bindings;
    private volatile EndpointRecord endpoint;
    private final GroupCommitter committer;

    private JournalLeaseStore(Path directory, DirectoryLock directoryLock, Map<Resource, Binding> bindings,
            EndpointRecord endpoint, JournalFile journal, long journalRecords, JournalOptions options) {
        this.directory = directory;
        this.directoryLock = directoryLock;
        this.bindings = bindings;
        this.endpoint = endpoint;
        Path snapshot = directory.resolve(SNAPSHOT_FILE);
        this.committer = new GroupCommitter(journal, journalRecords, options,
                () -> SnapshotFile.write(snapshot, bindings.values(), this.endpoint, options.fsync()));
    }

    /** Opens (creating if needed) the store in {@code directory} with {@link JournalOptions#defaults()}. */
    public static JournalLeaseStore open(Path directory) throws LeaseStoreException {
        return open(directory, JournalOptions.defaults());
    }

    /**
     * Opens (creating if needed) the store in {@code directory}, recovering its state.
     *
     * @throws LeaseStoreException if the directory is locked by another store, cannot be read, or holds
     *     a damaged snapshot or journal (the message names the file and byte offset)
     */
    public static JournalLeaseStore open(Path directory, JournalOptions options) throws LeaseStoreException {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(options, "options");
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new LeaseStoreException("cannot create store directory " + directory + ": " + e.getMessage(), e);
        }
        DirectoryLock lock = DirectoryLock.acquire(directory);
        try {
            Path snapshot = directory.resolve(SNAPSHOT_FILE);
            Files.deleteIfExists(SnapshotFile.tempOf(snapshot));
            Map<Resource, Binding> bindings = new ConcurrentHashMap<>();
            EndpointRecord[] endpoint = new EndpointRecord[1];
            List<StoreRecord> snapshotRecords = SnapshotFile.read(snapshot);
            snapshotRecords.forEach(r -> apply(r, bindings, endpoint));
            List<StoreRecord> journalRecords = new ArrayList<>();
            JournalFile journal = JournalFile.recover(directory.resolve(JOURNAL_FILE), journalRecords);
            journalRecords.forEach(r -> apply(r, bindings, endpoint));
            LOG.info("store {}: opened with {} bindings ({} snapshot records, {} journal records)", directory,
                    bindings.size(), snapshotRecords.size(), journalRecords.size());
            return new JournalLeaseStore(directory, lock, bindings, endpoint[0], journal, journalRecords.size(),
                    options);
        } catch (IOException e) {
            releaseAfterFailedOpen(lock, e);
            throw new LeaseStoreException("cannot open store " + directory + ": " + e.getMessage(), e);
        } catch (LeaseStoreException | RuntimeException e) {
            releaseAfterFailedOpen(lock, e);
            throw e;
        }
    }

    private static void releaseAfterFailedOpen(DirectoryLock lock, Exception failure) {
        try {
            lock.close();
        } catch (IOException suppressed) {
            failure.addSuppressed(suppressed);
        }
    }

    private static void apply(StoreRecord r, Map<Resource, Binding> bindings, EndpointRecord[] endpoint) {
        if (r instanceof StoreRecord.BindingPut put) {
            bindings.put(put.binding().resource(), put.binding());
        } else if (r instanceof StoreRecord.EndpointSave save) {
            endpoint[0] = save.endpoint();
        }
    }

    /** The directory this store lives in. */
    public Path directory() {
        return directory;
    }

    @Override
    public Optional<Binding> get(Resource resource) throws LeaseStoreException {
        Objects.requireNonNull(resource, "resource");
        committer.checkUsable();
        return Optional.ofNullable(bindings.get(resource));
    }

    @Override
    public void put(Binding binding) throws LeaseStoreException {
        byte[] frame = RecordCodec.encode(new StoreRecord.BindingPut(binding));
        committer.awaitDurable(committer.append(new byte[][] {frame}, () -> bindings.put(binding.resource(), binding)));
    }

    /** Stores all {@code bindings} with one append and (usually) one force. */
    @Override
    public void putAll(Collection<Binding> all) throws LeaseStoreException {
        List<Binding> copy = List.copyOf(all);
        byte[][] frames = new byte[copy.size()][];
        for (int i = 0; i < frames.length; i++) {
            frames[i] = RecordCodec.encode(new StoreRecord.BindingPut(copy.get(i)));
        }
        committer.awaitDurable(committer.append(frames, () -> copy.forEach(b -> bindings.put(b.resource(), b))));
    }

    @Override
    public void forEach(Consumer<? super Binding> action) throws LeaseStoreException {
        Objects.requireNonNull(action, "action");
        committer.checkUsable();
        bindings.values().forEach(action);
    }

    @Override
    public long size() throws LeaseStoreException {
        committer.checkUsable();
        return bindings.size();
    }

    @Override
    public Optional<EndpointRecord> loadEndpoint() throws LeaseStoreException {
        committer.checkUsable();
        return Optional.ofNullable(endpoint);
    }

    @Override
    public void saveEndpoint(EndpointRecord record) throws LeaseStoreException {
        byte[] frame = RecordCodec.encode(new StoreRecord.EndpointSave(record));
        committer.awaitDurable(committer.append(new byte[][] {frame}, () -> endpoint = record));
    }

    /** Writes a snapshot and empties the journal now, blocking writers meanwhile. */
    public void compact() throws LeaseStoreException {
        committer.compact();
    }

    /** How many batch flushes (forces, when fsync is on) the journal has done since open. */
    public long flushCount() {
        return committer.flushCount();
    }

    /** Flushes, compacts and releases the files and the directory lock; closing twice does nothing. */
    @Override
    public void close() throws LeaseStoreException {
        try {
            committer.close();
        } finally {
            try {
                directoryLock.close();
            } catch (IOException e) {
                LOG.warn("store {}: releasing the directory lock failed: {}", directory, e.toString());
            }
        }
    }
}
