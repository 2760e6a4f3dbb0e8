package org.dhcpv6.failover.core.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.dhcpv6.failover.api.Binding;
import org.dhcpv6.failover.api.LeaseStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit over a {@link JournalFile}: writers append frames to one buffer and wait; whichever
 * waiter finds no flush running becomes the leader, writes the whole buffer and forces it once for
 * everyone in it, while new frames gather for the next batch. No dedicated thread, no spinning.
 *
 * <p>Any I/O error puts the committer into a failed state: every later call throws, because after a
 * failed force the kernel may have dropped dirty pages and a later force could wrongly succeed.
 * {@link JournalLeaseStore} then reopens the files into a new committer.
 *
 * <p>Writers that do not wait ({@link #appendAsync}) are made durable by one flusher thread,
 * started on the first such write and ended by close: it leads a flush whenever asynchronous
 * writes are waiting and none is running, so one force covers every write in flight, and
 * completes their futures outside the lock.
 */
final class GroupCommitter {

    /** Writes a snapshot of the store's current state; called with all appends blocked. */
    interface Checkpoint {
        /** Writes the snapshot, with this header, durably; returns how many records it holds. */
        long write(StoreRecord.StoreHeader header) throws IOException;
    }

    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitter.class);
    private static final int KEEP_BUFFER_BYTES = 1 << 20;
    /** Unforced bytes that may wait for someone else's flush; past it the flusher forces them. */
    static final int UNFORCED_LIMIT_BYTES = 256 * 1024;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition progress = lock.newCondition();
    private final Condition asyncWork = lock.newCondition();
    /** Futures of asynchronous writes not yet durable, in sequence order. */
    private final ArrayDeque<AsyncWrite> asyncWrites = new ArrayDeque<>();
    private Thread flusher;
    private final JournalFile journal;
    private final JournalOptions options;
    private final Checkpoint checkpoint;

    private byte[] pending = new byte[8192];
    private byte[] spare = new byte[8192];
    private int pendingLength;
    private long appendedSeq;
    private long durableSeq;
    private long journalRecords;
    /** Records in the last snapshot written: the journal may grow that long before the next. */
    private long snapshotRecords;
    private boolean flushing;
    private long flushCount;
    private volatile boolean closed;
    private volatile LeaseStoreException failure;

    GroupCommitter(JournalFile journal, long recoveredRecords, JournalOptions options, Checkpoint checkpoint) {
        this.journal = journal;
        this.journalRecords = recoveredRecords;
        this.options = options;
        this.checkpoint = checkpoint;
    }

    /**
     * Appends frames and runs {@code apply} under the same lock, so the in-memory state changes in
     * journal order. Returns the sequence number to pass to {@link #awaitDurable}. Appending starts
     * no flush.
     */
    long append(byte[][] frames, Runnable apply) throws LeaseStoreException {
        lock.lock();
        try {
            checkUsable();
            for (byte[] frame : frames) {
                reserve(pendingLength, frame.length);
                System.arraycopy(frame, 0, pending, pendingLength, frame.length);
                pendingLength += frame.length;
            }
            return recorded(frames.length, apply);
        } finally {
            lock.unlock();
        }
    }

    /**
     * As {@link #append}, for the records of {@code bindings}, encoded straight into the batch
     * buffer: no frame array per record and no copy. A record that fails to encode appends none
     * of them.
     */
    long appendBindings(List<Binding> bindings, Runnable apply) throws LeaseStoreException {
        lock.lock();
        try {
            checkUsable();
            int start = pendingLength;
            ByteBuffer buf = ByteBuffer.wrap(pending).position(start);
            try {
                for (int i = 0, n = bindings.size(); i < n; i++) {
                    if (reserve(buf.position(), RecordCodec.MAX_FRAME)) {
                        buf = ByteBuffer.wrap(pending).position(buf.position());
                    }
                    RecordCodec.encodeBinding(bindings.get(i), buf);
                }
            } catch (RuntimeException e) {
                pendingLength = start;
                throw e;
            }
            pendingLength = buf.position();
            return recorded(bindings.size(), apply);
        } finally {
            lock.unlock();
        }
    }

    /** Grows the batch buffer so that {@code extra} more bytes fit after {@code used}; true if it grew. */
    private boolean reserve(int used, int extra) {
        if (used + extra <= pending.length) {
            return false;
        }
        pending = Arrays.copyOf(pending, Math.max(pending.length * 2, used + extra));
        return true;
    }

    /** Past {@link #UNFORCED_LIMIT_BYTES} waiting, asks the flusher thread to force them; nobody waits. */
    private void flushInBackgroundPastLimit() throws LeaseStoreException {
        if (pendingLength >= UNFORCED_LIMIT_BYTES) {
            appendAsync(new byte[0][], () -> { });
        }
    }

    /** Counts {@code records} appended, applies their change and numbers the append. */
    private long recorded(int records, Runnable apply) {
        journalRecords += records;
        apply.run();
        return ++appendedSeq;
    }

    /** As {@link #appendUnforced}, encoding as {@link #appendBindings} does. */
    void appendBindingsUnforced(List<Binding> bindings, Runnable apply) throws LeaseStoreException {
        lock.lock();
        try {
            appendBindings(bindings, apply);
            flushInBackgroundPastLimit();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Appends frames nobody waits for: the next flush, or {@link #close}, forces them. Past {@link
     * #UNFORCED_LIMIT_BYTES} the flusher thread is asked for a flush (a failure fails the next write).
     */
    void appendUnforced(byte[][] frames, Runnable apply) throws LeaseStoreException {
        lock.lock();
        try {
            append(frames, apply);
            flushInBackgroundPastLimit();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Appends as {@link #append} and returns at once: the future completes when the frames are
     * forced, or exceptionally with a {@link LeaseStoreException} when the flush failed or the
     * committer was closed without it.
     */
    CompletableFuture<Void> appendAsync(byte[][] frames, Runnable apply) throws LeaseStoreException {
        CompletableFuture<Void> done = new CompletableFuture<>();
        lock.lock();
        try {
            asyncWrites.add(new AsyncWrite(append(frames, apply), done));
            if (flusher == null) {
                flusher = new Thread(this::flushLoop, "journal-flusher " + journal.path().getParent());
                flusher.setDaemon(true);
                flusher.start();
            }
            asyncWork.signal();
        } finally {
            lock.unlock();
        }
        return done;
    }

    private void flushLoop() {
        List<AsyncWrite> durable = new ArrayList<>();
        while (true) {
            LeaseStoreException failed = null;
            lock.lock();
            try {
                while (true) {
                    failed = failure;
                    if (failed == null && closed && !flushing && !asyncWrites.isEmpty()
                            && asyncWrites.peekFirst().seq() > durableSeq) {
                        failed = new LeaseStoreException("journal store " + journal.path().getParent()
                                + " closed before the write was flushed; treat it as not done");
                    }
                    while (!asyncWrites.isEmpty() && (failed != null || asyncWrites.peekFirst().seq() <= durableSeq)) {
                        durable.add(asyncWrites.pollFirst());
                    }
                    if (!durable.isEmpty()) {
                        break;
                    }
                    if (asyncWrites.isEmpty()) {
                        if (closed) {
                            flusher = null;
                            return;
                        }
                        asyncWork.awaitUninterruptibly();
                    } else if (flushing) {
                        progress.awaitUninterruptibly();
                    } else {
                        lead();
                    }
                }
            } finally {
                lock.unlock();
            }
            for (AsyncWrite w : durable) {
                if (failed == null) {
                    w.done().complete(null);
                } else {
                    w.done().completeExceptionally(new LeaseStoreException(failed.getMessage(), failed));
                }
            }
            durable.clear();
        }
    }

    private record AsyncWrite(long seq, CompletableFuture<Void> done) {
    }

    /** Returns once the frames of {@code seq} are forced; leads a flush itself if none is running. */
    void awaitDurable(long seq) throws LeaseStoreException {
        long deadline = System.nanoTime() + options.commitTimeout().toNanos();
        lock.lock();
        try {
            while (durableSeq < seq) {
                checkNotFailed();
                if (!flushing) {
                    if (closed) {
                        // close() flushes everything appended before it, so this is a caller bug.
                        checkUsable();
                    }
                    lead();
                    continue;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new CommitTimeoutException("journal " + journal.path() + ": write not confirmed durable within "
                            + options.commitTimeout() + "; it may still land with the flush under way");
                }
                progress.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LeaseStoreException("interrupted while waiting for journal " + journal.path()
                    + " to flush; treat the write as not done", e);
        } finally {
            lock.unlock();
        }
    }

    /** Flushes, writes a snapshot and empties the journal now. */
    void compact() throws LeaseStoreException {
        exclusively(false);
    }

    /** Flushes, compacts and closes the journal; waiters whose frames were flushed succeed. */
    void close() throws LeaseStoreException {
        exclusively(true);
    }

    /** How many forces (or, without fsync, writes) of batches have completed. */
    long flushCount() {
        lock.lock();
        try {
            return flushCount;
        } finally {
            lock.unlock();
        }
    }

    /** Whether an I/O error has put this committer out of use. */
    boolean failed() {
        return failure != null;
    }

    /** Closes the journal of a failed committer; writers still waiting get the failure. */
    void abandon() {
        lock.lock();
        try {
            closed = true;
            progress.signalAll();
            asyncWork.signalAll();
            closeJournal();
        } finally {
            lock.unlock();
        }
    }

    /** Throws if the store is closed or failed; cheap enough for every read. */
    void checkUsable() throws LeaseStoreException {
        checkNotFailed();
        if (closed) {
            throw new LeaseStoreException("journal store " + journal.path().getParent() + " is closed");
        }
    }

    private void exclusively(boolean closing) throws LeaseStoreException {
        lock.lock();
        try {
            if (closing && closed) {
                return;
            }
            if (!closing) {
                checkUsable();
            }
            while (flushing) {
                progress.awaitUninterruptibly();
            }
            // Set only now, so frames appended while we waited are still flushed below.
            closed |= closing;
            if (failure == null) {
                flushing = true;
                try {
                    compactLocked();
                } finally {
                    flushing = false;
                    progress.signalAll();
                }
            }
            if (closing) {
                closeJournal();
                asyncWork.signalAll();
            }
            checkNotFailed();
        } finally {
            lock.unlock();
        }
    }

    private void checkNotFailed() throws LeaseStoreException {
        LeaseStoreException f = failure;
        if (f != null) {
            throw new LeaseStoreException(f.getMessage(), f);
        }
    }

    private void closeJournal() {
        try {
            journal.close();
        } catch (IOException e) {
            LOG.warn("journal {}: close failed after a successful flush: {}", journal.path(), e.toString());
        }
    }

    private void lead() {
        flushing = true;
        try {
            flushPending(true);
            if (failure == null && compactionDue()) {
                compactLocked();
            }
        } finally {
            flushing = false;
            progress.signalAll();
        }
    }

    /**
     * Whether the journal has grown past the thresholds, scaled up by the size of the last snapshot:
     * rewriting a snapshot of n records after every fixed number of writes would cost O(n) per
     * write, while waiting until the journal is as long as the snapshot keeps compaction at a
     * constant share of the writes and replay on restart no longer than reading the snapshot.
     */
    private boolean compactionDue() {
        long scale = Math.max(1, snapshotRecords / options.compactAfterRecords());
        return journalRecords >= scaled(options.compactAfterRecords(), scale)
                || journal.size() >= scaled(options.compactAfterBytes(), scale);
    }

    private static long scaled(long threshold, long scale) {
        return threshold > Long.MAX_VALUE / scale ? Long.MAX_VALUE : threshold * scale;
    }

    /** Writes and forces the buffer; with {@code unlockForIo} other writers keep appending meanwhile. */
    private void flushPending(boolean unlockForIo) {
        if (pendingLength == 0) {
            durableSeq = appendedSeq;
            return;
        }
        byte[] batch = pending;
        int length = pendingLength;
        long batchEnd = appendedSeq;
        pending = spare;
        pendingLength = 0;
        IOException error = null;
        if (unlockForIo) {
            lock.unlock();
        }
        try {
            journal.append(batch, length);
            if (options.fsync()) {
                journal.force();
            }
        } catch (IOException e) {
            error = e;
        } finally {
            if (unlockForIo) {
                lock.lock();
            }
        }
        spare = batch.length <= KEEP_BUFFER_BYTES ? batch : new byte[8192];
        if (error != null) {
            fail("write or fsync failed", error);
        } else {
            durableSeq = batchEnd;
            flushCount++;
        }
    }

    /** Caller holds the lock and the flushing role, so nothing appends while the snapshot is cut. */
    private void compactLocked() {
        flushPending(false);
        if (failure != null) {
            return;
        }
        long started = System.nanoTime();
        long records = journalRecords;
        long bytes = journal.size();
        try {
            // The journal is complete and forced first; after a crash before reset() the snapshot says it
            // absorbed exactly this journal's bytes, and opening finishes the compaction (StoreRecovery).
            StoreRecord.StoreHeader next = journal.header().nextSnapshot(journal.size());
            snapshotRecords = checkpoint.write(next);
            journal.reset(next.journalAfter());
            journalRecords = 0;
            LOG.info("journal {}: compacted {} records ({} bytes) into a snapshot in {} ms", journal.path(),
                    records, bytes, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        } catch (IOException e) {
            fail("compaction failed", e);
        }
    }

    private void fail(String what, IOException cause) {
        failure = new LeaseStoreException("journal " + journal.path() + ": " + what + " (" + cause
                + "); the store refuses writes until it has reopened its files", cause);
        LOG.error("{}", failure.getMessage(), cause);
        progress.signalAll();
        asyncWork.signalAll();
    }
}
