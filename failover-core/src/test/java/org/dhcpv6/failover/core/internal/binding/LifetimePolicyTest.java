package org.dhcpv6.failover.core.internal.binding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LifetimePolicyTest {

    private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");
    private static final Duration MCLT = Duration.ofHours(1);
    private static final long HOUR = 3600;
    private static final long DAY = 86_400;

    @Test
    void rfcWorkedExampleFirstLeaseRenewalAndSteadyState() {
        long desired = 3 * DAY;

        // First lease: nothing acknowledged yet, so MCLT is all the client gets.
        long first = LifetimePolicy.allowedValidSeconds(desired, null, T0, MCLT, false);
        assertEquals(HOUR, first);
        Instant told1 = LifetimePolicy.partnerLifetime(T0, first, desired, LifetimePolicy.DEFAULT_T1_FRACTION);
        assertEquals(Instant.parse("2024-05-04T10:30:00Z"), told1);

        // The partner acked told1; the client renews at T1 = half an hour.
        Instant renew = T0.plusSeconds(HOUR / 2);
        long second = LifetimePolicy.allowedValidSeconds(desired, told1, renew, MCLT, false);
        assertEquals(3 * DAY, second);
        Instant told2 = LifetimePolicy.partnerLifetime(renew, second, desired, LifetimePolicy.DEFAULT_T1_FRACTION);
        assertEquals(Instant.parse("2024-05-05T22:30:00Z"), told2);
        assertEquals(renew.plusSeconds(DAY * 3 / 2 + 3 * DAY), told2);

        // Steady state: the next renewal at T1 = 1.5 d still gets the full 3 d.
        Instant renew2 = renew.plusSeconds(DAY * 3 / 2);
        assertEquals(3 * DAY, LifetimePolicy.allowedValidSeconds(desired, told2, renew2, MCLT, false));
        assertEquals(renew2.plusSeconds(DAY * 3 / 2 + 3 * DAY),
                LifetimePolicy.partnerLifetime(renew2, 3 * DAY, desired, LifetimePolicy.DEFAULT_T1_FRACTION));
    }

    @Test
    void partnerDownIgnoresMclt() {
        assertEquals(3 * DAY, LifetimePolicy.allowedValidSeconds(3 * DAY, null, T0, MCLT, true));
        assertEquals(3 * DAY, LifetimePolicy.allowedValidSeconds(3 * DAY, T0.minusSeconds(DAY), T0, MCLT, true));
    }

    @Test
    void ackedInThePastCountsAsNothingRemaining() {
        assertEquals(HOUR, LifetimePolicy.allowedValidSeconds(3 * DAY, T0.minusSeconds(600), T0, MCLT, false));
    }

    @Test
    void ackedExactlyNowCountsAsNothingRemaining() {
        assertEquals(HOUR, LifetimePolicy.allowedValidSeconds(3 * DAY, T0, T0, MCLT, false));
    }

    @Test
    void remainingAckedTimePlusMcltCapsTheDesiredLifetime() {
        assertEquals(HOUR + 600, LifetimePolicy.allowedValidSeconds(3 * DAY, T0.plusSeconds(600), T0, MCLT, false));
    }

    @Test
    void partialSecondsOfRemainingTimeAreDropped() {
        Instant acked = T0.plusSeconds(10).plusMillis(999);
        assertEquals(70, LifetimePolicy.allowedValidSeconds(DAY, acked, T0, Duration.ofSeconds(60), false));
    }

    @Test
    void desiredBelowTheCapIsKept() {
        assertEquals(1800, LifetimePolicy.allowedValidSeconds(1800, null, T0, MCLT, false));
    }

    @Test
    void shortResultsAreReturnedSoTheCallerCanRefuseThem() {
        long granted = LifetimePolicy.allowedValidSeconds(DAY, null, T0, Duration.ofSeconds(20), false);
        assertEquals(20, granted);
        assertTrue(LifetimePolicy.isTooShort(granted));
    }

    @ParameterizedTest
    @CsvSource({"0,true", "29,true", "30,false", "3600,false"})
    void isTooShortAtThirtySeconds(long seconds, boolean tooShort) {
        assertEquals(tooShort, LifetimePolicy.isTooShort(seconds));
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class,
                () -> LifetimePolicy.allowedValidSeconds(-1, null, T0, MCLT, false));
        assertThrows(IllegalArgumentException.class,
                () -> LifetimePolicy.allowedValidSeconds(60, null, T0, Duration.ofSeconds(-1), false));
        assertThrows(IllegalArgumentException.class,
                () -> LifetimePolicy.partnerLifetime(T0, 60, 60, 1.5));
        assertThrows(IllegalArgumentException.class,
                () -> LifetimePolicy.partnerLifetime(T0, 60, 60, Double.NaN));
    }

    @Test
    void partnerLifetimeRoundsTheT1PartDown() {
        assertEquals(T0.plusSeconds(15 + 100), LifetimePolicy.partnerLifetime(T0, 31, 100, 0.5));
        assertEquals(T0.plusSeconds(100), LifetimePolicy.partnerLifetime(T0, 31, 100, 0.0));
    }

    @Test
    void scaleReturnsDesiredUnchangedWhenNothingWasCut() {
        Lifetimes l = LifetimePolicy.scale(2 * DAY, 3 * DAY, DAY, DAY * 8 / 5, 3 * DAY);
        assertEquals(new Lifetimes(2 * DAY, 3 * DAY, DAY, DAY * 8 / 5), l);
    }

    @Test
    void scaleShrinksEveryTimeByTheSameRatio() {
        // 3 d cut to 1 h is a ratio of 1/72.
        Lifetimes l = LifetimePolicy.scale(2 * DAY, 3 * DAY, 3 * DAY / 2, 2 * DAY, HOUR);
        assertEquals(new Lifetimes(2400, HOUR, 1800, 2400), l);
    }

    @Test
    void scaleRoundsDownAndKeepsTheOrder() {
        Lifetimes l = LifetimePolicy.scale(99, 100, 50, 80, 33);
        assertEquals(new Lifetimes(32, 33, 16, 26), l);
    }

    @Test
    void scaleKeepsPreferredAtMostGrantedAndDesired() {
        Lifetimes l = LifetimePolicy.scale(100, 100, 0, 0, 40);
        assertEquals(new Lifetimes(40, 40, 0, 0), l);
        Lifetimes same = LifetimePolicy.scale(10, 100, 5, 10, 50);
        assertEquals(new Lifetimes(5, 50, 2, 5), same);
    }

    @Test
    void scaleToZeroGivesZeroes() {
        assertEquals(new Lifetimes(0, 0, 0, 0), LifetimePolicy.scale(50, 100, 10, 20, 0));
    }

    @Test
    void scaleDoesNotOverflowWithInfiniteLifetimes() {
        long inf = 0xFFFF_FFFFL;
        Lifetimes l = LifetimePolicy.scale(inf, inf, inf / 2, inf / 2, inf - 1);
        assertEquals(inf - 1, l.validSeconds());
        assertEquals(inf - 1, l.preferredSeconds());
        assertEquals(2_147_483_646L, l.t1Seconds());
        assertTrue(l.t1Seconds() <= l.t2Seconds());
    }

    @Test
    void scaleRejectsGrantedOutsideZeroToDesired() {
        assertThrows(IllegalArgumentException.class, () -> LifetimePolicy.scale(50, 100, 10, 20, 101));
        assertThrows(IllegalArgumentException.class, () -> LifetimePolicy.scale(50, 100, 10, 20, -1));
    }

    @Test
    void scaleRejectsUnorderedDesiredTimes() {
        assertThrows(IllegalArgumentException.class, () -> LifetimePolicy.scale(50, 100, 30, 20, 50));
    }

    @Test
    void lifetimesAreValidated() {
        assertSame(Lifetimes.class, new Lifetimes(0, 0, 0, 0).getClass());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Lifetimes(10, 5, 0, 0));
        assertTrue(e.getMessage().contains("preferredSeconds 10"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Lifetimes(10, 20, -1, 0));
        assertThrows(IllegalArgumentException.class, () -> new Lifetimes(10, 20, 5, 11));
        assertThrows(IllegalArgumentException.class, () -> new Lifetimes(10, 20, 6, 5));
        assertThrows(IllegalArgumentException.class, () -> new Lifetimes(10, 0x1_0000_0000L, 0, 0));
        assertFalse(new Lifetimes(10, 20, 5, 8).t1Seconds() > 5);
    }
}
