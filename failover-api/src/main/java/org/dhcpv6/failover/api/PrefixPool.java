package org.dhcpv6.failover.api;

import java.util.Objects;

/**
 * A delegable prefix from which prefixes of one length are delegated, with proportional
 * allocation (RFC 8156 §4.2.2): free prefixes are split between the servers in a configured share.
 *
 * @param delegable the prefix delegated from, e.g. a /48
 * @param delegatedLength the length of each delegated prefix, e.g. 56; longer than the pool's
 * @param secondaryShare the fraction of free prefixes the secondary should hold, 0 to 1 (default 0.5)
 */
public record PrefixPool(Ipv6Prefix delegable, int delegatedLength, double secondaryShare) {

    /** The share used when none is configured. */
    public static final double DEFAULT_SECONDARY_SHARE = 0.5;

    /** Checks the lengths and the share. */
    public PrefixPool {
        Objects.requireNonNull(delegable, "delegable");
        if (delegatedLength <= delegable.length() || delegatedLength > 128) {
            throw new IllegalArgumentException("delegated length /" + delegatedLength
                    + " must be longer than the pool prefix " + delegable + " and at most /128");
        }
        if (delegatedLength - delegable.length() > 30) {
            throw new IllegalArgumentException("pool " + delegable + " delegating /" + delegatedLength
                    + " holds more than 2^30 prefixes; split it into smaller pools");
        }
        if (!(secondaryShare >= 0.0 && secondaryShare <= 1.0)) {
            throw new IllegalArgumentException("secondary share must be between 0 and 1: " + secondaryShare);
        }
    }

    /** A pool with the default 50% share for the secondary. */
    public static PrefixPool of(Ipv6Prefix delegable, int delegatedLength) {
        return new PrefixPool(delegable, delegatedLength, DEFAULT_SECONDARY_SHARE);
    }

    /** How many prefixes can be delegated from this pool. */
    public int prefixCount() {
        return 1 << (delegatedLength - delegable.length());
    }

    /** The {@code index}-th delegated prefix, counting from 0. */
    public Ipv6Prefix prefixAt(int index) {
        Objects.checkIndex(index, prefixCount());
        int shift = 128 - delegatedLength;
        long offsetHigh = shift >= 64 ? (long) index << (shift - 64) : (shift == 0 ? 0 : (long) index >>> (64 - shift));
        long offsetLow = shift >= 64 ? 0 : (long) index << shift;
        Ipv6Address base = delegable.address();
        // The host bits of the pool prefix are zero, so OR places the index without carries.
        Ipv6Address a = new Ipv6Address(base.high() | offsetHigh, base.low() | offsetLow);
        return new Ipv6Prefix(a, delegatedLength);
    }

    /** Whether {@code p} is one of the prefixes this pool delegates. */
    public boolean holds(Ipv6Prefix p) {
        return p.length() == delegatedLength && delegable.contains(p);
    }

    @Override
    public String toString() {
        return delegable + " delegating /" + delegatedLength;
    }
}
