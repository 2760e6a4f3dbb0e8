package org.dhcpv6.failover.core.internal.alloc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

class ProportionalPoolBalancePropertyTest {

    @Property(tries = 2000)
    void movesNeverExceedWhatEachSideHolds(@ForAll @IntRange(min = 0, max = 1 << 16) int free,
            @ForAll @IntRange(min = 0, max = 1 << 16) int backup,
            @ForAll @DoubleRange(min = 0, max = 1) double share,
            @ForAll @DoubleRange(min = 0, max = 0.5) double threshold) {
        int move = ProportionalPool.prefixesToMove(free, backup, share, threshold);
        assertTrue(move <= free && -move <= backup, () -> "moved " + move);
    }

    @Property(tries = 2000)
    void afterMovingTheBalanceIsStable(@ForAll @IntRange(min = 0, max = 1 << 16) int free,
            @ForAll @IntRange(min = 0, max = 1 << 16) int backup,
            @ForAll @DoubleRange(min = 0, max = 1) double share,
            @ForAll @DoubleRange(min = 0, max = 0.5) double threshold) {
        int move = ProportionalPool.prefixesToMove(free, backup, share, threshold);
        // Hysteresis: once moved, the next look moves nothing.
        assertEquals(0, ProportionalPool.prefixesToMove(free - move, backup + move, share, threshold));
    }
}
