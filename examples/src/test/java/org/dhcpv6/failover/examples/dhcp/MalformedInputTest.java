package org.dhcpv6.failover.examples.dhcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The decoder never trusts a length: bad input gives {@link MalformedMessageException}, nothing else. */
class MalformedInputTest {

    @Test
    void truncationAtEveryOffsetIsMalformedExceptAtOptionBoundaries() throws Exception {
        check(GoldenPackets.SOLICIT, GoldenPackets.SOLICIT_BOUNDARIES);
        check(GoldenPackets.RELAYED_RENEW, GoldenPackets.RELAYED_RENEW_BOUNDARIES);
    }

    private static void check(String golden, int[] boundaries) throws Exception {
        byte[] wire = GoldenPackets.bytes(golden);
        for (int len = 0; len < wire.length; len++) {
            byte[] cut = Arrays.copyOf(wire, len);
            int l = len;
            if (IntStream.of(boundaries).anyMatch(b -> b == l)) {
                assertArrayEquals(cut, DhcpEncoder.encode(DhcpDecoder.decode(cut)), "prefix of " + len);
            } else {
                MalformedMessageException e = assertThrows(MalformedMessageException.class,
                        () -> DhcpDecoder.decode(cut), "prefix of " + len);
                assertTrue(e.offset() >= 0 && e.offset() <= len, "offset " + e.offset() + " for length " + len);
            }
        }
    }

    @Test
    void randomCorruptionNeverThrowsAnythingElse() {
        SplittableRandom random = new SplittableRandom(8415);
        byte[][] goldens = {
            GoldenPackets.bytes(GoldenPackets.SOLICIT),
            GoldenPackets.bytes(GoldenPackets.RELAYED_RENEW),
            GoldenPackets.bytes(GoldenPackets.REPLY),
        };
        for (int i = 0; i < 20_000; i++) {
            byte[] wire = goldens[i % goldens.length].clone();
            int flips = 1 + random.nextInt(4);
            for (int f = 0; f < flips; f++) {
                wire[random.nextInt(wire.length)] = (byte) random.nextInt(256);
            }
            try {
                DhcpDecoder.decode(wire);
            } catch (MalformedMessageException expected) {
                // the one allowed failure
            } catch (RuntimeException e) {
                fail("iteration " + i + " threw " + e + " for " + Octets.of(wire), e);
            }
        }
    }
}
