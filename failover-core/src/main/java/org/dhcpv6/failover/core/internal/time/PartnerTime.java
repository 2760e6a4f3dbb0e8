package org.dhcpv6.failover.core.internal.time;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The one place partner times are translated (docs/architecture.md "Time skew"). Given the skew
 * estimate (the partner's clock minus ours, {@link SkewEstimator#skew}), a wire time the partner
 * wrote is unwrapped near the partner's "now" and moved onto our clock; one of our times goes
 * back onto the partner's clock for the values it wants back unadjusted (RFC 8156 §7.5.5); and
 * the estimate's doubt says whether a translation may be off. The engine feeds the estimator;
 * sync reads partner times through {@code sync.TimeTranslator}, which calls these.
 */
public final class PartnerTime {

    /**
     * How uncertain the estimate may be before partner times translated with it are treated as
     * possibly off: above the half second of truncation, well inside the ±5 s equality window.
     */
    public static final Duration DOUBT_LIMIT = Duration.ofSeconds(2);

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private PartnerTime() {
    }

    /** A wire time the partner wrote, as the partner's clock read it (unwrapped near its "now"). */
    public static Instant partnerReading(long wireTime, Instant ourNow, Duration partnerAhead) {
        Objects.requireNonNull(partnerAhead, "partnerAhead");
        return WireTime.fromWire(wireTime, ourNow.plus(partnerAhead));
    }

    /** A wire time the partner wrote, as an instant on our clock. */
    public static Instant toLocal(long wireTime, Instant ourNow, Duration partnerAhead) {
        Objects.requireNonNull(partnerAhead, "partnerAhead");
        // partnerReading(...).minus(partnerAhead) in whole seconds, building one instant instead
        // of four: every partner time of every BNDUPD comes through here.
        long aheadSeconds = partnerAhead.getSeconds();
        int aheadNanos = partnerAhead.getNano();
        long partnerNowSecond = Math.addExact(Math.addExact(ourNow.getEpochSecond(), aheadSeconds),
                ourNow.getNano() + aheadNanos >= NANOS_PER_SECOND ? 1 : 0);
        long reading = Math.addExact(partnerNowSecond,
                WireTime.wireDifference(wireTime, WireTime.toWireSeconds(partnerNowSecond)));
        return Instant.ofEpochSecond(Math.subtractExact(reading, aheadSeconds), -aheadNanos);
    }

    /** One of our times as the partner's clock shows it: the inverse of {@link #toLocal}. */
    public static Instant toPartnerClock(Instant local, Duration partnerAhead) {
        return local.plus(partnerAhead);
    }

    /**
     * Whether round trips leave the estimate uncertain by more than {@link #DOUBT_LIMIT}, given
     * {@link SkewEstimator#doubt}; unknown (no round trip yet) is not doubt.
     */
    public static boolean inDoubt(Optional<Duration> doubt) {
        return doubt.map(d -> d.compareTo(DOUBT_LIMIT) > 0).orElse(false);
    }
}
