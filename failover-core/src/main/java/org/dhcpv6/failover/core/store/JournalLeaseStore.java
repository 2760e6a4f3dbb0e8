package org.dhcpv6.failover.core.store;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
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
 * second store (in this or another process) out. All are created owner-only (0600; the directory
 * 0700 when the store creates it), since they name every client. Both data files start with the
 * store's id and generation: opening loads the snapshot, checks that the journal is the one that
 * follows it, replays it and drops a torn last record left by a crash. A missing, emptied or
 * foreign journal, a missing snapshot or one older than the journal, or any other damage fails the
 * open ({@link StoreIntegrityException} for mismatched files) rather than loading part of the data
 * (docs/decisions/0001-store-generations.md). A store written by the previous format (no headers)
 * is upgraded on open.
 *
 * <p><b>Writes.</b> {@link #put}, {@link #putAll} and {@link #saveEndpoint} return once a
 * {@code force} covering the write has completed. Concurrent writers share forces (group commit);
 * {@link #flushCount()} shows how many happened. A write is visible to readers as soon as it is
 * appended, slightly before its put returns. {@link #putAsync} appends and returns at once; a
 * flusher thread of the store forces the batch and completes the stage, so one force covers every
 * asynchronous write in flight. {@link #putAllUnforced} only appends: its bindings go out with the
 * next force.
 *
 * <p><b>Failures.</b> After an I/O error (a full disk, say) every call throws until the store has
 * reopened its files: the next call after {@link JournalOptions#reopenDelay()} (doubling after each
 * failed try, up to a minute) reloads what is on disk, writes a new snapshot and journal and, if
 * that worked, goes on. Writes that failed stay not done. See {@link #available()}.
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

    /** The files as opened once: the state read from them and the committer writing to them. */
    private final class Opened {
        final Map<Resource, Binding> bindings;
        volatile EndpointRecord endpoint;
        final GroupCommitter committer;

        Opened(StoreRecovery.Recovered r) {
            this.bindings = r.bindings();
            this.endpoint = r.endpoint();
            Path snapshot = directory.resolve(SNAPSHOT_FILE);
            this.committer = new GroupCommitter(r.journal(), r.journalRecords(), options,
                    header -> SnapshotFile.write(snapshot, header, bindings.values(), endpoint, options.fsync(),
                            faults));
        }
    }

    private final Path directory;
    private final DirectoryLock directoryLock;
    private final JournalOptions options;
    private final DiskFaults faults;
    private final LongSupplier nanoTime;
    private final Object reopenLock = new Object();
    private volatile Opened opened;
    private volatile boolean closed;
    private Duration reopenDelay;
    private long nextReopenNanos;
    private int failedReopens;

    private JournalLeaseStore(Path directory, DirectoryLock directoryLock, StoreRecovery.Recovered recovered,
            JournalOptions options, DiskFaults faults, LongSupplier nanoTime) {
        this.directory = directory;
        this.directoryLock = directoryLock;
        this.options = options;
        this.faults = faults;
        this.nanoTime = nanoTime;
        this.opened = new Opened(recovered);
    }

    /** Opens (creating if needed) the store in {@code directory} with {@link JournalOptions#defaults()}. */
    public static JournalLeaseStore open(Path directory) throws LeaseStoreException {
        return open(directory, JournalOptions.defaults());
    }

    /**
     * Opens (creating if needed) the store in {@code directory}, recovering its state.
     *
     * @throws StoreIntegrityException if the snapshot and journal are not the files this store last
     *     wrote (the message says which and what to do)
     * @throws LeaseStoreException if the directory is locked by another store, cannot be read, or holds
     *     a damaged snapshot or journal (the message names the file and byte offset)
     */
    public static JournalLeaseStore open(Path directory, JournalOptions options) throws LeaseStoreException {
        return open(directory, options, DiskFaults.NONE, System::nanoTime);
    }

    /** With the disk faults and the clock of a test. */
    static JournalLeaseStore open(Path directory, JournalOptions options, DiskFaults faults, LongSupplier nanoTime)
            throws LeaseStoreException {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(options, "options");
        try {
            PrivateFiles.createDirectories(directory);
        } catch (IOException e) {
            throw new LeaseStoreException("cannot create store directory " + directory + ": " + e.getMessage(), e);
        }
        DirectoryLock lock = DirectoryLock.acquire(directory);
        try {
            StoreRecovery.Recovered r = StoreRecovery.load(directory, options.fsync(), faults);
            LOG.info("store {}: opened with {} bindings ({} journal records)", directory, r.bindings().size(),
                    r.journalRecords());
            return new JournalLeaseStore(directory, lock, r, options, faults, nanoTime);
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

    /** The directory this store lives in. */
    public Path directory() {
        return directory;
    }

    /**
     * Whether the store can write now: false after an I/O error until a reopen has worked. A host
     * may show it; the failover endpoint learns the same from failed writes.
     */
    public boolean available() {
        return !opened.committer.failed();
    }

    /** The files as open now; after a failure, reopens them when the back-off allows, else throws. */
    private Opened usable() throws LeaseStoreException {
        Opened o = opened;
        if (o.committer.failed()) {
            return reopen(o);
        }
        o.committer.checkUsable();
        return o;
    }

    /** A write failed; if it failed the files, the first reopen try is due one delay from now. */
    private LeaseStoreException failedWrite(Opened o, LeaseStoreException e) {
        if (o.committer.failed()) {
            synchronized (reopenLock) {
                startReopenClock(o);
            }
        }
        return e;
    }

    private void startReopenClock(Opened failed) {
        if (reopenDelay == null && opened == failed) {
            reopenDelay = options.reopenDelay();
            nextReopenNanos = nanoTime.getAsLong() + reopenDelay.toNanos();
        }
    }

    private Opened reopen(Opened failed) throws LeaseStoreException {
        synchronized (reopenLock) {
            if (opened != failed) {
                return opened;
            }
            if (closed) {
                throw new LeaseStoreException("journal store " + directory + " is closed");
            }
            long now = nanoTime.getAsLong();
            startReopenClock(failed);
            if (now - nextReopenNanos < 0) {
                failed.committer.checkUsable();
            }
            failed.committer.abandon();
            try {
                StoreRecovery.Recovered r = StoreRecovery.load(directory, options.fsync(), faults);
                Opened fresh = new Opened(r);
                // A new snapshot and journal, forced: proves the disk takes writes again, and makes
                // durable whatever a failed force may have left only in the page cache.
                fresh.committer.compact();
                opened = fresh;
                LOG.info("store {}: reopened after {} failed tries; {} bindings", directory, failedReopens,
                        fresh.bindings.size());
                reopenDelay = null;
                failedReopens = 0;
                return fresh;
            } catch (IOException | LeaseStoreException | RuntimeException e) {
                failedReopens++;
                reopenDelay = options.nextReopenDelay(reopenDelay);
                nextReopenNanos = now + reopenDelay.toNanos();
                // One line per try, and tries are at least a second apart (up to a minute): bounded.
                LOG.warn("store {}: reopen try {} failed ({}); next in {} s", directory, failedReopens, e.toString(),
                        reopenDelay.toSeconds());
                throw new LeaseStoreException("store " + directory + " is unavailable: reopening failed (" + e
                        + "); it tries again in " + reopenDelay.toSeconds() + " s", e);
            }
        }
    }

    @Override
    public Optional<Binding> get(Resource resource) throws LeaseStoreException {
        Objects.requireNonNull(resource, "resource");
        return Optional.ofNullable(usable().bindings.get(resource));
    }

    @Override
    public void put(Binding binding) throws LeaseStoreException {
        byte[] frame = RecordCodec.encode(new StoreRecord.BindingPut(binding));
        Opened o = usable();
        try {
            o.committer.awaitDurable(o.committer.append(new byte[][] {frame},
                    () -> o.bindings.put(binding.resource(), binding)));
        } catch (LeaseStoreException e) {
            throw failedWrite(o, e);
        }
    }

    /**
     * Appends the binding and returns; the stage completes on the store's flusher thread once a
     * force covers it, or exceptionally ({@link LeaseStoreException}) when the write or the force
     * failed (the store then reopens as after a failed {@link #put}).
     */
    @Override
    public CompletionStage<Void> putAsync(Binding binding) {
        Opened o;
        CompletableFuture<Void> flushed;
        try {
            byte[] frame = RecordCodec.encode(new StoreRecord.BindingPut(binding));
            o = usable();
            flushed = o.committer.appendAsync(new byte[][] {frame}, () -> o.bindings.put(binding.resource(), binding));
        } catch (LeaseStoreException | RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return flushed.whenComplete((ok, e) -> {
            if (e != null) {
                failedWrite(o, null);
            }
        });
    }

    /** Stores all {@code bindings} with one append and (usually) one force. */
    @Override
    public void putAll(Collection<Binding> all) throws LeaseStoreException {
        putBatch(all, true);
    }

    /**
     * Appends the bindings to the batch of the next flush and returns without starting or waiting
     * for one: whatever write forces next (or {@link #close}) forces these too, since the journal
     * is written in append order. Lost if the process or the machine dies before that. Once 256 KiB
     * of such writes wait, the store's flusher thread forces them without a caller waiting.
     */
    @Override
    public void putAllUnforced(Collection<Binding> all) throws LeaseStoreException {
        putBatch(all, false);
    }

    private void putBatch(Collection<Binding> all, boolean forced) throws LeaseStoreException {
        // The batch is encoded and applied before this returns, so a caller's list needs no copy.
        List<Binding> copy = all instanceof List<Binding> list ? list : List.copyOf(all);
        Opened o = usable();
        Runnable apply = () -> copy.forEach(b -> o.bindings.put(b.resource(), b));
        try {
            if (forced) {
                o.committer.awaitDurable(o.committer.appendBindings(copy, apply));
            } else {
                o.committer.appendBindingsUnforced(copy, apply);
            }
        } catch (LeaseStoreException e) {
            throw failedWrite(o, e);
        }
    }

    @Override
    public void forEach(Consumer<? super Binding> action) throws LeaseStoreException {
        Objects.requireNonNull(action, "action");
        usable().bindings.values().forEach(action);
    }

    @Override
    public long size() throws LeaseStoreException {
        return usable().bindings.size();
    }

    @Override
    public Optional<EndpointRecord> loadEndpoint() throws LeaseStoreException {
        return Optional.ofNullable(usable().endpoint);
    }

    @Override
    public void saveEndpoint(EndpointRecord record) throws LeaseStoreException {
        byte[] frame = RecordCodec.encode(new StoreRecord.EndpointSave(record));
        Opened o = usable();
        try {
            o.committer.awaitDurable(o.committer.append(new byte[][] {frame}, () -> o.endpoint = record));
        } catch (LeaseStoreException e) {
            throw failedWrite(o, e);
        }
    }

    /** Writes a snapshot and empties the journal now, blocking writers meanwhile. */
    public void compact() throws LeaseStoreException {
        Opened o = usable();
        try {
            o.committer.compact();
        } catch (LeaseStoreException e) {
            throw failedWrite(o, e);
        }
    }

    /** How many batch flushes (forces, when fsync is on) the journal has done since it was (re)opened. */
    public long flushCount() {
        return opened.committer.flushCount();
    }

    /** Flushes, compacts and releases the files and the directory lock; closing twice does nothing. */
    @Override
    public void close() throws LeaseStoreException {
        try {
            synchronized (reopenLock) {
                closed = true;
                opened.committer.close();
            }
        } finally {
            try {
                directoryLock.close();
            } catch (IOException e) {
                LOG.warn("store {}: releasing the directory lock failed: {}", directory, e.toString());
            }
        }
    }
}
