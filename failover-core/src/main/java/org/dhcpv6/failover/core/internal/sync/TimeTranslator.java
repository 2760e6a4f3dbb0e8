package org.dhcpv6.failover.core.internal.sync;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.dhcpv6.failover.core.internal.time.WireTime;

/**
 * Moves times between the wire and this server's clock for the binding messages of RFC 8156
 * §7.4–§7.6. Wire times are seconds since 2000-01-01 UTC modulo 2^32 (RFC 8156 §5.5, digest §7).
 *
 * <p>{@link #toLocal(long)} reads a time the partner wrote and expresses it on our clock: this is
 * where the design draft's skew estimate is applied (docs/architecture.md "Time skew"). {@link #toWire(Instant)}
 * writes one of our own times; with the design-draft scheme the <em>receiver</em> translates, so
 * implementations normally write our clock unchanged and must not correct for skew a second time.
 *
 * <p>Implementations must be pure functions of their inputs and their fixed state; the codec calls
 * them from the endpoint's event-loop thread only.
 */
public interface TimeTranslator {

    /** A time the partner sent, as an instant on our clock. */
    Instant toLocal(long wireTime);

    /** One of our instants as a wire value, 0..2^32 − 1. */
    long toWire(Instant local);

    /**
     * One of our times as the partner's clock shows it: the inverse of {@link #toLocal}, for
     * values the partner wants back unadjusted (PARTNER_RAW_CLT_TIME, RFC 8156 §7.5.5). Without a
     * skew estimate the clocks are taken as equal.
     */
    default Instant toPartnerClock(Instant local) {
        return local;
    }

    /**
     * The skew estimate {@link #toLocal} applies: the partner's clock minus ours, zero without an
     * estimate. Recorded with every partner lease we store, so that one translated with an
     * estimate that later proves wrong can be found ({@link TranslatedCopies}).
     */
    default Duration partnerAhead() {
        return Duration.ZERO;
    }

    /**
     * Whether round trips show the estimate may be off by more than a couple of seconds, so that a
     * partner time translated now may be stored that much late. False when no round trip says so.
     */
    default boolean inDoubt() {
        return false;
    }

    /**
     * Whether a round trip bounds the estimate, so that {@link #inDoubt} says something: false
     * before the first reply to one of our requests (a restarted secondary, which sends no CONNECT,
     * may store many partner leases before). {@link TranslatedCopies} judges the copies stored
     * before it at the first bound.
     */
    default boolean doubtKnown() {
        return false;
    }

    /**
     * A translator for partners whose clock equals ours: wire values are unwrapped to the instant
     * nearest {@code reference} ({@link WireTime#fromWire}) and written with {@link WireTime#toWire}.
     */
    static TimeTranslator identity(Instant reference) {
        return offset(Duration.ZERO, reference);
    }

    /**
     * A translator for a partner whose clock runs {@code partnerAhead} ahead of ours (negative when
     * it runs behind). A received wire time is unwrapped near {@code reference + partnerAhead} (the
     * partner's "now") and then moved back by {@code partnerAhead}; our own times are written
     * unchanged, because the partner applies its own estimate of us on receipt.
     */
    static TimeTranslator offset(Duration partnerAhead, Instant reference) {
        Objects.requireNonNull(partnerAhead, "partnerAhead");
        Objects.requireNonNull(reference, "reference");
        Instant partnerNow = reference.plus(partnerAhead);
        return new TimeTranslator() {
            @Override
            public Instant toLocal(long wireTime) {
                return WireTime.fromWire(wireTime, partnerNow).minus(partnerAhead);
            }

            @Override
            public long toWire(Instant local) {
                return WireTime.toWire(local);
            }

            @Override
            public Instant toPartnerClock(Instant local) {
                return local.plus(partnerAhead);
            }

            @Override
            public Duration partnerAhead() {
                return partnerAhead;
            }

            @Override
            public String toString() {
                return "TimeTranslator[partnerAhead=" + partnerAhead + ", reference=" + reference + "]";
            }
        };
    }
}
