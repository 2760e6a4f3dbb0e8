package org.dhcpv6.failover.examples.hostsrv;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import org.dhcpv6.failover.api.ClockSource;

/**
 * A wall clock set off from the system clock by a fixed offset and running fast or slow by a
 * drift in parts per million, for demonstrating time skew between partners
 * ({@code clock.offset}, {@code clock.drift-ppm}). The monotonic clock stays the system's, as
 * on a real server whose wall clock is wrong.
 */
public final class OffsetClock implements ClockSource, InstantSource {

    private final Duration offset;
    private final long driftPpm;
    private final long origin = System.nanoTime();

    /**
     * @param offset how far this clock is ahead of the system clock (negative: behind)
     * @param driftPpm how much faster (positive) or slower it runs, in parts per million
     */
    public OffsetClock(Duration offset, long driftPpm) {
        this.offset = offset;
        this.driftPpm = driftPpm;
    }

    @Override
    public Instant wallTime() {
        long elapsed = System.nanoTime() - origin;
        // Split so that elapsed * ppm cannot overflow in any run (|ppm| <= 100,000).
        long drift = elapsed / 1_000_000 * driftPpm + elapsed % 1_000_000 * driftPpm / 1_000_000;
        return Instant.now().plus(offset).plusNanos(drift);
    }

    @Override
    public long monotonicNanos() {
        return System.nanoTime();
    }

    @Override
    public Instant instant() {
        return wallTime();
    }

    @Override
    public String toString() {
        return "system clock " + (offset.isNegative() ? "" : "+") + offset + ", drift " + driftPpm + " ppm";
    }
}
