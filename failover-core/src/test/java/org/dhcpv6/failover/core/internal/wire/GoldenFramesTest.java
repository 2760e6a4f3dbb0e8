package org.dhcpv6.failover.core.internal.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class GoldenFramesTest {

    static List<GoldenFrames.Golden> goldens() {
        return GoldenFrames.all();
    }

    @ParameterizedTest
    @MethodSource("goldens")
    void sizePrefixMatchesBody(GoldenFrames.Golden g) {
        int size = ((g.frame()[0] & 0xFF) << 8) | (g.frame()[1] & 0xFF);
        assertEquals(g.frame().length - 2, size, "hand-computed message-size");
    }

    @ParameterizedTest
    @MethodSource("goldens")
    void decodesToExpectedRecord(GoldenFrames.Golden g) throws Exception {
        assertEquals(g.expected(), MessageCodec.decode(g.body()));
    }

    @ParameterizedTest
    @MethodSource("goldens")
    void encodesToSameOctets(GoldenFrames.Golden g) {
        assertArrayEquals(g.frame(), Frames.frame(MessageCodec.encode(g.expected())));
    }

    @Test
    void everyMessageTypeHasAGolden() {
        Set<MessageType> seen = EnumSet.noneOf(MessageType.class);
        goldens().forEach(g -> seen.add(g.expected().type()));
        assertEquals(EnumSet.allOf(MessageType.class), seen);
    }

    @Test
    void typedAccessorsReadTheGoldens() throws Exception {
        Connect c = (Connect) MessageCodec.decode(GoldenFrames.connect().body());
        assertEquals(3600, c.mcltSeconds().orElseThrow());
        assertEquals(60, c.keepaliveSeconds().orElseThrow());
        assertEquals(100, c.maxUnackedBndupd().orElseThrow());
        assertEquals(ProtocolVersionOption.RFC8156, c.protocolVersion().orElseThrow());
        assertEquals("pair-1", c.relationshipName().orElseThrow());
        assertEquals(ConnectFlagsOption.FIXED_PD_LENGTH, c.connectFlags().orElseThrow());

        StateMessage s = (StateMessage) MessageCodec.decode(GoldenFrames.state().body());
        assertEquals(4, s.serverState().orElseThrow());
        assertEquals(0x05, s.serverFlags().orElseThrow());
        assertEquals(0x31a2b000L, s.startTimeOfState().orElseThrow());
        assertEquals(0x31a2a000L, s.partnerDownTime().orElseThrow());

        ConnectReply reject = (ConnectReply) MessageCodec.decode(GoldenFrames.connectReplyReject().body());
        assertTrue(reject.isReject());
        assertEquals(StatusCode.EXCESSIVE_TIME_SKEW, reject.status().orElseThrow().known().orElseThrow());

        BndUpd u = (BndUpd) MessageCodec.decode(GoldenFrames.bndUpdClient().body());
        ClientDataOption cd = u.clientData().orElseThrow();
        assertArrayEquals(GoldenFrames.DUID, cd.clientId().orElseThrow().duid());
        assertTrue(u.barePrefix().isEmpty());
        IaAddrOption addr = Options.first(Options.first(cd.options(), IaNaOption.class).orElseThrow().options(),
                IaAddrOption.class).orElseThrow();
        assertEquals(GoldenFrames.ADDR, addr.address());
        assertEquals(1, addr.bindingStatus().orElseThrow().status());
        assertEquals(new UnknownOption(4000, GoldenFrames.hex("abcdef")), addr.options().get(6));

        BndUpd bare = (BndUpd) MessageCodec.decode(GoldenFrames.bndUpdBarePrefix().body());
        assertEquals(64, bare.barePrefix().orElseThrow().prefixLength());

        StartTlsReply refuse = (StartTlsReply) MessageCodec.decode(GoldenFrames.replyRefuse().body());
        assertTrue(refuse.isRefusal());
    }
}
