package org.dhcpv6.failover.examples.dhcp;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * An immutable run of octets with value equality, for opaque option data (Interface-Id,
 * unknown options) and DUIDs. The array is copied in and out, so no caller can change it.
 */
public final class Octets {

    private static final HexFormat HEX = HexFormat.of();

    private final byte[] bytes;

    private Octets(byte[] bytes) {
        this.bytes = bytes;
    }

    /** Copies {@code bytes}. */
    public static Octets of(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        return new Octets(bytes.clone());
    }

    /** Copies {@code length} octets of {@code buf} from {@code offset}. */
    public static Octets of(byte[] buf, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, buf.length);
        return new Octets(Arrays.copyOfRange(buf, offset, offset + length));
    }

    /**
     * Parses hexadecimal text; colons and spaces between octets are ignored.
     *
     * @throws IllegalArgumentException if the text is not an even number of hex digits
     */
    public static Octets fromHex(String hex) {
        Objects.requireNonNull(hex, "hex");
        return new Octets(HEX.parseHex(hex.replace(":", "").replace(" ", "")));
    }

    /** Number of octets. */
    public int length() {
        return bytes.length;
    }

    /** The octet at {@code index}, as 0..255. */
    public int get(int index) {
        return bytes[index] & 0xFF;
    }

    /** A copy of the octets. */
    public byte[] toByteArray() {
        return bytes.clone();
    }

    /** Writes all octets into {@code buf} at {@code offset}. */
    public void writeTo(byte[] buf, int offset) {
        System.arraycopy(bytes, 0, buf, offset, bytes.length);
    }

    /** Lower-case hex without separators. */
    public String toHex() {
        return HEX.formatHex(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Octets other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return toHex();
    }
}
