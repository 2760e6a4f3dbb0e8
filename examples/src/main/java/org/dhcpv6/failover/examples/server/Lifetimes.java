package org.dhcpv6.failover.examples.server;

/**
 * Preferred and valid lifetimes of a lease as sent on the wire (RFC 8415 §7.7, §21.6), in
 * seconds; {@link #INFINITY} means for ever.
 *
 * @param preferredSeconds preferred lifetime, at most the valid lifetime
 * @param validSeconds valid lifetime
 */
public record Lifetimes(long preferredSeconds, long validSeconds) {

    /** The all-ones 32-bit value that RFC 8415 §7.7 reads as infinity. */
    public static final long INFINITY = 0xFFFF_FFFFL;

    /** Zero lifetimes: tell a client to stop using a resource (§18.3.4). */
    public static final Lifetimes ZERO = new Lifetimes(0, 0);

    /** Checks ranges and that preferred does not exceed valid (§21.6). */
    public Lifetimes {
        if (validSeconds < 0 || validSeconds > INFINITY) {
            throw new IllegalArgumentException("validSeconds must be 0..2^32-1: " + validSeconds);
        }
        if (preferredSeconds < 0 || preferredSeconds > validSeconds) {
            throw new IllegalArgumentException(
                    "preferredSeconds must be 0.." + validSeconds + " (the valid lifetime): " + preferredSeconds);
        }
    }

    /** The shorter of this and {@code cap}, field by field. */
    public Lifetimes min(Lifetimes cap) {
        long valid = Math.min(validSeconds, cap.validSeconds);
        return new Lifetimes(Math.min(Math.min(preferredSeconds, cap.preferredSeconds), valid), valid);
    }
}
