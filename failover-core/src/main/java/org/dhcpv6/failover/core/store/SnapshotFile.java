package org.dhcpv6.failover.core.store;

import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.dhcpv6.failover.api.Binding;
import org.dhcpv6.failover.api.EndpointRecord;
import org.dhcpv6.failover.api.LeaseStoreException;

/**
 * The snapshot: a {@link StoreRecord.StoreHeader}, every binding and the endpoint record as frames,
 * closed by a {@link StoreRecord.SnapshotEnd}. Snapshots of the previous format have no header. Written to a temporary file, forced and renamed over the old one,
 * so a reader sees either the old or the new snapshot whole; anything less is corruption.
 */
final class SnapshotFile {

    private SnapshotFile() {
    }

    /** The path of the temporary file a snapshot is written to before the rename. */
    static Path tempOf(Path path) {
        return path.resolveSibling(path.getFileName() + ".tmp");
    }

    /**
     * What a snapshot file holds.
     *
     * @param header its header, or {@code null} for a snapshot of the previous format
     * @param records the bindings and the endpoint record, without header and end record
     */
    record Contents(StoreRecord.StoreHeader header, List<StoreRecord> records) {
    }

    /** Replaces the snapshot at {@code path} with these bindings and endpoint record; returns the bindings written. */
    static long write(Path path, StoreRecord.StoreHeader header, Iterable<Binding> bindings, EndpointRecord endpoint,
            boolean fsync, DiskFaults faults) throws IOException {
        Path temp = tempOf(path);
        PrivateFiles.createEmpty(temp);
        faults.beforeWrite(temp);
        // java.io streams, not a FileChannel: compaction runs on a caller's thread, and an interrupt
        // would close a FileChannel under us and fail the store.
        long count = 0;
        try (FileOutputStream file = new FileOutputStream(temp.toFile())) {
            OutputStream out = new BufferedOutputStream(file, 1 << 16);
            out.write(RecordCodec.encode(header));
            // One frame's room, reused: a snapshot of a million bindings made a million arrays.
            ByteBuffer frame = ByteBuffer.allocate(RecordCodec.MAX_FRAME);
            for (Binding b : bindings) {
                int length = RecordCodec.encodeBinding(b, frame.clear());
                out.write(frame.array(), 0, length);
                count++;
            }
            if (endpoint != null) {
                out.write(RecordCodec.encode(new StoreRecord.EndpointSave(endpoint)));
            }
            out.write(RecordCodec.encode(new StoreRecord.SnapshotEnd(count)));
            out.flush();
            if (fsync) {
                file.getFD().sync();
            }
        }
        Files.move(temp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        if (fsync) {
            forceDirectory(path.getParent());
        }
        return count;
    }

    /**
     * Reads the snapshot at {@code path}, or {@code null} when there is none.
     *
     * @throws LeaseStoreException naming the file and offset if the snapshot is damaged or incomplete
     */
    static Contents read(Path path) throws LeaseStoreException {
        byte[] data;
        try {
            data = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new LeaseStoreException("cannot read snapshot " + path + ": " + e.getMessage(), e);
        }
        List<StoreRecord> records = new ArrayList<>(FrameScanner.scan(path, "snapshot", data, false).records());
        StoreRecord.StoreHeader header = null;
        if (!records.isEmpty() && records.get(0) instanceof StoreRecord.StoreHeader h) {
            header = h;
            records.remove(0);
        }
        if (records.stream().anyMatch(r -> r instanceof StoreRecord.StoreHeader)) {
            throw new LeaseStoreException("snapshot " + path + " corrupt: a store header after the first record");
        }
        long bindings = records.stream().filter(r -> r instanceof StoreRecord.BindingPut).count();
        StoreRecord last = records.isEmpty() ? null : records.remove(records.size() - 1);
        if (!(last instanceof StoreRecord.SnapshotEnd end) || end.bindingCount() != bindings
                || records.stream().anyMatch(r -> r instanceof StoreRecord.SnapshotEnd)) {
            throw new LeaseStoreException("snapshot " + path + " corrupt at offset " + data.length
                    + ": missing or wrong end record (" + bindings + " bindings read)");
        }
        return new Contents(header, records);
    }

    /** Makes a rename in {@code dir} durable; some platforms cannot open a directory, which is fine there. */
    static void forceDirectory(Path dir) throws IOException {
        // A pending interrupt would close the channel at once; keep it for the caller instead.
        boolean interrupted = Thread.interrupted();
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            if (!System.getProperty("os.name", "").startsWith("Windows")) {
                throw e;
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
