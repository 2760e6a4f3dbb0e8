package org.dhcpv6.failover.core.store;

import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.dhcpv6.failover.api.LeaseStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The append-only journal: a {@link StoreRecord.StoreHeader}, then frames written at the end, forced
 * on request. A compaction replaces it whole (temporary file, force, rename) by a journal of the
 * next generation, so a crash never leaves an empty journal next to a snapshot: an empty or
 * missing journal there is damage (docs/decisions/0001-store-generations.md). Not thread-safe;
 * {@link GroupCommitter} lets one thread at a time in.
 *
 * <p>It writes through a {@link RandomAccessFile} because a {@code FileChannel} closes itself when
 * the thread using it is interrupted, and the thread leading a group commit is some caller's
 * thread: one interrupted host thread would otherwise fail the whole store. (An {@code
 * AsynchronousFileChannel} is safe too, but on Linux it hands every write to a pool thread and
 * waits for it: two thread switches per flush.) A force is {@code fsync}: after an append it
 * costs what {@code fdatasync} does, since the file's size must reach the disk either way.
 */
final class JournalFile implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JournalFile.class);

    /**
     * What a journal file held when the store opened.
     *
     * @param exists whether the file was there at all
     * @param header its header, or {@code null} (previous format, or emptied)
     * @param records the records after the header, in file order
     * @param validLength bytes up to the end of the last good record
     * @param fileLength the file's size, torn tail included
     */
    record Scan(boolean exists, StoreRecord.StoreHeader header, List<StoreRecord> records, long validLength,
            long fileLength) {
    }

    private final Path path;
    private final boolean fsync;
    private final DiskFaults faults;
    private RandomAccessFile file;
    /** Whether the file pointer is at {@link #size} (a freshly opened file's is at 0). */
    private boolean atEnd;
    private StoreRecord.StoreHeader header;
    private long size;

    private JournalFile(Path path, boolean fsync, DiskFaults faults, RandomAccessFile file,
            StoreRecord.StoreHeader header, long size) {
        this.path = path;
        this.fsync = fsync;
        this.faults = faults;
        this.file = file;
        this.header = header;
        this.size = size;
    }

    /** Reads the journal at {@code path}; a missing file is a scan with {@code exists} false. */
    static Scan scan(Path path) throws LeaseStoreException {
        byte[] data;
        try {
            data = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            return new Scan(false, null, List.of(), 0, 0);
        } catch (IOException e) {
            throw new LeaseStoreException("cannot read journal " + path + ": " + e.getMessage(), e);
        }
        FrameScanner.Result scan = FrameScanner.scan(path, "journal", data, true);
        List<StoreRecord> records = new ArrayList<>(scan.records());
        StoreRecord.StoreHeader header = null;
        if (!records.isEmpty() && records.get(0) instanceof StoreRecord.StoreHeader h) {
            header = h;
            records.remove(0);
        }
        for (StoreRecord r : records) {
            if (!(r instanceof StoreRecord.BindingPut || r instanceof StoreRecord.EndpointSave)) {
                throw new LeaseStoreException("journal " + path + " corrupt: a " + r.getClass().getSimpleName()
                        + " record after the first one");
            }
        }
        if (scan.tornReason() != null) {
            LOG.warn("journal {}: dropping {} bytes at offset {} after a crash ({})", path,
                    data.length - scan.validLength(), scan.validLength(), scan.tornReason());
        }
        return new Scan(true, header, records, scan.validLength(), data.length);
    }

    /** Continues the scanned journal (it has a header), cutting away a torn last record. */
    static JournalFile continueScanned(Path path, Scan scan, boolean fsync, DiskFaults faults) throws IOException {
        PrivateFiles.restrict(path);
        RandomAccessFile file = openForAppend(path);
        try {
            if (scan.validLength() < scan.fileLength()) {
                file.setLength(scan.validLength());
                file.getFD().sync();
            }
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
        return new JournalFile(path, fsync, faults, file, scan.header(), scan.validLength());
    }

    /** Writes a new journal of {@code header} and {@code records} and puts it in place of any old one. */
    static JournalFile create(Path path, StoreRecord.StoreHeader header, Collection<StoreRecord> records,
            boolean fsync, DiskFaults faults) throws IOException {
        long size = replaceFile(path, header, records, fsync, faults);
        return new JournalFile(path, fsync, faults, openForAppend(path), header, size);
    }

    private static long replaceFile(Path path, StoreRecord.StoreHeader header, Collection<StoreRecord> records,
            boolean fsync, DiskFaults faults) throws IOException {
        Path temp = path.resolveSibling(path.getFileName() + ".tmp");
        PrivateFiles.createEmpty(temp);
        long size = 0;
        try (FileOutputStream file = new FileOutputStream(temp.toFile())) {
            OutputStream out = new BufferedOutputStream(file, 1 << 16);
            List<StoreRecord> all = new ArrayList<>(records.size() + 1);
            all.add(header);
            all.addAll(records);
            for (StoreRecord r : all) {
                byte[] frame = RecordCodec.encode(r);
                faults.beforeWrite(temp);
                out.write(frame);
                size += frame.length;
            }
            out.flush();
            if (fsync) {
                file.getFD().sync();
            }
        }
        Files.move(temp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        if (fsync) {
            SnapshotFile.forceDirectory(path.getParent());
        }
        return size;
    }

    private static RandomAccessFile openForAppend(Path path) throws IOException {
        if (!Files.exists(path)) {
            throw new NoSuchFileException(path.toString());
        }
        return new RandomAccessFile(path.toFile(), "rw");
    }

    Path path() {
        return path;
    }

    /** The header of the generation this journal belongs to. */
    StoreRecord.StoreHeader header() {
        return header;
    }

    /** Bytes in the journal, including appended frames not yet forced. */
    long size() {
        return size;
    }

    /** Writes {@code bytes} at the end of the file. */
    void append(byte[] bytes, int len) throws IOException {
        faults.beforeWrite(path);
        if (!atEnd) {
            file.seek(size);
            atEnd = true;
        }
        try {
            file.write(bytes, 0, len);
        } catch (IOException e) {
            atEnd = false;
            throw e;
        }
        size += len;
    }

    /** Makes everything appended so far survive a crash. */
    void force() throws IOException {
        faults.beforeWrite(path);
        file.getFD().sync();
    }

    /** Replaces the journal by an empty one of {@code next}'s generation once a snapshot holds all it said. */
    void reset(StoreRecord.StoreHeader next) throws IOException {
        long newSize = replaceFile(path, next, List.of(), fsync, faults);
        RandomAccessFile old = file;
        file = openForAppend(path);
        atEnd = false;
        header = next;
        size = newSize;
        old.close();
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
