package org.dhcpv6.failover.core.internal.time;

import java.time.Instant;
import java.util.Objects;

/**
 * Conversions between {@link Instant} and the RFC 8156 wire time: an unsigned 32-bit count of
 * seconds since 2000-01-01T00:00:00Z, modulo 2^32 (RFC 8156 §5.2 sent-time and the absolute
 * OPTION_F_* times of §5.5).
 *
 * <p>Because the counter wraps (first in 2136), a wire value alone does not name one instant;
 * {@link #fromWire(long, Instant)} picks the one nearest to a reference the caller trusts,
 * and {@link #wireDifference(long, long)} compares two wire values without unwrapping them.
 */
public final class WireTime {

    /** 2000-01-01T00:00:00Z in seconds since the Unix epoch. */
    public static final long EPOCH_2000_SECONDS = 946_684_800L;

    /** The largest wire time value, 2^32 − 1. */
    public static final long MAX_WIRE = 0xFFFF_FFFFL;

    private static final long MODULUS = 1L << 32;

    private WireTime() {
    }

    /**
     * The wire form of {@code instant}: whole seconds since 2000-01-01 UTC modulo 2^32.
     * Fractions of a second are dropped (rounded toward the past).
     */
    public static long toWire(Instant instant) {
        Objects.requireNonNull(instant, "instant");
        return (instant.getEpochSecond() - EPOCH_2000_SECONDS) & MAX_WIRE;
    }

    /** The wire form of the whole second {@code epochSecond} (seconds since the Unix epoch). */
    public static long toWireSeconds(long epochSecond) {
        return (epochSecond - EPOCH_2000_SECONDS) & MAX_WIRE;
    }

    /**
     * The instant whose wire form is {@code wire} and which lies nearest to {@code reference}
     * (within −2^31 .. 2^31 − 1 seconds of the reference's whole second).
     *
     * @throws IllegalArgumentException if {@code wire} is not in 0..2^32 − 1
     */
    public static Instant fromWire(long wire, Instant reference) {
        checkWire(wire, "wire");
        Objects.requireNonNull(reference, "reference");
        long delta = wireDifference(wire, toWire(reference));
        return Instant.ofEpochSecond(reference.getEpochSecond() + delta);
    }

    /**
     * The signed difference {@code a − b} modulo 2^32, in −2^31 .. 2^31 − 1 seconds: positive
     * when {@code a} is later than {@code b}, assuming the two are less than 68 years apart.
     *
     * @throws IllegalArgumentException if either value is not in 0..2^32 − 1
     */
    public static long wireDifference(long a, long b) {
        checkWire(a, "a");
        checkWire(b, "b");
        long d = (a - b) & MAX_WIRE;
        return d >= MODULUS / 2 ? d - MODULUS : d;
    }

    private static void checkWire(long value, String name) {
        if (value < 0 || value > MAX_WIRE) {
            throw new IllegalArgumentException(name + " must be a 32-bit wire time: " + value);
        }
    }
}
