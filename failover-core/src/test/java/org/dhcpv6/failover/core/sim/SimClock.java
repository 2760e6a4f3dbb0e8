package org.dhcpv6.failover.core.sim;

import java.time.Duration;
import java.time.Instant;
import org.dhcpv6.failover.api.ClockSource;

/**
 * One server's clocks in virtual time, as TigerBeetle's simulated clocks: the oscillator runs
 * fast or slow by {@code driftPpm}, the wall clock starts {@code offset} away from true time and
 * is stepped now and then (an NTP correction), while the monotonic clock follows the oscillator
 * and never steps. The engine reads time only through {@code Now.of(clock)}.
 */
final class SimClock implements ClockSource {

    /** True time zero of every run. */
    static final Instant EPOCH = Instant.parse("2026-11-25T12:00:00Z");

    private final EventQueue queue;
    private final long offsetNanos;
    private final double rate;
    private long stepsNanos;
    /** Every step's size added up regardless of sign: how far stored wall instants may have slid. */
    private long absoluteStepsNanos;

    SimClock(EventQueue queue, Duration offset, double driftPpm) {
        this.queue = queue;
        this.offsetNanos = offset.toNanos();
        this.rate = 1.0 + driftPpm / 1_000_000.0;
    }

    /** The oscillator's reading: true time scaled by the drift. */
    private long localNanos() {
        return (long) (queue.now() * rate);
    }

    @Override
    public Instant wallTime() {
        return EPOCH.plusNanos(offsetNanos + stepsNanos + localNanos());
    }

    @Override
    public long monotonicNanos() {
        // An arbitrary origin, as System.nanoTime has; one second keeps it away from zero.
        return 1_000_000_000L + localNanos();
    }

    /** Steps the wall clock only; monotonic time is untouched. */
    void step(Duration d) {
        stepsNanos += d.toNanos();
        absoluteStepsNanos += Math.abs(d.toNanos());
    }

    /** The sum of every step's size so far; client invariants widen their windows by its growth. */
    long absoluteStepsNanos() {
        return absoluteStepsNanos;
    }

    /**
     * The virtual true time at which this clock's wall time reads (or read) {@code wall}, with the
     * steps made so far: the mapping invariant (4) compares the two servers' expiry times with.
     */
    long trueNanosOf(Instant wall) {
        long local = Duration.between(EPOCH, wall).toNanos() - offsetNanos - stepsNanos;
        return (long) (local / rate);
    }

    /** The true time after which this clock's monotonic reading has moved by {@code local}. */
    long trueDelay(Duration local) {
        // Rounded up, so a timer is never polled a hair before its deadline and spun on.
        return (long) Math.ceil(local.toNanos() / rate) + 1;
    }

    @Override
    public String toString() {
        return "SimClock[offset " + Duration.ofNanos(offsetNanos) + ", rate " + rate + ", steps "
                + Duration.ofNanos(stepsNanos) + "]";
    }
}
