package org.dhcpv6.failover.api;

import java.math.BigInteger;
import java.util.Objects;

/**
 * A range of addresses leased with independent allocation (RFC 8156 §4.2.1): the primary may
 * lease the odd addresses, the secondary the even ones.
 *
 * @param first the first address of the range
 * @param last the last address of the range (inclusive, not before {@code first})
 */
public record AddressPool(Ipv6Address first, Ipv6Address last) {

    /** Checks the bounds and that each server owns at least one address. */
    public AddressPool {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(last, "last");
        if (first.compareTo(last) > 0) {
            throw new IllegalArgumentException("address pool starts after it ends: " + first + " - " + last);
        }
        if (first.equals(last)) {
            throw new IllegalArgumentException("address pool " + first + " - " + last
                    + " holds one address; each server needs at least one of its own");
        }
    }

    /**
     * Every address of a prefix, e.g. a /64, except the Subnet-Router anycast address (the prefix
     * with an all-zero interface identifier, RFC 4291 §2.6.1), which no host may be given. A /127
     * keeps both addresses (RFC 6164 §6 leaves that anycast address unused on such links).
     * Give an explicit range ({@link #parse} with {@code first-last}) for any other exclusion.
     */
    public static AddressPool of(Ipv6Prefix prefix) {
        Ipv6Address first = prefix.length() <= 126 ? prefix.address().plus(1) : prefix.address();
        return new AddressPool(first, prefix.lastAddress());
    }

    /** Parses {@code first-last} or {@code prefix/len} (as {@link #of(Ipv6Prefix)}). */
    public static AddressPool parse(String text) {
        Objects.requireNonNull(text, "text");
        int dash = text.indexOf('-');
        if (dash >= 0) {
            return new AddressPool(Ipv6Address.parse(text.substring(0, dash).trim()),
                    Ipv6Address.parse(text.substring(dash + 1).trim()));
        }
        return of(Ipv6Prefix.parse(text.trim()));
    }

    /** Whether the address lies in the range. */
    public boolean contains(Ipv6Address a) {
        return first.compareTo(a) <= 0 && a.compareTo(last) <= 0;
    }

    /** Whether the two ranges share an address. */
    public boolean overlaps(AddressPool other) {
        return first.compareTo(other.last) <= 0 && other.first.compareTo(last) <= 0;
    }

    /** The number of addresses in the range (up to 2^128). */
    public BigInteger size() {
        return toBig(last).subtract(toBig(first)).add(BigInteger.ONE);
    }

    private static BigInteger toBig(Ipv6Address a) {
        return new BigInteger(1, a.toBytes());
    }

    @Override
    public String toString() {
        return first + "-" + last;
    }
}
