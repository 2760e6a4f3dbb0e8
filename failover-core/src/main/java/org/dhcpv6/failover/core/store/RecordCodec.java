package org.dhcpv6.failover.core.store;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.zip.CRC32C;
import org.dhcpv6.failover.api.Binding;
import org.dhcpv6.failover.api.BindingStatus;
import org.dhcpv6.failover.api.ClientIdentity;
import org.dhcpv6.failover.api.Duid;
import org.dhcpv6.failover.api.EndpointRecord;
import org.dhcpv6.failover.api.IaType;
import org.dhcpv6.failover.api.Ipv6Address;
import org.dhcpv6.failover.api.Ipv6Prefix;
import org.dhcpv6.failover.api.Resource;
import org.dhcpv6.failover.api.ServerState;

/**
 * The binary form of {@link StoreRecord}s shared by the journal and the snapshot.
 *
 * <p>A frame is {@code version(1) type(1) length(4) headerCrc(4) payload(length) crc32c(4)},
 * big-endian. The header CRC32C covers version, type and length, so a damaged length is caught
 * before it is trusted (a wild length would otherwise look like a record cut short by a crash and
 * hide the records after it); the trailing CRC32C covers everything before it. Optional fields are announced by a presence
 * bitmap at the start of the payload; instants are {@code epochSecond(8) nano(4)}.
 */
final class RecordCodec {

    static final byte VERSION = 1;
    static final byte TYPE_BINDING = 1;
    static final byte TYPE_ENDPOINT = 2;
    static final byte TYPE_SNAPSHOT_END = 3;
    static final byte TYPE_STORE_HEADER = 4;
    /** Version, type and length: the part the header CRC covers. */
    static final int HEADER_CHECKED_BYTES = 6;
    static final int HEADER_BYTES = HEADER_CHECKED_BYTES + 4;
    static final int TRAILER_BYTES = 4;
    /** Far above any real record (a binding is under 300 bytes), so a wild length is caught. */
    static final int MAX_PAYLOAD = 64 * 1024;

    private static final int ADDRESS = 1;
    private static final int PREFIX = 2;

    private RecordCodec() {
    }

    /** The most one frame of any record needs: the payload of a binding is under 300 bytes. */
    static final int MAX_FRAME = HEADER_BYTES + 512 + TRAILER_BYTES;

    /**
     * Per-thread room for one frame: a record is encoded in place and copied out once, instead of
     * into a fresh 522-byte buffer and then into the frame (a resync encodes millions).
     */
    private static final ThreadLocal<ByteBuffer> SCRATCH = ThreadLocal.withInitial(() -> ByteBuffer.allocate(MAX_FRAME));

    /** The whole frame of one record. */
    static byte[] encode(StoreRecord record) {
        ByteBuffer buf = SCRATCH.get().clear();
        int length = encodeInto(record, buf);
        return java.util.Arrays.copyOf(buf.array(), length);
    }

    /**
     * Writes the whole frame of {@code record} at the position of {@code buf} (array-backed, with
     * at least {@link #MAX_FRAME} bytes left) and moves the position past it; returns its length.
     * The frame is the one {@link #encode} returns.
     */
    static int encodeInto(StoreRecord record, ByteBuffer buf) {
        if (record instanceof StoreRecord.BindingPut put) {
            return encodeBinding(put.binding(), buf);
        }
        int start = buf.position();
        buf.position(start + HEADER_BYTES);
        byte type;
        if (record instanceof StoreRecord.EndpointSave save) {
            type = TYPE_ENDPOINT;
            writeEndpoint(buf, save.endpoint());
        } else if (record instanceof StoreRecord.StoreHeader h) {
            type = TYPE_STORE_HEADER;
            buf.put((byte) (h.absorbedLegacySnapshot() ? 1 : 0)).putLong(h.storeId()).putLong(h.generation())
                    .putLong(h.absorbedJournalBytes());
        } else {
            type = TYPE_SNAPSHOT_END;
            buf.putLong(((StoreRecord.SnapshotEnd) record).bindingCount());
        }
        return seal(buf, start, type);
    }

    /**
     * The frame of a binding's record ({@link StoreRecord.BindingPut}), written as {@link
     * #encodeInto} writes it: the journal and the snapshot encode straight into their buffers.
     */
    static int encodeBinding(Binding binding, ByteBuffer buf) {
        int start = buf.position();
        buf.position(start + HEADER_BYTES);
        writeBinding(buf, binding);
        return seal(buf, start, TYPE_BINDING);
    }

    /** Fills in the header and both CRCs of the frame whose payload ends at the position. */
    private static int seal(ByteBuffer buf, int start, byte type) {
        int payloadLength = buf.position() - start - HEADER_BYTES;
        byte[] array = buf.array();
        int base = buf.arrayOffset() + start;
        buf.put(start, VERSION).put(start + 1, type).putInt(start + 2, payloadLength);
        buf.putInt(start + HEADER_CHECKED_BYTES, crc(array, base, HEADER_CHECKED_BYTES));
        int end = HEADER_BYTES + payloadLength;
        buf.putInt(start + end, crc(array, base, end));
        buf.position(start + end + TRAILER_BYTES);
        return end + TRAILER_BYTES;
    }

    /** The CRC32C of {@code len} bytes at {@code off}, as the trailer stores it. */
    static int crc(byte[] buf, int off, int len) {
        CRC32C crc = new CRC32C();
        crc.update(buf, off, len);
        return (int) crc.getValue();
    }

    /** Decodes a payload whose frame has already been checked. */
    static StoreRecord decodePayload(byte type, byte[] buf, int off, int len) throws CorruptRecordException {
        ByteBuffer in = ByteBuffer.wrap(buf, off, len).slice();
        try {
            StoreRecord record = switch (type) {
                case TYPE_BINDING -> new StoreRecord.BindingPut(readBinding(in));
                case TYPE_ENDPOINT -> new StoreRecord.EndpointSave(readEndpoint(in));
                case TYPE_SNAPSHOT_END -> new StoreRecord.SnapshotEnd(in.getLong());
                case TYPE_STORE_HEADER -> readHeader(in);
                default -> throw new CorruptRecordException(0, "unknown record type " + type, null);
            };
            if (in.hasRemaining()) {
                throw new CorruptRecordException(in.position(), in.remaining() + " bytes after the record", null);
            }
            return record;
        } catch (BufferUnderflowException e) {
            throw new CorruptRecordException(in.position(), "payload ends early", e);
        } catch (IllegalArgumentException | DateTimeException | NullPointerException e) {
            throw new CorruptRecordException(in.position(), "invalid value: " + e.getMessage(), e);
        }
    }

    private static StoreRecord.StoreHeader readHeader(ByteBuffer in) throws CorruptRecordException {
        int flags = in.get() & 0xFF;
        if (flags > 1) {
            throw new CorruptRecordException(0, "unknown header flags " + flags, null);
        }
        return new StoreRecord.StoreHeader(in.getLong(), in.getLong(), in.getLong(), flags == 1);
    }

    private static void writeBinding(ByteBuffer buf, Binding b) {
        ClientIdentity client = b.client();
        // The six optional instants in a fixed order; named one by one so that no array is made per record.
        Instant stateExpiration = b.stateExpirationTime();
        Instant clt = b.clientLastTransactionTime();
        Instant rawClt = b.partnerRawCltTime();
        Instant expiration = b.expirationTime();
        Instant acked = b.ackedPartnerLifetime();
        Instant partnerLifetime = b.partnerLifetime();
        int bits = (client != null ? 1 : 0) | (b.partnerUpdatePending() ? 2 : 0)
                | (stateExpiration != null ? 4 : 0) | (clt != null ? 8 : 0) | (rawClt != null ? 16 : 0)
                | (expiration != null ? 32 : 0) | (acked != null ? 64 : 0) | (partnerLifetime != null ? 128 : 0);
        buf.put((byte) bits);
        writeResource(buf, b.resource());
        buf.put((byte) b.status().code());
        buf.putInt((int) b.preferredLifetimeSeconds()).putInt((int) b.validLifetimeSeconds());
        buf.putInt((int) b.t1Seconds()).putInt((int) b.t2Seconds());
        writeInstant(buf, b.startTimeOfState());
        if (client != null) {
            byte[] duid = client.duid().toBytes();
            buf.put((byte) duid.length).put(duid).putInt((int) client.iaid()).put((byte) client.iaType().optionCode());
        }
        writeOptional(buf, stateExpiration);
        writeOptional(buf, clt);
        writeOptional(buf, rawClt);
        writeOptional(buf, expiration);
        writeOptional(buf, acked);
        writeOptional(buf, partnerLifetime);
    }

    private static void writeOptional(ByteBuffer buf, Instant t) {
        if (t != null) {
            writeInstant(buf, t);
        }
    }

    private static Binding readBinding(ByteBuffer in) throws CorruptRecordException {
        // All eight bits are in use: client, pending flag, six optional instants.
        int bits = in.get() & 0xFF;
        Resource resource = readResource(in);
        BindingStatus status = BindingStatus.fromCode(in.get() & 0xFF);
        long preferred = Integer.toUnsignedLong(in.getInt());
        long valid = Integer.toUnsignedLong(in.getInt());
        long t1 = Integer.toUnsignedLong(in.getInt());
        long t2 = Integer.toUnsignedLong(in.getInt());
        Instant start = readInstant(in);
        ClientIdentity client = null;
        if ((bits & 1) != 0) {
            byte[] duid = new byte[in.get() & 0xFF];
            in.get(duid);
            long iaid = Integer.toUnsignedLong(in.getInt());
            client = new ClientIdentity(Duid.of(duid), iaid, iaType(in.get() & 0xFF));
        }
        Instant[] optional = new Instant[6];
        for (int i = 0; i < optional.length; i++) {
            optional[i] = (bits & (4 << i)) != 0 ? readInstant(in) : null;
        }
        return Binding.builder(resource, status, start).client(client).lifetimes(preferred, valid, t1, t2)
                .stateExpirationTime(optional[0]).clientLastTransactionTime(optional[1])
                .partnerRawCltTime(optional[2]).expirationTime(optional[3]).ackedPartnerLifetime(optional[4])
                .partnerLifetime(optional[5]).partnerUpdatePending((bits & 2) != 0).build();
    }

    private static void writeEndpoint(ByteBuffer buf, EndpointRecord e) {
        int bits = (e.previousState() != null ? 1 : 0) | (e.partnerState() != null ? 2 : 0)
                | (e.partnerStateEnteredAt() != null ? 4 : 0) | (e.lastContactAt() != null ? 8 : 0)
                | (e.partnerDownSince() != null ? 16 : 0) | (e.awaitingFullUpdate() ? 32 : 0);
        buf.put((byte) bits).put((byte) e.state().code());
        writeInstant(buf, e.stateEnteredAt());
        writeInstant(buf, e.lastOperatingAt());
        if (e.previousState() != null) {
            buf.put((byte) e.previousState().code());
        }
        if (e.partnerState() != null) {
            buf.put((byte) e.partnerState().code());
        }
        for (Instant t : new Instant[] {e.partnerStateEnteredAt(), e.lastContactAt(), e.partnerDownSince()}) {
            if (t != null) {
                writeInstant(buf, t);
            }
        }
    }

    private static EndpointRecord readEndpoint(ByteBuffer in) throws CorruptRecordException {
        int bits = in.get() & 0xFF;
        if (bits > 63) {
            throw new CorruptRecordException(0, "unknown presence bits " + bits, null);
        }
        ServerState state = ServerState.fromCode(in.get() & 0xFF);
        Instant entered = readInstant(in);
        Instant lastOperating = readInstant(in);
        ServerState previous = (bits & 1) != 0 ? ServerState.fromCode(in.get() & 0xFF) : null;
        ServerState partner = (bits & 2) != 0 ? ServerState.fromCode(in.get() & 0xFF) : null;
        Instant partnerEntered = (bits & 4) != 0 ? readInstant(in) : null;
        Instant lastContact = (bits & 8) != 0 ? readInstant(in) : null;
        Instant partnerDown = (bits & 16) != 0 ? readInstant(in) : null;
        return new EndpointRecord(state, entered, previous, partner, partnerEntered, lastContact, lastOperating,
                partnerDown, (bits & 32) != 0);
    }

    private static void writeResource(ByteBuffer buf, Resource r) {
        switch (r.kind()) {
            case ADDRESS -> {
                Ipv6Address a = (Ipv6Address) r;
                buf.put((byte) ADDRESS).putLong(a.high()).putLong(a.low());
            }
            case PREFIX -> {
                Ipv6Prefix p = (Ipv6Prefix) r;
                buf.put((byte) PREFIX).putLong(p.address().high()).putLong(p.address().low()).put((byte) p.length());
            }
        }
    }

    private static Resource readResource(ByteBuffer in) throws CorruptRecordException {
        int kind = in.get() & 0xFF;
        if (kind != ADDRESS && kind != PREFIX) {
            throw new CorruptRecordException(in.position() - 1, "unknown resource kind " + kind, null);
        }
        Ipv6Address address = new Ipv6Address(in.getLong(), in.getLong());
        return kind == ADDRESS ? address : new Ipv6Prefix(address, in.get() & 0xFF);
    }

    private static IaType iaType(int optionCode) {
        for (IaType t : IaType.values()) {
            if (t.optionCode() == optionCode) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown IA option code " + optionCode);
    }

    private static void writeInstant(ByteBuffer buf, Instant t) {
        buf.putLong(t.getEpochSecond()).putInt(t.getNano());
    }

    private static Instant readInstant(ByteBuffer in) {
        long seconds = in.getLong();
        int nanos = in.getInt();
        if (nanos < 0 || nanos > 999_999_999) {
            throw new IllegalArgumentException("nanosecond field out of range: " + nanos);
        }
        return Instant.ofEpochSecond(seconds, nanos);
    }
}
