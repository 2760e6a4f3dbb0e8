package org.dhcpv6.failover.core.internal.alloc;

import static org.dhcpv6.failover.core.internal.alloc.ProportionalPool.DEFAULT_THRESHOLD;
import static org.dhcpv6.failover.core.internal.alloc.ProportionalPool.prefixesToMove;
import static org.dhcpv6.failover.core.internal.alloc.ProportionalPool.shouldRebalanceOnChange;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ProportionalPoolBalanceTest {

    @Test
    void balancedPoolMovesNothing() {
        assertEquals(0, prefixesToMove(50, 50, 0.5, DEFAULT_THRESHOLD));
        assertEquals(0, prefixesToMove(0, 0, 0.5, DEFAULT_THRESHOLD));
    }

    @Test
    void allWithThePrimaryGivesHalf() {
        assertEquals(50, prefixesToMove(100, 0, 0.5, DEFAULT_THRESHOLD));
    }

    @Test
    void thresholdIsRespected() {
        assertEquals(0, prefixesToMove(55, 45, 0.5, 0.15));
        assertEquals(0, prefixesToMove(65, 35, 0.5, 0.15)); // 15 to send, threshold 15: not more
        assertEquals(16, prefixesToMove(66, 34, 0.5, 0.15));
        assertEquals(20, prefixesToMove(70, 30, 0.5, 0.15));
    }

    @Test
    void zeroThresholdMovesAnyImbalance() {
        assertEquals(1, prefixesToMove(51, 49, 0.5, 0.0));
        assertEquals(0, prefixesToMove(51, 50, 0.5, 0.0)); // floor(50.5) = 50 already held
    }

    @Test
    void quarterShare() {
        assertEquals(25, prefixesToMove(100, 0, 0.25, DEFAULT_THRESHOLD));
        assertEquals(0, prefixesToMove(75, 25, 0.25, DEFAULT_THRESHOLD));
        assertEquals(-25, prefixesToMove(50, 50, 0.25, DEFAULT_THRESHOLD));
    }

    @Test
    void takesBackWhenTheSecondaryHoldsTooMany() {
        assertEquals(-30, prefixesToMove(20, 80, 0.5, DEFAULT_THRESHOLD));
        assertEquals(-40, prefixesToMove(0, 40, 0.0, DEFAULT_THRESHOLD));
        assertEquals(40, prefixesToMove(40, 0, 1.0, DEFAULT_THRESHOLD));
    }

    @Test
    void decimalSharesAreExact() {
        // 0.29 × 100 is 28.999999999999996 in doubles; decimal arithmetic gives 29.
        assertEquals(29, prefixesToMove(100, 0, 0.29, DEFAULT_THRESHOLD));
    }

    @Test
    void rebalanceOnChangeBoundaries() {
        assertFalse(shouldRebalanceOnChange(50, 50, 50, 50, 0.15));
        assertFalse(shouldRebalanceOnChange(50, 50, 35, 50, 0.15)); // change 15, threshold 15
        assertTrue(shouldRebalanceOnChange(50, 50, 34, 50, 0.15));
        assertFalse(shouldRebalanceOnChange(50, 50, 50, 65, 0.15)); // total 115: threshold 18
        assertTrue(shouldRebalanceOnChange(50, 50, 50, 69, 0.15));
        assertFalse(shouldRebalanceOnChange(0, 0, 1, 0, 0.15)); // ceil gives a threshold of at least 1
        assertTrue(shouldRebalanceOnChange(0, 0, 2, 0, 0.15));
        assertFalse(shouldRebalanceOnChange(0, 0, 0, 0, 0.15));
    }

    @Test
    void badArgumentsAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> prefixesToMove(-1, 0, 0.5, 0.15));
        assertEquals("free must not be negative: -1", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> prefixesToMove(1, 0, 1.5, 0.15));
        assertEquals("secondaryShare must be between 0 and 1: 1.5", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> shouldRebalanceOnChange(1, 1, 1, 1, Double.NaN));
    }
}
