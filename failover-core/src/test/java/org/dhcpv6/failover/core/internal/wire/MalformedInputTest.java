package org.dhcpv6.failover.core.internal.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class MalformedInputTest {

    private static MalformedMessageException malformed(String hex) {
        return assertThrows(MalformedMessageException.class, () -> MessageCodec.decode(GoldenFrames.hex(hex)));
    }

    @Test
    void truncatedHeader() {
        assertEquals(0, malformed("2200").offset());
        assertEquals(7, malformed("22000103 31a2b3").offset());
    }

    @Test
    void unknownMessageType() {
        MalformedMessageException e = malformed("01000103 31a2b3c4");
        assertEquals(0, e.offset());
        assertTrue(e.reason().contains("unknown message type 1"), e.reason());
        assertTrue(e.getMessage().contains("offset 0"), e.getMessage());
    }

    @Test
    void optionHeaderOverrunningMessage() {
        assertEquals(8, malformed("23000104 31a2b3c4 007a00").offset());
    }

    @Test
    void lyingOptionLength() {
        MalformedMessageException e = malformed("23000104 31a2b3c4 0fa0 ffff 00");
        assertEquals(10, e.offset());
    }

    @Test
    void nestedLengthOverrunningParent() {
        // CLIENT_DATA of 8 octets holding a CLIENTID that claims 10.
        assertEquals(14, malformed("18000200 31a2b3c4 002d0008 0001000a 00030001").offset());
    }

    @Test
    void wrongFixedLength() {
        MalformedMessageException e = malformed("1f000102 31a2b3c4 007a0003 000e10");
        assertTrue(e.reason().contains("OPTION_F_MCLT must be 4"), e.reason());
        malformed("22000103 31a2b3c4 00840002 0400");
    }

    @Test
    void tooShortVariableOption() {
        malformed("21000105 31a2b3c4 000d0001 00");
        malformed("18000200 31a2b3c4 002d0010 0003000c 00000001 00000708 00000b");
    }

    @Test
    void illegalNesting() {
        // IAADDR at the top of a message.
        assertTrue(malformed("18000200 31a2b3c4 00050018 20010db8000000000000000000000011 00000e10 00001c20")
                .reason().contains("OPTION_IAADDR may not appear at the top level"));
        // CLIENT_DATA inside IA_NA inside CLIENT_DATA.
        assertTrue(malformed("18000200 31a2b3c4 002d0014 00030010 00000001 00000000 00000000 002d0000")
                .reason().contains("OPTION_CLIENT_DATA may not appear inside OPTION_IA_NA"));
    }

    @Test
    void badTextAndPrefixLength() {
        assertTrue(malformed("21000105 31a2b3c4 000d0003 0014ff").reason().contains("UTF-8"));
        malformed("1f000102 31a2b3c4 00820002 6100");
        malformed("18000201 31a2b3c4 001a0019 00000000 00000000 81 20010db8000100000000000000000000");
    }

    @Test
    void everyTruncatedFrameIsMalformed() {
        for (GoldenFrames.Golden g : GoldenFrames.all()) {
            byte[] frame = g.frame();
            for (int cut = 0; cut < frame.length; cut++) {
                byte[] truncated = Arrays.copyOf(frame, cut);
                assertThrows(MalformedMessageException.class, () -> Frames.unframe(truncated),
                        g.name() + " cut at " + cut);
            }
        }
    }

    @Test
    void truncatedBodiesFailOrStopAtAnOptionBoundary() {
        for (GoldenFrames.Golden g : GoldenFrames.all()) {
            byte[] body = g.body();
            for (int cut = 0; cut < body.length; cut++) {
                try {
                    FailoverMessage m = MessageCodec.decode(body, 0, cut);
                    // Only a cut between top-level options leaves a well-formed, shorter message.
                    assertEquals(g.expected().options().subList(0, m.options().size()), m.options(),
                            g.name() + " cut at " + cut);
                } catch (MalformedMessageException expected) {
                    assertTrue(expected.offset() >= 0 && expected.offset() <= cut, g.name() + " cut at " + cut);
                } catch (RuntimeException e) {
                    fail(g.name() + " cut at " + cut + " threw " + e);
                }
            }
        }
    }

    @Test
    void encoderRefusesOversizedOptions() {
        byte[] big = new byte[40_000];
        ClientDataOption cd = new ClientDataOption(java.util.List.of(new VssOption(big), new VssOption(big)));
        assertThrows(IllegalArgumentException.class, () -> MessageCodec.encode(BndUpd.of(1, 0, cd)));
    }
}
