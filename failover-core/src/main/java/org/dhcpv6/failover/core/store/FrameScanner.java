package org.dhcpv6.failover.core.store;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dhcpv6.failover.api.LeaseStoreException;

/**
 * Splits the bytes of a journal or snapshot file into records and tells a torn tail (an append
 * cut short by a crash) from corruption (damage followed by more data), which must never load
 * silently.
 */
final class FrameScanner {

    /**
     * What a scan found.
     *
     * @param records the records that decoded, in file order
     * @param validLength bytes up to the end of the last good record
     * @param tornReason why the bytes after {@code validLength} were dropped, or {@code null} if none
     */
    record Result(List<StoreRecord> records, long validLength, String tornReason) {
    }

    private FrameScanner() {
    }

    /**
     * Scans {@code data}; when {@code allowTornTail} is false any damage at all is corruption.
     *
     * @throws LeaseStoreException naming {@code file} and the byte offset of the first bad record
     */
    static Result scan(Path file, String what, byte[] data, boolean allowTornTail) throws LeaseStoreException {
        List<StoreRecord> records = new ArrayList<>();
        ByteBuffer in = ByteBuffer.wrap(data);
        int off = 0;
        while (off < data.length) {
            int remaining = data.length - off;
            String torn = null;
            if (remaining < RecordCodec.HEADER_BYTES) {
                torn = "partial record header of " + remaining + " bytes";
            } else if (allZero(data, off)) {
                // Some file systems leave zeros where an append was cut short.
                torn = "zero-filled tail";
            } else {
                if (in.getInt(off + RecordCodec.HEADER_CHECKED_BYTES)
                        != RecordCodec.crc(data, off, RecordCodec.HEADER_CHECKED_BYTES)) {
                    throw corrupt(what, file, off, "header CRC mismatch", null);
                }
                if (data[off] != RecordCodec.VERSION) {
                    throw corrupt(what, file, off, "unknown record version " + data[off], null);
                }
                int length = in.getInt(off + 2);
                if (length < 0 || length > RecordCodec.MAX_PAYLOAD) {
                    throw corrupt(what, file, off, "record length " + Integer.toUnsignedString(length), null);
                }
                int frameEnd = off + RecordCodec.HEADER_BYTES + length + RecordCodec.TRAILER_BYTES;
                if (frameEnd < 0 || frameEnd > data.length) {
                    torn = "record of " + length + " bytes cut short";
                } else if (in.getInt(frameEnd - RecordCodec.TRAILER_BYTES)
                        != RecordCodec.crc(data, off, frameEnd - RecordCodec.TRAILER_BYTES - off)) {
                    if (frameEnd != data.length) {
                        throw corrupt(what, file, off, "CRC mismatch", null);
                    }
                    torn = "CRC mismatch in the last record";
                } else {
                    try {
                        records.add(RecordCodec.decodePayload(
                                data[off + 1], data, off + RecordCodec.HEADER_BYTES, length));
                    } catch (CorruptRecordException e) {
                        throw corrupt(what, file, off, e.getMessage() + " (payload offset "
                                + e.payloadOffset() + ")", e);
                    }
                    off = frameEnd;
                    continue;
                }
            }
            if (!allowTornTail) {
                throw corrupt(what, file, off, torn, null);
            }
            return new Result(records, off, torn);
        }
        return new Result(records, off, null);
    }

    private static boolean allZero(byte[] data, int from) {
        for (int i = from; i < data.length; i++) {
            if (data[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static LeaseStoreException corrupt(String what, Path file, long offset, String reason, Throwable cause) {
        return new LeaseStoreException(what + " " + file + " corrupt at offset " + offset + ": " + reason, cause);
    }
}
