package org.dhcpv6.failover.examples.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.dhcpv6.failover.api.Binding;
import org.dhcpv6.failover.api.BindingStatus;
import org.dhcpv6.failover.api.ClientIdentity;
import org.dhcpv6.failover.api.ClientService;
import org.dhcpv6.failover.api.Duid;
import org.dhcpv6.failover.api.IaType;
import org.dhcpv6.failover.api.Ipv6Address;
import org.dhcpv6.failover.api.Ipv6Prefix;
import org.dhcpv6.failover.api.LeaseDecision;
import org.dhcpv6.failover.api.LeaseDecision.Outcome;
import org.dhcpv6.failover.api.LeaseHooks;
import org.dhcpv6.failover.api.LeaseRequest;
import org.dhcpv6.failover.api.MessageKind;
import org.dhcpv6.failover.api.Resource;
import org.dhcpv6.failover.examples.dhcp.ClientServerMessage;
import org.dhcpv6.failover.examples.dhcp.DhcpOption;
import org.dhcpv6.failover.examples.dhcp.Duids;
import org.dhcpv6.failover.examples.dhcp.MessageType;
import org.dhcpv6.failover.examples.dhcp.Options;
import org.dhcpv6.failover.examples.dhcp.StatusCode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mockito.ArgumentCaptor;
import org.mockito.stubbing.Answer;

/** The failover adapter driven through {@link DhcpServerCore}, with the hooks mocked. */
class FailoverLeaseBackendTest {

    private static final Duid US = Duids.fromHex("0004 11111111111111111111111111111111");
    private static final Duid CLIENT = Duids.fromHex("0003 0001 020000000001");
    private static final InetSocketAddress SOURCE = new InetSocketAddress("::1", 546);
    private static final Ipv6Address ADDR = Ipv6Address.parse("2001:db8:1::5");
    private static final Ipv6Address HINT = Ipv6Address.parse("2001:db8:1::7");
    private static final Ipv6Prefix PREFIX = Ipv6Prefix.parse("2001:db8:100::/56");
    private static final ClientIdentity NA = new ClientIdentity(CLIENT, 1, IaType.IA_NA);
    private static final Lifetimes POLICY = new Lifetimes(1000, 2000);
    private static final Instant NOW = Instant.parse("2025-06-01T00:00:00Z");

    private LeaseHooks hooks;
    private FailoverLeaseBackend backend;
    private DhcpServerCore core;

    @BeforeEach
    void setUp() {
        hooks = mock(LeaseHooks.class);
        when(hooks.clientService()).thenReturn(ClientService.RESPONSIVE);
        when(hooks.nextFreeAddress()).thenReturn(Optional.of(ADDR));
        when(hooks.nextFreePrefix()).thenReturn(Optional.of(PREFIX));
        when(hooks.binding(any())).thenReturn(Optional.empty());
        backend = new FailoverLeaseBackend(hooks, POLICY, InstantSource.fixed(NOW));
        core = new DhcpServerCore(US, ServerPolicy.builder().lifetimes(POLICY).build(), backend);
    }

    private static ClientServerMessage msg(MessageType type, Duid server, DhcpOption... extra) {
        List<DhcpOption> options = new ArrayList<>();
        options.add(new DhcpOption.ClientId(CLIENT));
        if (server != null) {
            options.add(new DhcpOption.ServerId(server));
        }
        options.addAll(List.of(extra));
        return new ClientServerMessage(type, 0x42, options);
    }

    private static DhcpOption iaNa(Ipv6Address... listed) {
        List<DhcpOption> inner = new ArrayList<>();
        for (Ipv6Address a : listed) {
            inner.add(new DhcpOption.IaAddress(a, 0, 0, List.of()));
        }
        return new DhcpOption.IaNa(1, 0, 0, inner);
    }

    private static LeaseDecision granted(LeaseRequest r, long preferred, long valid) {
        return new LeaseDecision(r, Outcome.GRANTED, preferred, valid, preferred / 2, preferred * 4 / 5, "ok");
    }

    /** Answers beforeReply: GRANTED with these lifetimes for {@code kind}, refusals otherwise. */
    private void grantOn(MessageKind kind, long preferred, long valid) {
        onBeforeReply(inv -> {
            LeaseRequest r = inv.getArgument(0);
            if (r.kind() == kind) {
                return granted(r, preferred, valid);
            }
            if (r.kind() == MessageKind.RELEASE || r.kind() == MessageKind.DECLINE) {
                return new LeaseDecision(r, Outcome.RECORDED, 0, 0, 0, 0, "recorded");
            }
            return LeaseDecision.refuse(r, Outcome.NOT_OWNED, "partner's half");
        });
    }

    /** Stubs without calling the previous answer (which a when(...) re-stub would, with nulls). */
    private void onBeforeReply(Answer<LeaseDecision> answer) {
        doAnswer(answer).when(hooks).beforeReply(any());
    }

    private ServerReply handle(ClientServerMessage m) {
        return core.handle(m, SOURCE).orElseThrow();
    }

    private static DhcpOption.IaNa iaOf(ServerReply reply) {
        return ((ClientServerMessage) reply.message()).option(DhcpOption.IaNa.class).orElseThrow();
    }

    @Test
    void unresponsiveMeansNoReplyAndNoLeaseQuestion() {
        when(hooks.clientService()).thenReturn(ClientService.UNRESPONSIVE);
        assertTrue(core.handle(msg(MessageType.SOLICIT, null, iaNa()), SOURCE).isEmpty());
        assertTrue(core.handle(msg(MessageType.RENEW, US, iaNa(ADDR)), SOURCE).isEmpty());
        verify(hooks, never()).beforeReply(any());
    }

    @Test
    void renewResponsiveAnswersOnlyMessagesWithOurServerId() {
        when(hooks.clientService()).thenReturn(ClientService.RENEW_RESPONSIVE);
        grantOn(MessageKind.REQUEST, 600, 900);
        assertTrue(core.handle(msg(MessageType.SOLICIT, null, iaNa()), SOURCE).isEmpty(), "SOLICIT names no server");
        assertTrue(core.handle(msg(MessageType.REBIND, null, iaNa(ADDR)), SOURCE).isEmpty(), "REBIND names no server");
        ServerReply reply = handle(msg(MessageType.REQUEST, US, iaNa()));
        assertEquals(MessageType.REPLY, reply.message().type());
    }

    @Test
    void grantedLifetimesReachTheReplyAndTheRequestCarriesPolicyAndKind() {
        grantOn(MessageKind.REQUEST, 600, 900);
        ServerReply reply = handle(msg(MessageType.REQUEST, US, iaNa()));
        DhcpOption.IaNa ia = iaOf(reply);
        assertEquals(List.of(new DhcpOption.IaAddress(ADDR, 600, 900, List.of())), ia.options());
        assertEquals(300, ia.t1Seconds());
        ArgumentCaptor<LeaseRequest> req = ArgumentCaptor.forClass(LeaseRequest.class);
        verify(hooks).beforeReply(req.capture());
        assertEquals(MessageKind.REQUEST, req.getValue().kind());
        assertEquals(ADDR, req.getValue().resource());
        assertEquals(1000, req.getValue().desiredPreferredSeconds());
        assertEquals(2000, req.getValue().desiredValidSeconds());
        assertTrue(req.getValue().directedToThisServer());
        assertEquals(1, req.getValue().client().iaid());
    }

    @Test
    void solicitIsAnOfferAndRapidCommitCommits() {
        grantOn(MessageKind.SOLICIT, 600, 900);
        ServerReply advertise = handle(msg(MessageType.SOLICIT, null, iaNa()));
        assertEquals(MessageType.ADVERTISE, advertise.message().type());
        assertTrue(advertise.changes().isEmpty());
        assertTrue(backend.currentLease(NA).isEmpty(), "an offer does not enter the client index");

        DhcpServerCore rapid = new DhcpServerCore(US,
                ServerPolicy.builder().lifetimes(POLICY).allowRapidCommit(true).build(), backend);
        grantOn(MessageKind.SOLICIT_RAPID_COMMIT, 600, 900);
        ServerReply reply = rapid.handle(msg(MessageType.SOLICIT, null, iaNa(), new DhcpOption.RapidCommit()),
                SOURCE).orElseThrow();
        assertEquals(MessageType.REPLY, reply.message().type());
        assertEquals(1, reply.changes().size());
    }

    @ParameterizedTest
    @EnumSource(value = Outcome.class, names = {"NOT_OWNED", "IN_USE", "NOT_IN_POOL", "TOO_SHORT", "NOT_COMMITTED",
        "NOT_RESPONSIVE"})
    void everyRefusalBecomesNoAddrsAvailOrNoPrefixAvail(Outcome outcome) {
        onBeforeReply(inv -> LeaseDecision.refuse(inv.getArgument(0), outcome, "no"));
        ServerReply reply = handle(msg(MessageType.REQUEST, US, iaNa(), new DhcpOption.IaPd(2, 0, 0, List.of())));
        ClientServerMessage m = (ClientServerMessage) reply.message();
        assertTrue(Options.first(iaOf(reply).options(), DhcpOption.Status.class)
                .orElseThrow().is(StatusCode.NO_ADDRS_AVAIL));
        DhcpOption.IaPd pd = m.option(DhcpOption.IaPd.class).orElseThrow();
        assertTrue(Options.first(pd.options(), DhcpOption.Status.class)
                .orElseThrow().is(StatusCode.NO_PREFIX_AVAIL));
        assertTrue(reply.changes().isEmpty());
    }

    @Test
    void aRenewThatCannotBeCommittedIsDroppedNotRevoked() {
        grantOn(MessageKind.REQUEST, 600, 900);
        core.replySent(handle(msg(MessageType.REQUEST, US, iaNa())));
        when(hooks.binding(ADDR)).thenReturn(Optional.of(active(ADDR)));
        onBeforeReply(inv -> LeaseDecision.refuse(inv.getArgument(0),
                Outcome.NOT_COMMITTED, "disk full"));
        assertTrue(core.handle(msg(MessageType.RENEW, US, iaNa(ADDR)), SOURCE).isEmpty());
    }

    @Test
    void renewExtendsTheCachedBindingAndAfterReplyGetsExactlyThatDecision() {
        grantOn(MessageKind.REQUEST, 600, 900);
        ServerReply first = handle(msg(MessageType.REQUEST, US, iaNa()));
        core.replySent(first);
        ArgumentCaptor<LeaseDecision> sent = ArgumentCaptor.forClass(LeaseDecision.class);
        verify(hooks).afterReply(sent.capture());
        assertEquals(MessageKind.REQUEST, sent.getValue().request().kind());

        when(hooks.binding(ADDR)).thenReturn(Optional.of(active(ADDR)));
        grantOn(MessageKind.RENEW, 700, 950);
        ServerReply renew = handle(msg(MessageType.RENEW, US, iaNa(ADDR)));
        assertEquals(List.of(new DhcpOption.IaAddress(ADDR, 700, 950, List.of())), iaOf(renew).options());
        core.replySent(renew);
        verify(hooks, org.mockito.Mockito.times(2)).afterReply(sent.capture());
        LeaseDecision last = sent.getAllValues().get(sent.getAllValues().size() - 1);
        assertEquals(MessageKind.RENEW, last.request().kind());
        assertEquals(700, last.preferredSeconds());
    }

    @Test
    void theClientsLeaseIsFoundThroughTheHooksAndAnExpiredOneMakesItNew() {
        assertTrue(backend.currentLease(NA).isEmpty(), "the hooks know no binding of this client");
        Binding other = new Binding(HINT, NA, BindingStatus.ACTIVE, 600, 900, 300, 480, NOW,
                NOW.plusSeconds(300), NOW, null, null, null, null, false);
        when(hooks.bindingsOf(NA)).thenReturn(List.of(active(ADDR).withStatus(BindingStatus.EXPIRED, NOW, null)));
        assertTrue(backend.currentLease(NA).isEmpty(), "an expired binding is no lease");
        when(hooks.bindingsOf(NA)).thenReturn(List.of(other, active(ADDR)));
        assertEquals(ADDR, backend.currentLease(NA).orElseThrow().resource(), "the one that runs longest");
        verify(hooks, never()).binding(any());
    }

    @Test
    void aRebindOfALeaseThePartnerGrantedIsFoundByTheListedResourceAndExtended() {
        // The partner granted ADDR and told us by BNDUPD.
        when(hooks.binding(ADDR)).thenReturn(Optional.of(active(ADDR)));
        grantOn(MessageKind.REBIND, 700, 950);
        ServerReply rebind = handle(msg(MessageType.REBIND, null, iaNa(ADDR)));
        assertEquals(List.of(new DhcpOption.IaAddress(ADDR, 700, 950, List.of())), iaOf(rebind).options());
    }

    @Test
    void aRebindOfAResourceBoundToAnotherClientIsNotExtended() {
        Binding other = Binding.builder(ADDR, BindingStatus.ACTIVE, NOW)
                .client(new ClientIdentity(CLIENT, 9, IaType.IA_NA)).lifetimes(600, 900, 300, 480)
                .stateExpirationTime(NOW.plusSeconds(900)).clientLastTransactionTime(NOW).build();
        when(hooks.binding(ADDR)).thenReturn(Optional.of(other));
        grantOn(MessageKind.REBIND, 700, 950);
        // No on-link prefixes are configured here, so the core answers the address with zero
        // lifetimes (RFC 8415 §18.3.5) rather than silence; either way nothing is extended.
        core.handle(msg(MessageType.REBIND, null, iaNa(ADDR)), SOURCE).ifPresent(r -> assertEquals(
                List.of(new DhcpOption.IaAddress(ADDR, 0, 0, List.of())), iaOf(r).options()));
        verify(hooks, never()).beforeReply(argThat(r -> r.kind() == MessageKind.REBIND));
    }

    @Test
    void aHintIsHonouredOnlyWhenAnOfferWouldBeGranted() {
        onBeforeReply(inv -> {
            LeaseRequest r = inv.getArgument(0);
            return r.resource().equals(HINT) && r.kind() == MessageKind.SOLICIT ? granted(r, 600, 900)
                    : LeaseDecision.refuse(r, Outcome.NOT_OWNED, "no");
        });
        assertEquals(Optional.of(HINT), backend.chooseAddress(NA, HINT));
        assertEquals(Optional.of(ADDR), backend.chooseAddress(NA, Ipv6Address.parse("2001:db8:1::8")));
        verify(hooks, never()).beforeReply(argThat(r -> r.kind().commits()));
    }

    @Test
    void releaseAndDeclineGoThroughBeforeReplyAndAfterReply() {
        grantOn(MessageKind.REQUEST, 600, 900);
        core.replySent(handle(msg(MessageType.REQUEST, US, iaNa())));
        ServerReply release = handle(msg(MessageType.RELEASE, US, iaNa(ADDR)));
        assertEquals(List.of(new LeaseChange(LeaseChange.Type.RELEASED, NA, ADDR, Lifetimes.ZERO)), release.changes());
        ServerReply decline = handle(msg(MessageType.DECLINE, US, iaNa(HINT)));
        assertEquals(LeaseChange.Type.DECLINED, decline.changes().get(0).type());
        core.replySent(release);
        core.replySent(decline);
        ArgumentCaptor<LeaseRequest> req = ArgumentCaptor.forClass(LeaseRequest.class);
        verify(hooks, org.mockito.Mockito.times(3)).beforeReply(req.capture());
        assertEquals(List.of(MessageKind.REQUEST, MessageKind.RELEASE, MessageKind.DECLINE),
                req.getAllValues().stream().map(LeaseRequest::kind).toList());
        ArgumentCaptor<LeaseDecision> sent = ArgumentCaptor.forClass(LeaseDecision.class);
        verify(hooks, org.mockito.Mockito.times(3)).afterReply(sent.capture());
        assertEquals(Outcome.RECORDED, sent.getAllValues().get(2).outcome());
        assertEquals(MessageKind.DECLINE, sent.getAllValues().get(2).request().kind());
    }

    @Test
    void aRefusedReleaseIsNoBinding() {
        onBeforeReply(inv -> LeaseDecision.refuse(inv.getArgument(0), Outcome.IN_USE,
                "another client"));
        assertFalse(backend.release(NA, ADDR));
        ServerReply reply = handle(msg(MessageType.RELEASE, US, iaNa(ADDR)));
        assertTrue(reply.changes().isEmpty());
        assertTrue(Options.first(iaOf(reply).options(), DhcpOption.Status.class)
                .orElseThrow().is(StatusCode.NO_BINDING));
    }

    private static Binding active(Resource r) {
        return Binding.builder(r, BindingStatus.ACTIVE, NOW).client(NA)
                .lifetimes(600, 900, 300, 480).stateExpirationTime(NOW.plusSeconds(900))
                .clientLastTransactionTime(NOW).build();
    }
}
