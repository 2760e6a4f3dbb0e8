package org.dhcpv6.failover.core.transport;

import java.time.Duration;

/**
 * Lets one log line of a kind through per interval and counts the ones held back, so that a
 * flood of refused connections or failed accepts costs a few lines, not one per event.
 * Thread-safe.
 */
public final class LogLimiter {

    private final long intervalNanos;
    private long nextNanos;
    private boolean started;
    private long suppressed;

    /** At most one line per {@code interval}. */
    public LogLimiter(Duration interval) {
        this.intervalNanos = interval.toNanos();
    }

    /**
     * Whether to log now; if so, returns how many lines were held back since the last one
     * (0 or more), otherwise -1.
     */
    public synchronized long tryLog() {
        long now = System.nanoTime();
        if (started && now - nextNanos < 0) {
            suppressed++;
            return -1;
        }
        started = true;
        nextNanos = now + intervalNanos;
        long held = suppressed;
        suppressed = 0;
        return held;
    }

    /** Text to append to a line that was let through: empty, or how many were held back. */
    public static String heldBack(long count) {
        return count <= 0 ? "" : " (" + count + " similar lines held back)";
    }
}
