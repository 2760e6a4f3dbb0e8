package org.dhcpv6.failover.core.internal.engine;

import java.time.Duration;
import java.time.Instant;
import org.dhcpv6.failover.api.ClockSource;

/** A clock advanced by hand; wall and monotonic time move together unless stepped. */
public final class FakeClock implements ClockSource {

    private Instant wall;
    private long nanos;

    public FakeClock(Instant start) {
        this.wall = start;
        this.nanos = 1_000_000_000L;
    }

    @Override
    public synchronized Instant wallTime() {
        return wall;
    }

    @Override
    public synchronized long monotonicNanos() {
        return nanos;
    }

    public synchronized void advance(Duration d) {
        wall = wall.plus(d);
        nanos += d.toNanos();
    }

    /** Steps the wall clock only, as an NTP correction would. */
    public synchronized void stepWall(Duration d) {
        wall = wall.plus(d);
    }

    public Now now() {
        return Now.of(this);
    }
}
