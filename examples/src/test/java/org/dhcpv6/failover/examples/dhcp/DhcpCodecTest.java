package org.dhcpv6.failover.examples.dhcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;
import org.dhcpv6.failover.api.Ipv6Address;
import org.dhcpv6.failover.api.Ipv6Prefix;
import org.junit.jupiter.api.Test;

class DhcpCodecTest {

    @Test
    void decodesGoldenSolicit() throws Exception {
        ClientServerMessage m = (ClientServerMessage) DhcpDecoder.decode(GoldenPackets.bytes(GoldenPackets.SOLICIT));
        assertEquals(MessageType.SOLICIT, m.type());
        assertEquals(0x100874, m.transactionId());
        assertEquals(Duids.fromHex("000100011c39cf88080027fe8f95"), m.clientId().orElseThrow());
        assertEquals(Duids.TYPE_LLT, Duids.type(m.clientId().orElseThrow()));
        assertEquals(List.of(23, 24), m.option(DhcpOption.OptionRequest.class).orElseThrow().codes());
        assertEquals(new DhcpOption.IaNa(0x27fe8f95L, 3600, 5400, List.of()),
                m.option(DhcpOption.IaNa.class).orElseThrow());
    }

    @Test
    void decodesGoldenRelayedRenew() throws Exception {
        RelayMessage r = (RelayMessage) DhcpDecoder.decode(GoldenPackets.bytes(GoldenPackets.RELAYED_RENEW));
        assertEquals(Ipv6Address.parse("2001:db8:1::1"), r.linkAddress());
        assertEquals(Ipv6Address.parse("fe80::1"), r.peerAddress());
        assertEquals(Octets.of("eth0".getBytes(java.nio.charset.StandardCharsets.US_ASCII)),
                r.option(DhcpOption.InterfaceId.class).orElseThrow().id());
        ClientServerMessage inner = (ClientServerMessage) r.relayed().orElseThrow();
        assertEquals(MessageType.RENEW, inner.type());
        assertEquals(Duids.uuid(UUID.fromString("00112233-4455-6677-8899-aabbccddeeff")), inner.serverId().orElseThrow());
        DhcpOption.IaPd pd = inner.option(DhcpOption.IaPd.class).orElseThrow();
        assertEquals(new DhcpOption.IaPrefix(3600, 7200, Ipv6Prefix.parse("2001:db8:100::/56"), List.of()),
                pd.options().get(0));
    }

    @Test
    void decodesGoldenReplyKeepingUnknownOption() throws Exception {
        ClientServerMessage m = (ClientServerMessage) DhcpDecoder.decode(GoldenPackets.bytes(GoldenPackets.REPLY));
        DhcpOption.IaNa ia = m.option(DhcpOption.IaNa.class).orElseThrow();
        assertEquals(new DhcpOption.IaAddress(Ipv6Address.parse("2001:db8:1::5"), 3600, 7200, List.of()),
                ia.options().get(0));
        assertTrue(m.option(DhcpOption.Status.class).orElseThrow().is(StatusCode.SUCCESS));
        assertEquals("ok", m.option(DhcpOption.Status.class).orElseThrow().message());
        assertEquals(new DhcpOption.Unknown(65000, Octets.fromHex("010203")),
                m.option(DhcpOption.Unknown.class).orElseThrow());
    }

    @Test
    void goldenPacketsReEncodeToTheSameOctets() throws Exception {
        for (String golden : List.of(GoldenPackets.SOLICIT, GoldenPackets.RELAYED_RENEW, GoldenPackets.REPLY)) {
            byte[] wire = GoldenPackets.bytes(golden);
            assertArrayEquals(wire, DhcpEncoder.encode(DhcpDecoder.decode(wire)), golden);
        }
    }

    @Test
    void builtMessageRoundTrips() throws Exception {
        DhcpMessage m = new ClientServerMessage(MessageType.ADVERTISE, 0xFFFFFF, List.of(
                new DhcpOption.ServerId(Duids.en(32473, new byte[] {1, 2, 3})),
                new DhcpOption.IaPd(7, 100, 160, List.of(
                        new DhcpOption.IaPrefix(200, 400, Ipv6Prefix.parse("2001:db8:100:ff00::/56"), List.of(
                                DhcpOption.Status.of(StatusCode.SUCCESS, "grüße"))))),
                new DhcpOption.Preference(255),
                new DhcpOption.RapidCommit(),
                new DhcpOption.ElapsedTime(65535),
                DhcpOption.Status.of(StatusCode.NO_PREFIX_AVAIL, "")));
        DhcpMessage relayed = new RelayMessage(MessageType.RELAY_REPL, 3, Ipv6Address.parse("::"),
                Ipv6Address.parse("fe80::2"), List.of(new DhcpOption.RelayMessage(m)));
        assertEquals(m, DhcpDecoder.decode(DhcpEncoder.encode(m)));
        assertEquals(relayed, DhcpDecoder.decode(DhcpEncoder.encode(relayed)));
    }

    @Test
    void rejectsUnknownMessageTypeAndBadFixedLengths() {
        assertEquals(0, assertThrows(MalformedMessageException.class,
                () -> DhcpDecoder.decode(new byte[] {10, 0, 0, 1})).offset());
        // PREFERENCE with 2 octets instead of 1
        MalformedMessageException e = assertThrows(MalformedMessageException.class,
                () -> DhcpDecoder.decode(Octets.fromHex("02000001 0007 0002 0101").toByteArray()));
        assertEquals(8, e.offset());
        assertTrue(e.reason().contains("PREFERENCE"), e.reason());
    }

    @Test
    void aDuidRfc8415DoesNotAllowIsMalformedThoughTheApiWouldTakeIt() throws Exception {
        // CLIENTID (1) of 2 octets: a type and no identifier. The failover API's Duid takes it (a
        // partner's binding is never refused for its DUID); the example server does not.
        org.dhcpv6.failover.api.Duid.of(new byte[] {0, 1});
        MalformedMessageException e = assertThrows(MalformedMessageException.class,
                () -> DhcpDecoder.decode(Octets.fromHex("01000001 0001 0002 0001").toByteArray()));
        assertEquals(8, e.offset());
        assertTrue(e.reason().contains("DUID length 2 outside 3..130"), e.reason());
        assertThrows(IllegalArgumentException.class, () -> Duids.of(new byte[] {0, 1}));
        assertThrows(IllegalArgumentException.class, () -> Duids.of(new byte[131]));
        assertEquals(3, DhcpDecoder.decode(Octets.fromHex("01000001 0001 0003 000301").toByteArray())
                .option(DhcpOption.ClientId.class).orElseThrow().duid().length());
    }

    @Test
    void rejectsRelayNestingBeyondTheLimit() {
        DhcpMessage m = new ClientServerMessage(MessageType.SOLICIT, 1, List.of());
        for (int i = 0; i < DhcpDecoder.MAX_DEPTH; i++) {
            m = new RelayMessage(MessageType.RELAY_FORW, 0, Ipv6Address.parse("::"), Ipv6Address.parse("::"),
                    List.of(new DhcpOption.RelayMessage(m)));
        }
        byte[] wire = DhcpEncoder.encode(m);
        MalformedMessageException e = assertThrows(MalformedMessageException.class, () -> DhcpDecoder.decode(wire));
        assertTrue(e.reason().contains("nesting"), e.reason());
        assertInstanceOf(RelayMessage.class, m);
    }
}
