package org.dhcpv6.failover.core.internal.wire;

import org.dhcpv6.failover.api.Ipv6Address;

/**
 * Writes one message body (RFC 8156 §5.2 header and options, no size prefix) straight from the
 * caller's values, without building option records first: for the messages sent in bulk, such
 * as the BNDUPDs of an UPDREQALL answer. It makes the same checks as the records and
 * {@link MessageCodec#encode} (field ranges, option and message lengths) and throws the same
 * {@link IllegalArgumentException}; what it writes must be octet for octet what the records would
 * encode to (tests compare the two). One writer serves one thread; it keeps its buffer between
 * messages.
 */
public final class MessageWriter {

    private final WireWriter w = new WireWriter(256);
    /** Where each open option's length field sits, innermost last. */
    private final int[] open = new int[OptionCodec.MAX_DEPTH];
    private int depth;

    /** Starts a message of {@code type}, dropping anything written before. */
    public void begin(MessageType type, int transactionId, long sentTime) {
        if (transactionId < 0 || transactionId > FailoverMessage.MAX_TRANSACTION_ID) {
            throw new IllegalArgumentException("transaction-id must be 0..16777215: " + transactionId);
        }
        Checks.u32(sentTime, "sent-time");
        w.reset();
        depth = 0;
        w.u8(type.code());
        w.u24(transactionId);
        w.u32(sentTime);
    }

    /** Opens an option of {@code kind}: what follows is its value, up to the matching {@link #close}. */
    public void open(OptionKind kind) {
        if (depth == open.length) {
            throw new IllegalStateException("options nested deeper than " + open.length);
        }
        w.u16(kind.code());
        open[depth++] = w.position();
        w.u16(0);
    }

    /** Closes the innermost open option, writing its length. */
    public void close() {
        if (depth == 0) {
            throw new IllegalStateException("no option is open");
        }
        int lengthAt = open[--depth];
        int length = w.position() - lengthAt - 2;
        if (length > Checks.MAX_OPTION_LENGTH) {
            throw new IllegalArgumentException("option value is " + length
                    + " octets, more than one option can carry");
        }
        w.patchU16(lengthAt, length);
    }

    /** One octet, 0..255. */
    public void u8(int value, String name) {
        w.u8(Checks.u8(value, name));
    }

    /** Four octets, 0..2^32 − 1. */
    public void u32(long value, String name) {
        w.u32(Checks.u32(value, name));
    }

    /** The octets of {@code bytes}, as they are. */
    public void bytes(byte[] bytes) {
        w.bytes(bytes);
    }

    /** Sixteen octets. */
    public void address(Ipv6Address address) {
        w.address(address);
    }

    /** A whole option holding one 32-bit value (a time, a count). */
    public void u32Option(OptionKind kind, long value) {
        open(kind);
        u32(value, kind.rfcName());
        close();
    }

    /**
     * The message body written since {@link #begin}, in a new array of its exact size.
     *
     * @throws IllegalStateException if an option is still open
     * @throws IllegalArgumentException if the message is longer than one frame can carry
     */
    public byte[] toBody() {
        if (depth != 0) {
            throw new IllegalStateException(depth + " options still open");
        }
        if (w.position() > Frames.MAX_BODY) {
            throw new IllegalArgumentException("message is " + w.position()
                    + " octets, more than one frame can carry");
        }
        return w.toByteArray();
    }
}
