package org.dhcpv6.failover.api;

import java.time.Instant;

/**
 * The only source of time for the failover engine. Wall-clock time is for lease times and the
 * wire (RFC 8156 sent-time and the OPTION_F_* times); monotonic time is for timeouts, which must
 * not jump when the wall clock is stepped. Never subtract one from the other.
 *
 * <p>Implementations must be thread-safe and must not block.
 */
public interface ClockSource {

    /** The system clock: {@link Instant#now()} and {@link System#nanoTime()}. */
    ClockSource SYSTEM = new ClockSource() {
        @Override
        public Instant wallTime() {
            return Instant.now();
        }

        @Override
        public long monotonicNanos() {
            return System.nanoTime();
        }

        @Override
        public String toString() {
            return "ClockSource.SYSTEM";
        }
    };

    /** The current wall-clock time. */
    Instant wallTime();

    /** A monotonic time in nanoseconds with an arbitrary origin, for measuring intervals. */
    long monotonicNanos();
}
