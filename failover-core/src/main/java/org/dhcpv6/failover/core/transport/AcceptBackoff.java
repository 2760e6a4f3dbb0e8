package org.dhcpv6.failover.core.transport;

/**
 * How long a listener pauses after a failed accept (EMFILE, ENFILE, ENOBUFS...): 50 ms, doubling
 * to 2 s, back to the start after an accept succeeds. Pausing keeps the listener alive without
 * spinning on a socket that stays ready while no descriptor is free. Not thread-safe: one
 * accepting thread owns it.
 */
public final class AcceptBackoff {

    /** First pause after a failure. */
    public static final long FIRST_MILLIS = 50;
    /** Longest pause. */
    public static final long MAX_MILLIS = 2_000;

    private long nextMillis = FIRST_MILLIS;

    /** The pause to take after this failure; the next one will be longer. */
    public long nextDelayMillis() {
        long delay = nextMillis;
        nextMillis = Math.min(MAX_MILLIS, nextMillis * 2);
        return delay;
    }

    /** An accept succeeded: the next failure starts from the first pause again. */
    public void reset() {
        nextMillis = FIRST_MILLIS;
    }
}
