package org.dhcpv6.failover.core.internal.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.dhcpv6.failover.api.FailoverListener;
import org.dhcpv6.failover.api.RelationshipConfig;
import org.dhcpv6.failover.api.SkewPolicy;
import org.dhcpv6.failover.core.internal.time.SkewEstimator;
import org.dhcpv6.failover.core.internal.time.WireTime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the endpoint's skew policy around a {@link SkewEstimator}: feeds it every received
 * sent-time, translates partner wire times to our clock, warns once per change above 5 s, tells
 * the listener when the estimate moves, and enforces RFC 8156's 5 s limit in strict mode.
 */
final class ClockSkew {

    private static final Logger LOG = LoggerFactory.getLogger(ClockSkew.class);
    /** RFC 8156 §7.1: clocks within this are "synchronised"; also the equality window. */
    static final Duration RFC_LIMIT = Duration.ofSeconds(5);
    /** How far the estimate must move before the listener hears of it. */
    private static final Duration REPORT_STEP = Duration.ofSeconds(1);

    private final String name;
    private final SkewPolicy policy;
    private final FailoverListener listener;
    private final SkewEstimator estimator;
    private Duration reported = Duration.ZERO;
    private boolean warnedBeyondLimit;
    private boolean changed;

    ClockSkew(RelationshipConfig config, FailoverListener listener) {
        this.name = config.name();
        this.policy = config.skewPolicy();
        this.listener = listener;
        this.estimator = new SkewEstimator(config.timeSkewSamples());
    }

    /**
     * Takes one sample from a received message. Returns false when the strict policy says the
     * connection must be dropped (the sample is more than 5 s off).
     */
    boolean sample(long wireSentTime, Now now) {
        Instant sent = WireTime.fromWire(wireSentTime, now.wall().plus(estimator.skew()));
        if (policy == SkewPolicy.RFC8156_STRICT && exceedsLimit(Duration.between(now.wall(), sent))) {
            return false;
        }
        estimator.addSample(sent, now.wall(), now.nanos());
        Duration current = estimator.skew();
        if (current.minus(reported).abs().compareTo(REPORT_STEP) >= 0) {
            reported = current;
            changed = true;
            listener.skewChanged(name, current);
            boolean beyond = exceedsLimit(current);
            if (beyond && !warnedBeyondLimit) {
                LOG.warn("{}: partner clock differs from ours by {} ms; translating partner times "
                        + "(RFC 8156 expects synchronised clocks)", name, current.toMillis());
            }
            warnedBeyondLimit = beyond;
        }
        return true;
    }

    /**
     * A reply to one of our requests arrived (its own sample already taken): it bounds the skew
     * from above, which says how far off the estimate may be ({@link #inDoubt}).
     *
     * @param requestSentAt our wall clock when we sent the request
     * @param replyWireSentTime the reply's sent-time
     */
    void roundTrip(Instant requestSentAt, long replyWireSentTime, Now now) {
        if (requestSentAt == null) {
            return;
        }
        Instant sent = WireTime.fromWire(replyWireSentTime, now.wall().plus(estimator.skew()));
        estimator.addRoundTrip(sent, requestSentAt, now.nanos());
    }

    /**
     * Whether the last round trips leave the estimate uncertain by more than {@link #DOUBT_LIMIT}:
     * every sample of the window was delayed that much (a restart while the link is slow).
     * Unknown (no round trip yet) is not doubt.
     */
    boolean inDoubt() {
        return estimator.doubt().map(d -> d.compareTo(DOUBT_LIMIT) > 0).orElse(false);
    }

    /**
     * Whether a round trip of the last {@code SkewEstimator.HOLD} bounds the estimate, so that
     * {@link #inDoubt} says something; false before the first reply to one of our requests.
     */
    boolean doubtKnown() {
        return estimator.doubt().isPresent();
    }

    /**
     * How uncertain the estimate may be before partner times translated with it are treated as
     * possibly off: above the half second of truncation, well inside the ±5 s equality window.
     */
    static final Duration DOUBT_LIMIT = Duration.ofSeconds(2);

    /** How far the skew may lie above the estimate as round trips bound it; empty while none does. */
    Optional<Duration> uncertainty() {
        return estimator.doubt();
    }

    /** Whether the estimate moved by a reportable step since the last call. */
    boolean takeChanged() {
        boolean c = changed;
        changed = false;
        return c;
    }

    /** Whether a CONNECT with this sent-time must be refused under the strict policy. */
    boolean refusesConnect(long wireSentTime, Now now) {
        if (policy != SkewPolicy.RFC8156_STRICT) {
            return false;
        }
        Instant sent = WireTime.fromWire(wireSentTime, now.wall());
        return exceedsLimit(Duration.between(now.wall(), sent));
    }

    /** A partner wire time expressed on our clock. */
    Instant toLocal(long wireTime, Now now) {
        Instant partnerNow = now.wall().plus(estimator.skew());
        return estimator.toLocal(WireTime.fromWire(wireTime, partnerNow));
    }

    /** The current estimate: partner clock minus ours. */
    Duration skew() {
        return estimator.skew();
    }

    private static boolean exceedsLimit(Duration d) {
        return d.abs().compareTo(RFC_LIMIT) > 0;
    }
}
