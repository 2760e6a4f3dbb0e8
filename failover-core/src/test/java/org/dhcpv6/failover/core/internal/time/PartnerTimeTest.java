package org.dhcpv6.failover.core.internal.time;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PartnerTimeTest {

    /** The translation as first written: unwrap near the partner's "now", then move back by the skew. */
    private static Instant reference(long wire, Instant ourNow, Duration partnerAhead) {
        return PartnerTime.partnerReading(wire, ourNow, partnerAhead).minus(partnerAhead);
    }

    @Test
    void toLocalMatchesUnwrappingThenMovingBackForEveryKindOfSkew() {
        Random random = new Random(8156);
        for (int i = 0; i < 200_000; i++) {
            Instant now = Instant.ofEpochSecond(WireTime.EPOCH_2000_SECONDS + random.nextInt(Integer.MAX_VALUE),
                    random.nextInt(4) == 0 ? 0 : random.nextInt(1_000_000_000));
            Duration ahead = switch (random.nextInt(4)) {
                case 0 -> Duration.ZERO;
                case 1 -> Duration.ofSeconds(random.nextInt(7200) - 3600);
                default -> Duration.ofNanos(random.nextLong() % 10_000_000_000_000L);
            };
            long wire = random.nextInt(3) == 0 ? random.nextLong() & WireTime.MAX_WIRE
                    : (WireTime.toWire(now.plus(ahead)) + random.nextInt(200_000) - 100_000) & WireTime.MAX_WIRE;
            assertEquals(reference(wire, now, ahead), PartnerTime.toLocal(wire, now, ahead),
                    () -> "wire " + wire + ", now " + now + ", ahead " + ahead);
        }
    }

    @Test
    void toLocalUnwrapsAcrossTheWireTimesWrap() {
        Instant now = Instant.ofEpochSecond(WireTime.EPOCH_2000_SECONDS + WireTime.MAX_WIRE, 900_000_000);
        Duration ahead = Duration.ofMillis(1_500);
        for (long wire : new long[] {0, 1, WireTime.MAX_WIRE, WireTime.MAX_WIRE - 10}) {
            assertEquals(reference(wire, now, ahead), PartnerTime.toLocal(wire, now, ahead));
        }
    }
}
