package org.dhcpv6.failover.core.internal.wire;

import org.dhcpv6.failover.api.Ipv6Address;

/**
 * A bounds-checked cursor over part of a byte array. Every read checks the remaining length
 * first and throws {@link MalformedMessageException} instead of running off the end; offsets
 * in errors are counted from {@code base}, the start of the message body.
 */
final class WireReader {

    private final byte[] buf;
    private final int base;
    private int pos;
    private int limit;

    WireReader(byte[] buf, int base, int pos, int limit) {
        this.buf = buf;
        this.base = base;
        this.pos = pos;
        this.limit = limit;
    }

    /**
     * Narrows this reader to the next {@code length} octets without a new reader, for decoding
     * one option in place; returns the current limit, which {@link #leave} takes back.
     */
    int enter(int length) throws MalformedMessageException {
        need(length);
        int outer = limit;
        limit = pos + length;
        return outer;
    }

    /** Skips whatever {@link #enter} narrowed to that was not read, then restores {@code outer}. */
    void leave(int outer) {
        pos = limit;
        limit = outer;
    }

    /**
     * How many option headers a walk from the cursor to the limit finds, hopping over each
     * option's claimed length without reading or checking it: a capacity hint only, never above
     * {@code remaining() / 4}. The decoder checks every length as it reads.
     */
    int optionCountHint() {
        int count = 0;
        for (int at = pos; limit - at >= 4; count++) {
            at += 4 + (((buf[at + 2] & 0xFF) << 8) | (buf[at + 3] & 0xFF));
        }
        return count;
    }

    int remaining() {
        return limit - pos;
    }

    /** Offset of the cursor relative to the message start. */
    int offset() {
        return pos - base;
    }

    int u8() throws MalformedMessageException {
        need(1);
        return buf[pos++] & 0xFF;
    }

    int u16() throws MalformedMessageException {
        need(2);
        int v = ((buf[pos] & 0xFF) << 8) | (buf[pos + 1] & 0xFF);
        pos += 2;
        return v;
    }

    int u24() throws MalformedMessageException {
        need(3);
        int v = ((buf[pos] & 0xFF) << 16) | ((buf[pos + 1] & 0xFF) << 8) | (buf[pos + 2] & 0xFF);
        pos += 3;
        return v;
    }

    long u32() throws MalformedMessageException {
        need(4);
        long v = ((long) (buf[pos] & 0xFF) << 24) | ((buf[pos + 1] & 0xFF) << 16)
                | ((buf[pos + 2] & 0xFF) << 8) | (buf[pos + 3] & 0xFF);
        pos += 4;
        return v;
    }

    /** Copies the next {@code length} octets; the length was checked against the input first. */
    byte[] bytes(int length) throws MalformedMessageException {
        need(length);
        byte[] out = new byte[length];
        System.arraycopy(buf, pos, out, 0, length);
        pos += length;
        return out;
    }

    /** Reads a 16-octet IPv6 address, straight from the input. */
    Ipv6Address address() throws MalformedMessageException {
        need(Ipv6Address.OCTETS);
        Ipv6Address a = Ipv6Address.fromBytes(buf, pos);
        pos += Ipv6Address.OCTETS;
        return a;
    }

    /** Copies everything that remains. */
    byte[] rest() throws MalformedMessageException {
        return bytes(remaining());
    }

    private void need(int n) throws MalformedMessageException {
        if (n < 0 || n > limit - pos) {
            throw new MalformedMessageException(offset(),
                    "needs " + n + " more octets but only " + (limit - pos) + " remain");
        }
    }
}
