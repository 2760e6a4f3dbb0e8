package org.dhcpv6.failover.api;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A DHCP Unique Identifier (RFC 8415 §11): the opaque identity of a client or server.
 * Immutable; equality is by content. Thread-safe.
 */
public final class Duid {

    /** RFC 8415 §11.1: a DUID is at most 128 octets of identifier plus its 2-octet type. */
    public static final int MAX_OCTETS = 130;

    private final byte[] octets;
    private final int hash;

    private Duid(byte[] octets) {
        this.octets = octets;
        this.hash = spread(octets);
    }

    /**
     * FNV-1a with a final avalanche. Real DUIDs differ in their last few octets only (a MAC
     * address, a counter); {@code Arrays.hashCode} maps a million of those onto some twenty
     * thousand values, which turns hash tables keyed by client into long collision chains.
     */
    private static int spread(byte[] octets) {
        int h = 0x811c9dc5;
        for (byte b : octets) {
            h = (h ^ (b & 0xff)) * 0x01000193;
        }
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        return h;
    }

    /**
     * A DUID with these octets (copied).
     *
     * @throws IllegalArgumentException if empty or longer than {@link #MAX_OCTETS}
     */
    public static Duid of(byte[] octets) {
        Objects.requireNonNull(octets, "octets");
        if (octets.length == 0 || octets.length > MAX_OCTETS) {
            throw new IllegalArgumentException("DUID must be 1.." + MAX_OCTETS + " octets, got " + octets.length);
        }
        return new Duid(octets.clone());
    }

    /**
     * Parses hexadecimal text, with or without {@code :} separators, e.g. {@code 00:01:00:01:aa}.
     *
     * @throws IllegalArgumentException if the text is not hexadecimal octets
     */
    public static Duid parseHex(String hex) {
        Objects.requireNonNull(hex, "hex");
        try {
            return of(HexFormat.of().parseHex(hex.replace(":", "")));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a hexadecimal DUID: '" + hex + "'", e);
        }
    }

    /** A copy of the octets. */
    public byte[] toBytes() {
        return octets.clone();
    }

    /** The number of octets. */
    public int length() {
        return octets.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Duid other && hash == other.hash && Arrays.equals(octets, other.octets);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    /** Lower-case hexadecimal without separators. */
    @Override
    public String toString() {
        return HexFormat.of().formatHex(octets);
    }
}
