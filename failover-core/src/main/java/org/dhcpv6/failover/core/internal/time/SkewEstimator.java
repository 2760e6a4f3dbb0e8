package org.dhcpv6.failover.core.internal.time;

import java.time.Duration;
import java.time.Instant;

/**
 * Estimates how far the partner's wall clock is ahead of ours, so that partner times can be
 * compared with local ones even when the clocks disagree by hours or days.
 *
 * <h2>Algorithm (design draft §7.1, with a least-delay filter)</h2>
 * Every message from the partner carries its sent-time: the partner's wall clock when it sent the
 * message, in whole seconds (RFC 8156 §5.2). On reception we note our own wall clock as early as
 * possible and take one sample {@code sent-time − received-at}. We keep the last {@code window}
 * samples (the design draft's TIME_SKEW_PKTS_AVG, default 10).
 *
 * <p>Each sample is the skew less two non-negative errors: the fractional second the sender
 * truncated, and the one-way delay (network, plus any time the message waited unread, e.g. while
 * either process stalled). No sample can be above the true skew, so the estimate is the
 * <em>largest</em> sample of the window, the least delayed one, as NTP's clock filter prefers the
 * sample of least delay. The design draft's plain average does not have that property: after a
 * stall of one side a burst of messages arrives late at once, and the average of their samples is
 * off by about half the stall (tens of seconds), while a partner time translated with it is stored
 * and never translated again (a binding sent then would disagree with the partner's copy for good).
 *
 * <h2>Why the half second</h2>
 * The largest sample's truncated fraction lies between 0 and 1 s; we add half a second back, so
 * the estimate is within ±0.5 s of the skew whenever one sample of the window lost less than a
 * second to truncation and delay together, which with a failover link's millisecond delays is
 * every sample: well inside the ±5 s equality window that every time comparison uses.
 *
 * <h2>When it cannot estimate</h2>
 * Before the first sample there is no estimate: {@link #hasEstimate()} is false and the skew is
 * taken as zero, which is RFC 8156's assumption of synchronised clocks. With fewer samples than
 * the window the estimate covers those seen so far. A clock step on either side (an NTP
 * correction) shows as a step in the samples: one that raises them (the partner's clock stepped
 * forward, or ours back) is followed at once, since no delay can raise a sample; one that lowers
 * them cannot be told from delay and is followed once the earlier samples have left the window.
 *
 * <h2>The window is the last {@code window} messages and the last {@link #HOLD}</h2>
 * Ten messages alone are no window in time: a burst of BNDUPDs (an UPDREQALL answer, hundreds of
 * messages within milliseconds) replaces them all at once, and when the link is slow for a while
 * (a congested path, a retransmitting TCP connection: 1 to 20 s for up to 5 min in the simulator)
 * every sample of the burst is low by that delay. The estimate then dropped by up to 20 s and the
 * bindings of the burst were stored that far off, for good (docs/decisions/0010).
 * So the largest sample also stays in force for {@link #HOLD} of our monotonic clock after it was
 * taken, however many messages follow (kept as the largest sample of each twentieth of the hold,
 * so a newer one is at hand when it ages out). The price is that a step that lowers the samples (the
 * partner's clock stepped back, or ours forward) is followed after {@code HOLD} instead of after
 * ten messages; a sample older than that, of a clock drifting 200 ppm from ours, is at most
 * 0.24 s off.
 *
 * <h2>How far off it may be: round trips</h2>
 * A lone sample says only that the skew is at least that much; when every sample of the window
 * was delayed (a server restarted while the link was slow has no older sample to fall back on)
 * the estimate is low by the least delay, and nothing in the samples shows it. A reply to one of
 * our requests bounds the skew from above: the partner sent it after our request left, so its
 * sent-time (plus the second it truncated) less our send time is at least the skew. The
 * smallest such bound of the last {@link #HOLD} ({@link #addRoundTrip}, kept in buckets as the
 * samples are) less the estimate is {@link #doubt()}: about half a second on a fast link, at
 * least the least round trip on a slow one. Clock steps make old bounds meaningless (a step that
 * raises the samples leaves them below the estimate); such a doubt is negative and says nothing.
 *
 * <p>Not thread-safe: owned by the endpoint's event loop.
 */
public final class SkewEstimator {

    /**
     * How long the largest sample stays in force after it was taken, on our monotonic clock:
     * longer than any stretch of slow delivery it has to ride out.
     */
    public static final Duration HOLD = Duration.ofMinutes(10);

    private static final long HALF_SECOND_NANOS = 500_000_000L;

    private final long[] samplesNanos;
    private int next;
    private int count;
    /** The largest sample taken within {@link #HOLD}: the estimate less the half second. */
    private long maxNanos;
    /**
     * The largest sample of each {@link #BUCKET_NANOS} of the last {@link #HOLD}, by bucket number
     * (monotonic time / bucket) modulo {@link #BUCKETS}. One held maximum was not enough: samples
     * of a drifting clock, truncated to whole seconds, may never reach it again, so it aged out
     * whenever it had to, during a delay spike too, and the ten delayed samples of the window took
     * over; bindings received then were stored 5 s off (docs/decisions/0010). Per-bucket maxima keep the
     * least delayed sample of every stretch of the hold.
     */
    private final long[] bucketMaxNanos = new long[BUCKETS];
    private final long[] bucketNumber = new long[BUCKETS];

    /** The smallest upper bound from a round trip of each bucket, numbered as the samples' are. */
    private final long[] upperMinNanos = new long[BUCKETS];
    private final long[] upperBucketNumber = new long[BUCKETS];
    /** The smallest upper bound of the buckets of the last {@link #HOLD}, or {@link Long#MAX_VALUE}. */
    private long minUpperNanos = Long.MAX_VALUE;

    private static final int BUCKETS = 20;
    private static final long BUCKET_NANOS = HOLD.toNanos() / BUCKETS;

    // The last values handed out, kept because every partner time of a BNDUPD is translated with
    // them: a resync would otherwise build two objects per binding for the same estimate.
    private Duration lastSkew;
    private long lastSkewNanos;
    private java.util.Optional<Duration> lastDoubt;
    private long lastDoubtNanos;

    /**
     * An estimator keeping the last {@code window} samples, and the largest for {@link #HOLD}.
     *
     * @throws IllegalArgumentException if {@code window} is not 1..1000
     */
    public SkewEstimator(int window) {
        if (window < 1 || window > 1000) {
            throw new IllegalArgumentException("skew window must be 1..1000 samples: " + window);
        }
        this.samplesNanos = new long[window];
        java.util.Arrays.fill(upperBucketNumber, Long.MIN_VALUE);
    }

    /**
     * Adds one sample, aging samples by {@code receivedAt} (for callers without a monotonic clock).
     *
     * @param partnerSentTime the partner's sent-time, already converted to an instant
     * @param receivedAt our wall clock when the message arrived
     */
    public void addSample(Instant partnerSentTime, Instant receivedAt) {
        addSample(partnerSentTime, receivedAt,
                receivedAt.getEpochSecond() * 1_000_000_000L + receivedAt.getNano());
    }

    /**
     * Adds one sample.
     *
     * @param partnerSentTime the partner's sent-time, already converted to an instant
     * @param receivedAt our wall clock when the message arrived
     * @param monotonicNanos our monotonic clock when the message arrived, to age samples by
     */
    public void addSample(Instant partnerSentTime, Instant receivedAt, long monotonicNanos) {
        long sample = Duration.between(receivedAt, partnerSentTime).toNanos();
        if (count < samplesNanos.length) {
            count++;
        }
        samplesNanos[next] = sample;
        next = (next + 1) % samplesNanos.length;
        long bucket = Math.floorDiv(monotonicNanos, BUCKET_NANOS);
        int slot = (int) Math.floorMod(bucket, (long) BUCKETS);
        if (count == 1 || bucketNumber[slot] != bucket) {
            if (count == 1) {
                java.util.Arrays.fill(bucketNumber, Long.MIN_VALUE);
            }
            bucketNumber[slot] = bucket;
            bucketMaxNanos[slot] = sample;
        } else {
            bucketMaxNanos[slot] = Math.max(bucketMaxNanos[slot], sample);
        }
        // The largest sample of the buckets of the last HOLD (a bucket ahead of this one, left by
        // a wall clock stepped back when there is no monotonic clock, does not count).
        long max = Long.MIN_VALUE;
        for (int i = 0; i < BUCKETS; i++) {
            long age = bucket - bucketNumber[i];
            if (bucketNumber[i] != Long.MIN_VALUE && age >= 0 && age < BUCKETS) {
                max = Math.max(max, bucketMaxNanos[i]);
            }
        }
        maxNanos = max;
        minUpperNanos = smallestUpperBound(bucket);
    }

    /**
     * Adds an upper bound from a round trip: the partner's reply to a request of ours. Call it
     * after {@link #addSample} for the reply itself.
     *
     * @param partnerReplySentTime the reply's sent-time, already converted to an instant
     * @param requestSentAt our wall clock when the request was sent
     * @param monotonicNanos our monotonic clock when the reply arrived, to age bounds by
     */
    public void addRoundTrip(Instant partnerReplySentTime, Instant requestSentAt, long monotonicNanos) {
        long bound = Duration.between(requestSentAt, partnerReplySentTime).toNanos() + 2 * HALF_SECOND_NANOS;
        long bucket = Math.floorDiv(monotonicNanos, BUCKET_NANOS);
        int slot = (int) Math.floorMod(bucket, (long) BUCKETS);
        if (upperBucketNumber[slot] != bucket) {
            upperBucketNumber[slot] = bucket;
            upperMinNanos[slot] = bound;
        } else {
            upperMinNanos[slot] = Math.min(upperMinNanos[slot], bound);
        }
        minUpperNanos = smallestUpperBound(bucket);
    }

    private long smallestUpperBound(long bucket) {
        long min = Long.MAX_VALUE;
        for (int i = 0; i < BUCKETS; i++) {
            long age = bucket - upperBucketNumber[i];
            if (upperBucketNumber[i] != Long.MIN_VALUE && age >= 0 && age < BUCKETS) {
                min = Math.min(min, upperMinNanos[i]);
            }
        }
        return min;
    }

    /**
     * How far the skew may lie above the estimate, as the round trips of the last {@link #HOLD}
     * bound it; empty without an estimate or a round trip. Negative after a clock step.
     */
    public java.util.Optional<Duration> doubt() {
        if (count == 0 || minUpperNanos == Long.MAX_VALUE) {
            return java.util.Optional.empty();
        }
        long nanos = minUpperNanos - (maxNanos + HALF_SECOND_NANOS);
        if (lastDoubt == null || lastDoubtNanos != nanos) {
            lastDoubt = java.util.Optional.of(Duration.ofNanos(nanos));
            lastDoubtNanos = nanos;
        }
        return lastDoubt;
    }

    /** Whether at least one sample was taken. */
    public boolean hasEstimate() {
        return count > 0;
    }

    /** How many samples the message window holds. */
    public int sampleCount() {
        return count;
    }

    /** The estimated partner clock minus ours; zero before the first sample. */
    public Duration skew() {
        if (count == 0) {
            return Duration.ZERO;
        }
        long nanos = maxNanos + HALF_SECOND_NANOS;
        if (lastSkew == null || lastSkewNanos != nanos) {
            lastSkew = Duration.ofNanos(nanos);
            lastSkewNanos = nanos;
        }
        return lastSkew;
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
        maxNanos = 0;
        java.util.Arrays.fill(upperBucketNumber, Long.MIN_VALUE);
        minUpperNanos = Long.MAX_VALUE;
    }
}
