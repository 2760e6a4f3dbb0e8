package org.dhcpv6.failover.core.internal.binding;

/**
 * The four client-facing times of one lease, in seconds (RFC 8415 §21.4, §21.6; RFC 8156
 * §4.4.1 for how failover shortens them together).
 *
 * @param preferredSeconds the preferred lifetime
 * @param validSeconds the valid lifetime
 * @param t1Seconds when the client should renew
 * @param t2Seconds when the client should rebind
 */
public record Lifetimes(long preferredSeconds, long validSeconds, long t1Seconds, long t2Seconds) {

    /** Checks {@code 0 <= t1 <= t2 <= preferred <= valid <= 2^32-1}. */
    public Lifetimes {
        LifetimePolicy.checkWireSeconds("validSeconds", validSeconds);
        if (t1Seconds < 0) {
            throw new IllegalArgumentException("t1Seconds must not be negative: " + t1Seconds);
        }
        if (t1Seconds > t2Seconds) {
            throw new IllegalArgumentException("t1Seconds " + t1Seconds + " exceeds t2Seconds " + t2Seconds);
        }
        if (t2Seconds > preferredSeconds) {
            throw new IllegalArgumentException(
                    "t2Seconds " + t2Seconds + " exceeds preferredSeconds " + preferredSeconds);
        }
        if (preferredSeconds > validSeconds) {
            throw new IllegalArgumentException(
                    "preferredSeconds " + preferredSeconds + " exceeds validSeconds " + validSeconds);
        }
    }
}
