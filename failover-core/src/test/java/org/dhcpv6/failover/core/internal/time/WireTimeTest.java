package org.dhcpv6.failover.core.internal.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class WireTimeTest {

    private static final Instant EPOCH_2000 = Instant.parse("2000-01-01T00:00:00Z");
    /** 2^32 seconds after 2000-01-01: the first wrap of the wire counter. */
    private static final Instant WRAP = Instant.parse("2136-02-07T06:28:16Z");

    @Test
    void epochIs2000() {
        assertEquals(EPOCH_2000.getEpochSecond(), WireTime.EPOCH_2000_SECONDS);
        assertEquals(0, WireTime.toWire(EPOCH_2000));
        assertEquals(WRAP.getEpochSecond(), WireTime.EPOCH_2000_SECONDS + (1L << 32));
    }

    @Test
    void toWireCountsSecondsAndDropsFractions() {
        assertEquals(86_400, WireTime.toWire(Instant.parse("2000-01-02T00:00:00Z")));
        assertEquals(86_400, WireTime.toWire(Instant.parse("2000-01-02T00:00:00.999Z")));
        assertEquals(0x31a2b3c4L, WireTime.toWire(EPOCH_2000.plusSeconds(0x31a2b3c4L)));
    }

    @Test
    void toWireWrapsModulo2To32() {
        assertEquals(0, WireTime.toWire(WRAP));
        assertEquals(0xFFFF_FFFFL, WireTime.toWire(WRAP.minusSeconds(1)));
        assertEquals(5, WireTime.toWire(WRAP.plusSeconds(5)));
        assertEquals(0xFFFF_FFFFL, WireTime.toWire(EPOCH_2000.minusSeconds(1)));
    }

    @Test
    void fromWireRoundTripsNearTheReference() {
        Instant now = Instant.parse("2026-05-23T10:00:00Z");
        assertEquals(now, WireTime.fromWire(WireTime.toWire(now), now));
        assertEquals(now.minusSeconds(3600), WireTime.fromWire(WireTime.toWire(now) - 3600, now));
        assertEquals(now.plusSeconds(3600), WireTime.fromWire(WireTime.toWire(now) + 3600, now));
    }

    @Test
    void fromWireCrossesTheWrapBothWays() {
        Instant justBefore = WRAP.minusSeconds(10);
        assertEquals(WRAP.plusSeconds(20), WireTime.fromWire(20, justBefore));
        Instant justAfter = WRAP.plusSeconds(10);
        assertEquals(WRAP.minusSeconds(20), WireTime.fromWire(0xFFFF_FFFFL - 19, justAfter));
    }

    @Test
    void fromWireIgnoresReferenceFraction() {
        Instant ref = Instant.parse("2026-05-23T10:00:00.700Z");
        assertEquals(Instant.parse("2026-05-23T10:00:05Z"), WireTime.fromWire(WireTime.toWire(ref) + 5, ref));
    }

    @Test
    void wireDifferenceIsSignedModulo2To32() {
        assertEquals(5, WireTime.wireDifference(15, 10));
        assertEquals(-5, WireTime.wireDifference(10, 15));
        assertEquals(2, WireTime.wireDifference(1, 0xFFFF_FFFFL));
        assertEquals(-2, WireTime.wireDifference(0xFFFF_FFFFL, 1));
        assertEquals(-(1L << 31), WireTime.wireDifference(1L << 31, 0));
        assertEquals((1L << 31) - 1, WireTime.wireDifference((1L << 31) - 1, 0));
    }

    @Test
    void rejectsValuesOutside32Bits() {
        assertThrows(IllegalArgumentException.class, () -> WireTime.wireDifference(-1, 0));
        assertThrows(IllegalArgumentException.class, () -> WireTime.wireDifference(0, 1L << 32));
        assertThrows(IllegalArgumentException.class, () -> WireTime.fromWire(1L << 32, EPOCH_2000));
    }
}
