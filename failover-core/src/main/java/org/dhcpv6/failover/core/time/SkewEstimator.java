package org.dhcpv6.failover.core.time;

import java.time.Duration;
import java.time.Instant;

/**
 * Estimates how far the partner's wall clock is ahead of ours, so that partner times can be
 * compared with local ones even when the clocks disagree by hours or days.
 *
 * <h2>Algorithm (design draft §7.1)</h2>
 * Every message from the partner carries its sent-time: the partner's wall clock when it sent the
 * message, in whole seconds (RFC 8156 §5.2). On reception we note our own wall clock as early as
 * possible and take one sample {@code sent-time − received-at}. The skew is the moving average of
 * the last {@code window} samples (the design draft's TIME_SKEW_PKTS_AVG, default 10).
 *
 * <h2>Why the half second</h2>
 * The sender truncates its clock to whole seconds, so each sample is low by the fractional part
 * of the sender's clock: uniformly 0 to 1 s over many messages, 0.5 s on average. We add that
 * half second back. What is left is the one-way network delay (the sample cannot tell delay from
 * skew without a round trip), which on a failover link is milliseconds, well inside the ±5 s
 * equality window that every time comparison uses.
 *
 * <h2>When it cannot estimate</h2>
 * Before the first sample there is no estimate: {@link #hasEstimate()} is false and the skew is
 * taken as zero, which is RFC 8156's assumption of synchronised clocks. With fewer samples than
 * the window the average covers those seen so far. A clock step on either side (an NTP
 * correction) shows as a step in the samples and is fully followed after {@code window} messages;
 * keepalive CONTACTs (every 15 s by default) keep samples coming.
 *
 * <p>Not thread-safe: owned by the endpoint's event loop.
 */
public final class SkewEstimator {

    private static final long HALF_SECOND_NANOS = 500_000_000L;

    private final long[] samplesNanos;
    private int next;
    private int count;
    private long sumNanos;

    /**
     * An estimator averaging the last {@code window} samples.
     *
     * @throws IllegalArgumentException if {@code window} is not 1..1000
     */
    public SkewEstimator(int window) {
        if (window < 1 || window > 1000) {
            throw new IllegalArgumentException("skew window must be 1..1000 samples: " + window);
        }
        this.samplesNanos = new long[window];
    }

    /**
     * Adds one sample.
     *
     * @param partnerSentTime the partner's sent-time, already converted to an instant
     * @param receivedAt our wall clock when the message arrived
     */
    public void addSample(Instant partnerSentTime, Instant receivedAt) {
        long sample = Duration.between(receivedAt, partnerSentTime).toNanos();
        if (count == samplesNanos.length) {
            sumNanos -= samplesNanos[next];
        } else {
            count++;
        }
        samplesNanos[next] = sample;
        sumNanos += sample;
        next = (next + 1) % samplesNanos.length;
    }

    /** Whether at least one sample was taken. */
    public boolean hasEstimate() {
        return count > 0;
    }

    /** How many samples the current average covers. */
    public int sampleCount() {
        return count;
    }

    /** The estimated partner clock minus ours; zero before the first sample. */
    public Duration skew() {
        if (count == 0) {
            return Duration.ZERO;
        }
        return Duration.ofNanos(sumNanos / count + HALF_SECOND_NANOS);
    }

    /** A partner wall-clock time expressed on our clock. */
    public Instant toLocal(Instant partnerTime) {
        return partnerTime.minus(skew());
    }

    /** One of our wall-clock times expressed on the partner's clock. */
    public Instant toPartner(Instant localTime) {
        return localTime.plus(skew());
    }

    /** Forgets every sample, e.g. when a new connection starts. */
    public void reset() {
        count = 0;
        next = 0;
        sumNanos = 0;
    }
}
