package org.dhcpv6.failover.core.internal.wire;

import java.util.Arrays;
import org.dhcpv6.failover.api.Ipv6Address;

/**
 * A growing byte array for encoding. Option lengths are written after their values by
 * reserving the two length octets and patching them, so the encoder needs one pass only.
 */
final class WireWriter {

    private byte[] buf;
    private int pos;

    WireWriter(int initialCapacity) {
        buf = new byte[Math.max(16, initialCapacity)];
    }

    /** Starts over at position 0, keeping the buffer. */
    void reset() {
        pos = 0;
    }

    int position() {
        return pos;
    }

    void u8(int v) {
        ensure(1);
        buf[pos++] = (byte) v;
    }

    void u16(int v) {
        ensure(2);
        buf[pos++] = (byte) (v >>> 8);
        buf[pos++] = (byte) v;
    }

    void u24(int v) {
        ensure(3);
        buf[pos++] = (byte) (v >>> 16);
        buf[pos++] = (byte) (v >>> 8);
        buf[pos++] = (byte) v;
    }

    void u32(long v) {
        ensure(4);
        buf[pos++] = (byte) (v >>> 24);
        buf[pos++] = (byte) (v >>> 16);
        buf[pos++] = (byte) (v >>> 8);
        buf[pos++] = (byte) v;
    }

    void bytes(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, buf, pos, b.length);
        pos += b.length;
    }

    void address(Ipv6Address a) {
        ensure(Ipv6Address.OCTETS);
        a.writeTo(buf, pos);
        pos += Ipv6Address.OCTETS;
    }

    /** Writes {@code v} at an earlier position {@code at} as two octets. */
    void patchU16(int at, int v) {
        buf[at] = (byte) (v >>> 8);
        buf[at + 1] = (byte) v;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf, pos);
    }

    private void ensure(int n) {
        if (pos + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + n));
        }
    }
}
