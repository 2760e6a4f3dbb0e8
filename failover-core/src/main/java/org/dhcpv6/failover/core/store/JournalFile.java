package org.dhcpv6.failover.core.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousFileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.ExecutionException;
import com.google.common.util.concurrent.Uninterruptibles;
import org.dhcpv6.failover.api.LeaseStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The append-only journal: frames written at the end, forced on request, emptied after a snapshot
 * has taken over its content. Not thread-safe; {@link GroupCommitter} lets one thread at a time in.
 *
 * <p>It uses an {@link AsynchronousFileChannel} because a {@code FileChannel} closes itself when the
 * thread using it is interrupted, and the thread leading a group commit is some caller's thread:
 * one interrupted host thread would otherwise fail the whole store.
 */
final class JournalFile implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JournalFile.class);

    private final Path path;
    private final AsynchronousFileChannel channel;
    private long size;

    private JournalFile(Path path, AsynchronousFileChannel channel, long size) {
        this.path = path;
        this.channel = channel;
        this.size = size;
    }

    /**
     * Opens the journal at {@code path} (created if missing), hands its records to {@code sink} in
     * order, and cuts away a torn last record so new frames follow the last good one.
     */
    static JournalFile recover(Path path, List<StoreRecord> sink) throws LeaseStoreException {
        try {
            boolean created = !Files.exists(path);
            AsynchronousFileChannel channel = AsynchronousFileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            try {
                if (created) {
                    // A forced file whose directory entry was never forced can vanish in a crash.
                    SnapshotFile.forceDirectory(path.getParent());
                }
                byte[] data = Files.readAllBytes(path);
                FrameScanner.Result scan = FrameScanner.scan(path, "journal", data, true);
                sink.addAll(scan.records());
                if (scan.tornReason() != null) {
                    LOG.warn("journal {}: dropping {} bytes at offset {} after a crash ({})", path,
                            data.length - scan.validLength(), scan.validLength(), scan.tornReason());
                    channel.truncate(scan.validLength());
                    channel.force(true);
                }
                return new JournalFile(path, channel, scan.validLength());
            } catch (IOException | LeaseStoreException | RuntimeException e) {
                channel.close();
                throw e;
            }
        } catch (IOException e) {
            throw new LeaseStoreException("cannot read journal " + path + ": " + e.getMessage(), e);
        }
    }

    Path path() {
        return path;
    }

    /** Bytes in the journal, including appended frames not yet forced. */
    long size() {
        return size;
    }

    /** Writes {@code bytes} at the end of the file. */
    void append(byte[] bytes, int len) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(bytes, 0, len);
        while (buf.hasRemaining()) {
            try {
                size += Uninterruptibles.getUninterruptibly(channel.write(buf, size));
            } catch (ExecutionException e) {
                throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
            }
        }
    }

    /** Makes everything appended so far survive a crash. */
    void force() throws IOException {
        channel.force(false);
    }

    /** Empties the journal once a snapshot holds all it said. */
    void reset() throws IOException {
        channel.truncate(0);
        channel.force(true);
        size = 0;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
