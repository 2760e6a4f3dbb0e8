package org.dhcpv6.failover.core.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The design draft's moving average over 1-second quantised sent-times with random delays. */
class SkewEstimatorTest {

    private static final Instant T0 = Instant.parse("2026-11-25T12:00:00Z");

    /** Sends one message from a partner whose clock is {@code offset} ahead, over a random delay. */
    private static void exchange(SkewEstimator est, SplittableRandom rnd, Instant localSend, Duration offset) {
        Instant partnerClock = localSend.plus(offset);
        // The wire carries whole seconds only (RFC 8156 §5.2): the partner truncates.
        long wire = WireTime.toWire(partnerClock);
        Instant sent = WireTime.fromWire(wire, partnerClock);
        Duration delay = Duration.ofMillis(rnd.nextInt(0, 200));
        est.addSample(sent, localSend.plus(delay));
    }

    @ParameterizedTest(name = "offset {0} s")
    @ValueSource(longs = {-86_400, -37, 0, 3, 86_400})
    void constantOffsetsAreEstimatedWithinASecond(long offsetSeconds) {
        SplittableRandom rnd = new SplittableRandom(offsetSeconds);
        SkewEstimator est = new SkewEstimator(10);
        Instant local = T0;
        Duration offset = Duration.ofSeconds(offsetSeconds);
        for (int i = 0; i < 10; i++) {
            local = local.plusMillis(rnd.nextInt(1_000, 15_000));
            exchange(est, rnd, local, offset);
        }
        long errorMillis = est.skew().minus(offset).abs().toMillis();
        assertTrue(errorMillis <= 1_000, "estimate " + est.skew() + " for offset " + offset);
        Instant partnerTime = local.plus(offset);
        assertTrue(Duration.between(local, est.toLocal(partnerTime)).abs().toMillis() <= 1_000);
    }

    @Test
    void withoutSamplesThereIsNoEstimate() {
        SkewEstimator est = new SkewEstimator(10);
        assertFalse(est.hasEstimate());
        assertEquals(Duration.ZERO, est.skew());
        assertEquals(T0, est.toLocal(T0));
    }

    @Test
    void aStepChangeIsFollowedAfterTheWindowRefills() {
        SplittableRandom rnd = new SplittableRandom(7);
        SkewEstimator est = new SkewEstimator(10);
        Instant local = T0;
        for (int i = 0; i < 10; i++) {
            local = local.plusSeconds(15);
            exchange(est, rnd, local, Duration.ofSeconds(2));
        }
        // An NTP correction moves the partner's clock by 40 minutes.
        Duration stepped = Duration.ofMinutes(40).plusSeconds(2);
        exchange(est, rnd, local.plusSeconds(15), stepped);
        assertTrue(est.skew().compareTo(Duration.ofMinutes(3)) > 0, "the first sample already moves the average");
        for (int i = 0; i < 10; i++) {
            local = local.plusSeconds(15);
            exchange(est, rnd, local, stepped);
        }
        assertTrue(est.skew().minus(stepped).abs().toMillis() <= 1_000, "followed: " + est.skew());
        assertEquals(10, est.sampleCount(), "the window stays bounded");
    }
}
