package org.dhcpv6.failover.core.internal.binding;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The lifetime rules of RFC 8156 §4.4 as pure functions: how long a client may be given
 * (the MCLT cap), how the other client-facing times shrink with it, and what partner lifetime
 * to tell the partner. Nothing here reads a clock; {@code now} is always a parameter.
 *
 * <p>Whole seconds throughout, because lifetimes and absolute times travel on the wire as
 * 32-bit second counts (RFC 8156 §5.5).
 */
public final class LifetimePolicy {

    /** Failover MUST NOT be used for new leases shorter than this many seconds (RFC 8156 §1). */
    public static final long MIN_LEASE_SECONDS = 30;

    /** The T1 fraction of the RFC 8156 §4.4.1 example policy: the client renews half way. */
    public static final double DEFAULT_T1_FRACTION = 0.5;

    /** The largest lifetime a 32-bit wire field holds; 0xFFFFFFFF also means "infinite". */
    static final long MAX_WIRE_SECONDS = 0xFFFF_FFFFL;

    private LifetimePolicy() {
    }

    /**
     * The valid lifetime this server may give a client (RFC 8156 §4.4, digest §6.2).
     *
     * <p>Outside PARTNER-DOWN the client's lease must not end more than MCLT after the
     * partner lifetime the partner has acknowledged, so the result is
     * {@code min(desired, max(acked - now, 0) + MCLT)}. A missing acknowledgement counts as no
     * time remaining, which gives a new lease at most MCLT. In PARTNER-DOWN the partner cannot
     * be extending anything, so the desired lifetime stands.
     *
     * <p>The remaining acknowledged time and MCLT are rounded down to whole seconds, which can
     * only shorten the result. A result below {@link #MIN_LEASE_SECONDS} is returned as is; the
     * caller decides with {@link #isTooShort(long)}.
     *
     * @param desiredValidSeconds what local policy would give without failover, 0 to 2^32-1
     * @param ackedPartnerLifetimeOrNull the acknowledged partner lifetime, or {@code null} if none
     * @param now the current wall-clock time
     * @param mclt the maximum client lead time of the relationship, not negative
     * @param partnerDown whether this server is in PARTNER-DOWN
     * @return the valid lifetime in seconds, never more than {@code desiredValidSeconds}
     */
    public static long allowedValidSeconds(long desiredValidSeconds, Instant ackedPartnerLifetimeOrNull,
            Instant now, Duration mclt, boolean partnerDown) {
        checkWireSeconds("desiredValidSeconds", desiredValidSeconds);
        Objects.requireNonNull(now, "now");
        checkMclt(mclt);
        if (partnerDown) {
            return desiredValidSeconds;
        }
        long remaining = 0;
        if (ackedPartnerLifetimeOrNull != null && ackedPartnerLifetimeOrNull.isAfter(now)) {
            // getSeconds() of a positive Duration is its whole-second floor.
            remaining = Duration.between(now, ackedPartnerLifetimeOrNull).getSeconds();
        }
        long cap = Math.addExact(remaining, mclt.getSeconds());
        return Math.min(desiredValidSeconds, cap);
    }

    /** Whether a valid lifetime is below {@link #MIN_LEASE_SECONDS} and must not be offered. */
    public static boolean isTooShort(long validSeconds) {
        return validSeconds < MIN_LEASE_SECONDS;
    }

    /**
     * The client-facing times once the valid lifetime has been cut to {@code grantedValid}
     * (RFC 8156 §4.4.1). Preferred lifetime, T1 and T2 are scaled by
     * {@code grantedValid / desiredValid} and rounded down, which keeps their order, keeps each
     * at or below its desired value and keeps the preferred lifetime at or below the granted
     * valid lifetime. Scaling (not clamping) keeps the renewal point at the same fraction of
     * the lease, so a client given MCLT still renews early enough for the partner lifetime
     * to grow, as in the RFC's worked example.
     *
     * @param desiredPreferred the preferred lifetime policy wants, seconds
     * @param desiredValid the valid lifetime policy wants, seconds
     * @param desiredT1 the T1 policy wants, seconds
     * @param desiredT2 the T2 policy wants, seconds
     * @param grantedValid the valid lifetime actually allowed, 0 to {@code desiredValid}
     * @return the desired times unchanged when nothing was cut, else the scaled times
     * @throws IllegalArgumentException if the desired times are not ordered
     *         {@code 0 <= t1 <= t2 <= preferred <= valid} or {@code grantedValid} is outside
     *         {@code 0..desiredValid}
     */
    public static Lifetimes scale(long desiredPreferred, long desiredValid, long desiredT1, long desiredT2,
            long grantedValid) {
        Lifetimes desired = new Lifetimes(desiredPreferred, desiredValid, desiredT1, desiredT2);
        if (grantedValid < 0 || grantedValid > desiredValid) {
            throw new IllegalArgumentException(
                    "grantedValid must be 0.." + desiredValid + " (the desired valid lifetime): " + grantedValid);
        }
        if (grantedValid == desiredValid) {
            return desired;
        }
        return new Lifetimes(part(desiredPreferred, grantedValid, desiredValid), grantedValid,
                part(desiredT1, grantedValid, desiredValid), part(desiredT2, grantedValid, desiredValid));
    }

    /** floor(value * granted / desired); both factors fit 32 bits, so the product fits 64 unsigned. */
    private static long part(long value, long granted, long desired) {
        return Long.divideUnsigned(value * granted, desired);
    }

    /**
     * The partner lifetime to send in a BNDUPD, by the example policy of RFC 8156 §4.4.1:
     * {@code now + t1Fraction * granted + desired}. It lets the next renewal, due at T1, be
     * granted the full desired lifetime. The fractional part is rounded down to whole seconds.
     *
     * @param now the time the lease is granted
     * @param grantedValidSeconds the valid lifetime given to the client
     * @param desiredValidSeconds the valid lifetime policy wants
     * @param t1Fraction the share of the granted lifetime after which the client renews, 0 to 1
     *        (usually {@link #DEFAULT_T1_FRACTION})
     * @return the absolute partner lifetime
     */
    public static Instant partnerLifetime(Instant now, long grantedValidSeconds, long desiredValidSeconds,
            double t1Fraction) {
        Objects.requireNonNull(now, "now");
        checkWireSeconds("grantedValidSeconds", grantedValidSeconds);
        checkWireSeconds("desiredValidSeconds", desiredValidSeconds);
        if (!(t1Fraction >= 0.0 && t1Fraction <= 1.0)) {
            throw new IllegalArgumentException("t1Fraction must be 0..1: " + t1Fraction);
        }
        long untilRenewal = (long) Math.floor(t1Fraction * grantedValidSeconds);
        return now.plusSeconds(untilRenewal).plusSeconds(desiredValidSeconds);
    }

    static void checkWireSeconds(String name, long value) {
        if (value < 0 || value > MAX_WIRE_SECONDS) {
            throw new IllegalArgumentException(name + " must be 0..4294967295: " + value);
        }
    }

    static void checkMclt(Duration mclt) {
        Objects.requireNonNull(mclt, "mclt");
        if (mclt.isNegative()) {
            throw new IllegalArgumentException("mclt must not be negative: " + mclt);
        }
    }
}
