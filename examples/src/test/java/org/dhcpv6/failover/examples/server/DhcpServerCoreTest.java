package org.dhcpv6.failover.examples.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoMoreInteractions;
import static org.mockito.Mockito.when;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.dhcpv6.failover.api.ClientIdentity;
import org.dhcpv6.failover.api.Duid;
import org.dhcpv6.failover.api.IaType;
import org.dhcpv6.failover.api.Ipv6Address;
import org.dhcpv6.failover.api.Ipv6Prefix;
import org.dhcpv6.failover.examples.dhcp.ClientServerMessage;
import org.dhcpv6.failover.examples.dhcp.DhcpMessage;
import org.dhcpv6.failover.examples.dhcp.DhcpOption;
import org.dhcpv6.failover.examples.dhcp.Duids;
import org.dhcpv6.failover.examples.dhcp.MessageType;
import org.dhcpv6.failover.examples.dhcp.Octets;
import org.dhcpv6.failover.examples.dhcp.Options;
import org.dhcpv6.failover.examples.dhcp.RelayMessage;
import org.dhcpv6.failover.examples.dhcp.StatusCode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DhcpServerCoreTest {

    private static final Duid US = Duids.fromHex("0004 11111111111111111111111111111111");
    private static final Duid OTHER = Duids.fromHex("0004 22222222222222222222222222222222");
    private static final Duid CLIENT = Duids.fromHex("0003 0001 020000000001");
    private static final InetSocketAddress SOURCE = new InetSocketAddress("::1", 546);
    private static final Ipv6Address ADDR = Ipv6Address.parse("2001:db8:1::5");
    private static final Ipv6Prefix PREFIX = Ipv6Prefix.parse("2001:db8:100::/56");
    private static final ClientIdentity NA = new ClientIdentity(CLIENT, 1, IaType.IA_NA);
    private static final ClientIdentity PD = new ClientIdentity(CLIENT, 2, IaType.IA_PD);
    private static final Lifetimes LIFE = new Lifetimes(1000, 2000);

    private LeaseBackend backend;
    private DhcpServerCore core;

    @BeforeEach
    void setUp() {
        backend = mock(LeaseBackend.class);
        when(backend.mayRespond(any(), anyBoolean())).thenReturn(true);
        when(backend.currentLease(any())).thenReturn(Optional.empty());
        ServerPolicy policy = ServerPolicy.builder().lifetimes(LIFE).preference(7)
                .onLinkPrefixes(List.of(Ipv6Prefix.parse("2001:db8:1::/64"))).build();
        core = new DhcpServerCore(US, policy, backend);
    }

    private static ClientServerMessage msg(MessageType type, Duid server, DhcpOption... extra) {
        List<DhcpOption> options = new ArrayList<>();
        options.add(new DhcpOption.ClientId(CLIENT));
        if (server != null) {
            options.add(new DhcpOption.ServerId(server));
        }
        options.addAll(List.of(extra));
        return new ClientServerMessage(type, 0x123, options);
    }

    private static DhcpOption iaNa(Ipv6Address... listed) {
        List<DhcpOption> inner = new ArrayList<>();
        for (Ipv6Address a : listed) {
            inner.add(new DhcpOption.IaAddress(a, 0, 0, List.of()));
        }
        return new DhcpOption.IaNa(1, 0, 0, inner);
    }

    private static DhcpOption iaPd() {
        return new DhcpOption.IaPd(2, 0, 0, List.of());
    }

    private ClientServerMessage answer(DhcpMessage m) {
        return (ClientServerMessage) core.handle(m, SOURCE).orElseThrow().message();
    }

    private static DhcpOption.Status iaStatus(DhcpOption ia) {
        List<DhcpOption> inner = ia instanceof DhcpOption.IaNa na ? na.options() : ((DhcpOption.IaPd) ia).options();
        return Options.first(inner, DhcpOption.Status.class).orElseThrow();
    }

    /**
     * Issue 17, finding 6: one SOLICIT with thousands of IA_NAs made a reply too large to send
     * ("Message too long") after taking a lease decision for each. Above the cap the message is
     * discarded before the backend is asked anything; at the cap every IA is answered.
     */
    @Test
    void messageWithTooManyIasIsDiscardedWithoutAskingTheBackend() {
        DhcpOption[] many = new DhcpOption[MessageRules.MAX_IAS_PER_MESSAGE + 1];
        for (int i = 0; i < many.length; i++) {
            many[i] = new DhcpOption.IaNa(i + 1, 0, 0, List.of());
        }
        assertTrue(core.handle(msg(MessageType.SOLICIT, null, many), SOURCE).isEmpty());
        verify(backend, never()).chooseAddress(any(), any());
        verify(backend, never()).mayRespond(any(), anyBoolean());

        DhcpOption[] atCap = java.util.Arrays.copyOf(many, MessageRules.MAX_IAS_PER_MESSAGE);
        ClientServerMessage advertise = answer(msg(MessageType.SOLICIT, null, atCap));
        assertEquals(MessageRules.MAX_IAS_PER_MESSAGE, Options.all(advertise.options(), DhcpOption.IaNa.class).size());
    }

    @Test
    void unresponsiveBackendMeansNoReplyAndNoLeaseDecision() {
        when(backend.mayRespond(MessageType.SOLICIT, false)).thenReturn(false);
        assertTrue(core.handle(msg(MessageType.SOLICIT, null, iaNa()), SOURCE).isEmpty());
        verify(backend).mayRespond(MessageType.SOLICIT, false);
        verifyNoMoreInteractions(backend);
    }

    @Test
    void renewForAnotherServerIsDiscardedWithoutAskingTheBackend() {
        assertTrue(core.handle(msg(MessageType.RENEW, OTHER, iaNa(ADDR)), SOURCE).isEmpty());
        assertTrue(core.handle(msg(MessageType.RENEW, null, iaNa(ADDR)), SOURCE).isEmpty());
        assertTrue(core.handle(msg(MessageType.SOLICIT, US, iaNa()), SOURCE).isEmpty());
        verifyNoMoreInteractions(backend);
    }

    @Test
    void solicitIsAnsweredWithATentativeOfferAndRenewTimes() {
        when(backend.chooseAddress(NA, null)).thenReturn(Optional.of(ADDR));
        when(backend.grant(MessageType.SOLICIT, true, NA, ADDR, LIFE)).thenReturn(LeaseGrant.granted(LIFE));
        ServerReply reply = core.handle(msg(MessageType.SOLICIT, null, iaNa()), SOURCE).orElseThrow();
        ClientServerMessage m = (ClientServerMessage) reply.message();
        assertEquals(MessageType.ADVERTISE, m.type());
        assertEquals(0x123, m.transactionId());
        assertEquals(Optional.of(US), m.serverId());
        assertEquals(Optional.of(CLIENT), m.clientId());
        assertEquals(new DhcpOption.IaNa(1, 500, 800, List.of(new DhcpOption.IaAddress(ADDR, 1000, 2000, List.of()))),
                m.option(DhcpOption.IaNa.class).orElseThrow());
        assertEquals(7, m.option(DhcpOption.Preference.class).orElseThrow().value());
        assertTrue(reply.changes().isEmpty(), "an offer commits nothing");
        verify(backend).mayRespond(MessageType.SOLICIT, false);
    }

    @Test
    void rapidCommitIsHonouredOnlyWhenThePolicyAllows() {
        core = new DhcpServerCore(US, ServerPolicy.builder().lifetimes(LIFE).allowRapidCommit(true).build(), backend);
        when(backend.chooseAddress(NA, null)).thenReturn(Optional.of(ADDR));
        when(backend.grant(MessageType.SOLICIT, false, NA, ADDR, LIFE)).thenReturn(LeaseGrant.granted(LIFE));
        ServerReply reply = core.handle(msg(MessageType.SOLICIT, null, iaNa(), new DhcpOption.RapidCommit()), SOURCE)
                .orElseThrow();
        assertEquals(MessageType.REPLY, reply.message().type());
        assertTrue(reply.message().option(DhcpOption.RapidCommit.class).isPresent());
        assertEquals(List.of(new LeaseChange(LeaseChange.Type.GRANTED, NA, ADDR, LIFE)), reply.changes());
    }

    @Test
    void refusedGrantsGiveNoAddrsAvailAndNoPrefixAvail() {
        when(backend.chooseAddress(NA, null)).thenReturn(Optional.of(ADDR));
        when(backend.choosePrefix(PD, null)).thenReturn(Optional.of(PREFIX));
        when(backend.grant(eq(MessageType.REQUEST), eq(false), any(), any(), eq(LIFE)))
                .thenReturn(LeaseGrant.refused("owned by partner"));
        ServerReply reply = core.handle(msg(MessageType.REQUEST, US, iaNa(), iaPd()), SOURCE).orElseThrow();
        ClientServerMessage m = (ClientServerMessage) reply.message();
        assertTrue(iaStatus(m.option(DhcpOption.IaNa.class).orElseThrow()).is(StatusCode.NO_ADDRS_AVAIL));
        assertTrue(iaStatus(m.option(DhcpOption.IaPd.class).orElseThrow()).is(StatusCode.NO_PREFIX_AVAIL));
        assertTrue(reply.changes().isEmpty());
    }

    @Test
    void emptyPoolGivesNoAddrsAvail() {
        when(backend.chooseAddress(NA, ADDR)).thenReturn(Optional.empty());
        ClientServerMessage m = answer(msg(MessageType.SOLICIT, null, iaNa(ADDR)));
        assertTrue(iaStatus(m.option(DhcpOption.IaNa.class).orElseThrow()).is(StatusCode.NO_ADDRS_AVAIL));
        verify(backend, never()).grant(any(), anyBoolean(), any(), any(), any());
    }

    @Test
    void renewExtendsTheBindingAndReportsItAfterTheReply() {
        Ipv6Address stale = Ipv6Address.parse("2001:db8:1::99");
        when(backend.currentLease(NA)).thenReturn(Optional.of(new Lease(NA, ADDR, LIFE, Instant.EPOCH)));
        when(backend.grant(MessageType.RENEW, false, NA, ADDR, LIFE)).thenReturn(LeaseGrant.granted(LIFE));
        ServerReply reply = core.handle(msg(MessageType.RENEW, US, iaNa(ADDR, stale)), SOURCE).orElseThrow();
        DhcpOption.IaNa ia = reply.message().option(DhcpOption.IaNa.class).orElseThrow();
        assertEquals(List.of(new DhcpOption.IaAddress(ADDR, 1000, 2000, List.of()),
                new DhcpOption.IaAddress(stale, 0, 0, List.of())), ia.options());
        verify(backend).mayRespond(MessageType.RENEW, true);
        verify(backend, never()).afterReply(any());
        core.replySent(reply);
        verify(backend).afterReply(List.of(new LeaseChange(LeaseChange.Type.GRANTED, NA, ADDR, LIFE)));
    }

    @Test
    void renewWithoutBindingGivesNoBindingButRebindStaysSilent() {
        ClientServerMessage m = answer(msg(MessageType.RENEW, US, iaNa(ADDR)));
        assertTrue(iaStatus(m.option(DhcpOption.IaNa.class).orElseThrow()).is(StatusCode.NO_BINDING));
        assertTrue(core.handle(msg(MessageType.REBIND, null, iaNa(ADDR)), SOURCE).isEmpty());
        Ipv6Address offLink = Ipv6Address.parse("2001:db8:9::1");
        DhcpOption.IaNa ia = answer(msg(MessageType.REBIND, null, iaNa(offLink))).option(DhcpOption.IaNa.class)
                .orElseThrow();
        assertEquals(List.of(new DhcpOption.IaAddress(offLink, 0, 0, List.of())), ia.options());
    }

    @Test
    void releaseAndDeclineReachTheBackend() {
        when(backend.release(NA, ADDR)).thenReturn(true);
        ServerReply reply = core.handle(msg(MessageType.RELEASE, US, iaNa(ADDR)), SOURCE).orElseThrow();
        assertTrue(reply.message().option(DhcpOption.Status.class).orElseThrow().is(StatusCode.SUCCESS));
        assertEquals(List.of(new LeaseChange(LeaseChange.Type.RELEASED, NA, ADDR, Lifetimes.ZERO)), reply.changes());
        ClientServerMessage declined = answer(msg(MessageType.DECLINE, US, iaNa(ADDR)));
        verify(backend).decline(NA, ADDR);
        assertTrue(iaStatus(declined.option(DhcpOption.IaNa.class).orElseThrow()).is(StatusCode.NO_BINDING));
    }

    @Test
    void confirmChecksTheOnLinkPrefixes() {
        assertTrue(answer(msg(MessageType.CONFIRM, null, iaNa(ADDR)))
                .option(DhcpOption.Status.class).orElseThrow().is(StatusCode.SUCCESS));
        assertTrue(answer(msg(MessageType.CONFIRM, null, iaNa(ADDR, Ipv6Address.parse("2001:db8:2::1"))))
                .option(DhcpOption.Status.class).orElseThrow().is(StatusCode.NOT_ON_LINK));
        assertTrue(core.handle(msg(MessageType.CONFIRM, null, iaNa()), SOURCE).isEmpty());
    }

    @Test
    void informationRequestGetsRequestedDnsServers() {
        core = new DhcpServerCore(US, ServerPolicy.builder()
                .dnsServers(List.of(Ipv6Address.parse("2001:db8::53"))).build(), backend);
        ClientServerMessage m = answer(msg(MessageType.INFORMATION_REQUEST, null,
                new DhcpOption.OptionRequest(List.of(DhcpOption.DNS_SERVERS))));
        assertEquals(List.of(Ipv6Address.parse("2001:db8::53")),
                m.option(DhcpOption.DnsServers.class).orElseThrow().servers());
    }

    @Test
    void relayedSolicitIsAnsweredThroughTheRelayWithItsInterfaceId() {
        when(backend.chooseAddress(NA, null)).thenReturn(Optional.of(ADDR));
        when(backend.grant(any(), anyBoolean(), any(), any(), any())).thenReturn(LeaseGrant.granted(LIFE));
        DhcpOption.InterfaceId ifId = new DhcpOption.InterfaceId(Octets.fromHex("65746830"));
        RelayMessage forw = new RelayMessage(MessageType.RELAY_FORW, 1, Ipv6Address.parse("2001:db8:1::1"),
                Ipv6Address.parse("fe80::7"), List.of(ifId,
                        new DhcpOption.RelayMessage(msg(MessageType.SOLICIT, null, iaNa()))));
        RelayMessage repl = (RelayMessage) core.handle(forw, SOURCE).orElseThrow().message();
        assertEquals(MessageType.RELAY_REPL, repl.type());
        assertEquals(forw.peerAddress(), repl.peerAddress());
        assertEquals(Optional.of(ifId), repl.option(DhcpOption.InterfaceId.class));
        assertEquals(MessageType.ADVERTISE, repl.relayed().orElseThrow().type());
    }

    @Test
    void aFailingBackendDropsTheMessage() {
        when(backend.chooseAddress(any(), any())).thenThrow(new IllegalStateException("store down"));
        assertTrue(core.handle(msg(MessageType.SOLICIT, null, iaNa()), SOURCE).isEmpty());
    }
}
