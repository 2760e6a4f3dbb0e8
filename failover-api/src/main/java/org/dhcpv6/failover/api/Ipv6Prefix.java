package org.dhcpv6.failover.api;

import java.util.Objects;

/**
 * An IPv6 prefix such as {@code 2001:db8:1::/48}; the host bits of {@code address} must be zero.
 *
 * <p>As a {@link Resource} it is one delegated prefix (IA_PD, RFC 8415 §21.22). It also
 * describes pools. Immutable and thread-safe.
 *
 * @param address the first address of the prefix
 * @param length the prefix length, 0 to 128
 */
public record Ipv6Prefix(Ipv6Address address, int length) implements Resource, Comparable<Ipv6Prefix> {

    /** Checks the length and that no bit beyond it is set. */
    public Ipv6Prefix {
        Objects.requireNonNull(address, "address");
        if (length < 0 || length > 128) {
            throw new IllegalArgumentException("prefix length must be 0..128: " + length);
        }
        if (!address.equals(mask(address, length))) {
            throw new IllegalArgumentException(
                    "prefix " + address + "/" + length + " has bits set beyond its length");
        }
    }

    /**
     * Parses {@code address/length}, e.g. {@code 2001:db8::/48}.
     *
     * @throws IllegalArgumentException if the text is not a valid IPv6 prefix
     */
    public static Ipv6Prefix parse(String text) {
        Objects.requireNonNull(text, "text");
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("prefix needs a /length: '" + text + "'");
        }
        int len;
        try {
            len = Integer.parseInt(text.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad prefix length in '" + text + "'", e);
        }
        return new Ipv6Prefix(Ipv6Address.parse(text.substring(0, slash)), len);
    }

    /** The address with every bit beyond {@code length} cleared. */
    public static Ipv6Address mask(Ipv6Address a, int length) {
        long hiMask = length >= 64 ? -1L : (length == 0 ? 0L : -1L << (64 - length));
        long loMask = length <= 64 ? 0L : (length == 128 ? -1L : -1L << (128 - length));
        return new Ipv6Address(a.high() & hiMask, a.low() & loMask);
    }

    /** Whether {@code a} lies inside this prefix. */
    public boolean contains(Ipv6Address a) {
        return mask(a, length).equals(address);
    }

    /** Whether {@code other} lies wholly inside this prefix. */
    public boolean contains(Ipv6Prefix other) {
        return other.length >= length && contains(other.address);
    }

    /** Whether the two prefixes share at least one address. */
    public boolean overlaps(Ipv6Prefix other) {
        return contains(other) || other.contains(this);
    }

    /** The last address inside this prefix. */
    public Ipv6Address lastAddress() {
        long hiHost = length >= 64 ? 0L : (length == 0 ? -1L : ~(-1L << (64 - length)));
        long loHost = length <= 64 ? -1L : (length == 128 ? 0L : ~(-1L << (128 - length)));
        return new Ipv6Address(address.high() | hiHost, address.low() | loHost);
    }

    @Override
    public Kind kind() {
        return Kind.PREFIX;
    }

    @Override
    public int compareTo(Ipv6Prefix other) {
        int c = address.compareTo(other.address);
        return c != 0 ? c : Integer.compare(length, other.length);
    }

    @Override
    public String toString() {
        return address + "/" + length;
    }
}
