package org.dhcpv6.failover.core.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.dhcpv6.failover.api.AddressPool;
import org.dhcpv6.failover.api.Binding;
import org.dhcpv6.failover.api.IaType;
import org.dhcpv6.failover.api.Ipv6Address;
import org.dhcpv6.failover.api.Ipv6Prefix;
import org.dhcpv6.failover.api.LeaseDecision.Outcome;
import org.dhcpv6.failover.api.LeaseStoreException;
import org.dhcpv6.failover.api.MessageKind;
import org.dhcpv6.failover.api.RelationshipMetrics;
import org.dhcpv6.failover.api.Role;
import org.dhcpv6.failover.api.ServerState;
import org.dhcpv6.failover.core.testfixtures.ForwardingLeaseStore;
import org.dhcpv6.failover.core.internal.wire.BndReply;
import org.dhcpv6.failover.core.internal.wire.BndUpd;
import org.dhcpv6.failover.core.internal.wire.ClientDataOption;
import org.dhcpv6.failover.core.internal.wire.ClientIdOption;
import org.dhcpv6.failover.core.internal.wire.IaPrefixOption;
import org.dhcpv6.failover.core.internal.wire.StatusCodeOption;
import org.junit.jupiter.api.Test;

/** Every family of {@link RelationshipMetrics}, moved by driving real engines with literal times. */
class MetricsTest {

    private static EnginePair pair() throws Exception {
        return EnginePair.normal(b -> b.mclt(Duration.ofHours(1)).addressPool(AddressPool.parse("2001:db8:1::/64")));
    }

    private static RelationshipMetrics primary(EnginePair pair) {
        return pair.primary.metrics(pair.clock.now());
    }

    private static RelationshipMetrics secondary(EnginePair pair) {
        return pair.secondary.metrics(pair.clock.now());
    }

    @Test
    void stateConnectionAndTimeInStateFollowTheEngine() throws Exception {
        EnginePair pair = pair();
        RelationshipMetrics m = primary(pair);
        assertEquals(ServerState.NORMAL, m.state());
        assertEquals(ServerState.NORMAL, m.partnerState());
        assertTrue(m.connected());
        assertEquals(1, m.communicationsUp());
        long changes = m.stateChanges();
        assertTrue(changes >= 1, "STARTUP and on to NORMAL");
        pair.advance(Duration.ofSeconds(10));
        assertEquals(m.timeInState().plusSeconds(10), primary(pair).timeInState());

        pair.cutLink();
        pair.advance(Duration.ofSeconds(1));
        RelationshipMetrics cut = primary(pair);
        assertEquals(ServerState.COMMUNICATIONS_INTERRUPTED, cut.state());
        assertTrue(!cut.connected());
        assertEquals(changes + 1, cut.stateChanges());
        assertEquals(Duration.ofSeconds(1), cut.timeInState());
        assertTrue(cut.connectionLosses().get("transport_closed") >= 1, cut.connectionLosses().toString());

        pair.advance(Duration.ofSeconds(5)); // the primary tries to reconnect and fails
        pair.healLink();
        pair.advance(Duration.ofSeconds(70)); // the primary's retry, then CONNECT and STATE again
        RelationshipMetrics back = primary(pair);
        assertEquals(ServerState.NORMAL, back.state());
        assertEquals(2, back.communicationsUp(), "the reconnect counts");
        assertTrue(back.connectionLosses().getOrDefault("connect_failed", 0L) >= 1,
                "attempts while the link was cut: " + back.connectionLosses());
    }

    @Test
    void lastContactAgeAndSkewComeFromTheMessages() throws Exception {
        EnginePair pair = pair();
        RelationshipMetrics m = primary(pair);
        assertTrue(m.sinceLastReceived().compareTo(Duration.ofSeconds(15)) < 0, "keepalive 60 s: a CONTACT every 15 s");
        assertEquals(pair.primary.snapshot().skew(), m.skew());
        assertNotNull(m.skewUncertainty(), "the CONNECTREPLY round trip bounds the primary's estimate");
        pair.cutLink();
        pair.clock.advance(Duration.ofSeconds(7));
        assertEquals(m.sinceLastReceived().plusSeconds(7), primary(pair).sinceLastReceived());

        ScriptedPartner fresh = ScriptedPartner.secondary().start();
        assertNull(fresh.engine.metrics(fresh.clock.now()).sinceLastReceived(), "nothing heard yet");
    }

    @Test
    void bindingUpdatesSentAcknowledgedAndReceivedAreCounted() throws Exception {
        EnginePair pair = pair();
        RelationshipMetrics p0 = primary(pair);
        RelationshipMetrics s0 = secondary(pair);
        var hooks = pair.primary.hooks();
        for (int n = 1; n <= 3; n++) {
            Ipv6Address a = hooks.nextFreeAddress().orElseThrow();
            BindingFlowTest.ask(hooks, MessageKind.REQUEST, BindingFlowTest.client(n, IaType.IA_NA), a, 3600, false);
        }
        pair.settle();
        RelationshipMetrics p1 = primary(pair);
        RelationshipMetrics s1 = secondary(pair);
        assertEquals(p0.sent("BNDUPD") + 3, p1.sent("BNDUPD"));
        assertEquals(p0.received("BNDREPLY") + 3, p1.received("BNDREPLY"));
        assertEquals(p0.updatesAcknowledged() + 3, p1.updatesAcknowledged());
        assertEquals(s0.received("BNDUPD") + 3, s1.received("BNDUPD"));
        assertEquals(s0.sent("BNDREPLY") + 3, s1.sent("BNDREPLY"));
        assertEquals(Map.of(), p1.updatesRejected());
        assertEquals(0, p1.updatesQueued());
        assertEquals(0, p1.updatesAwaitingAck());
        assertEquals(Duration.ZERO, p1.oldestAwaitingAck());
        assertTrue(p1.sent("CONNECT") == 1 && s1.received("CONNECT") == 1 && p1.received("STATE") >= 1);
    }

    @Test
    void pendingUpdatesAndTheirAgeGrowWhileThePartnerIsSilent() throws Exception {
        ScriptedPartner p = new ScriptedPartner(Role.PRIMARY, b -> b.addressPool(AddressPool.parse("2001:db8:1::/64")))
                .savedState(ServerState.NORMAL).start();
        p.connectWithPartnerIn(ServerState.NORMAL);
        var hooks = p.engine.hooks();
        for (int n = 1; n <= 2; n++) {
            Ipv6Address a = hooks.nextFreeAddress().orElseThrow();
            BindingFlowTest.ask(hooks, MessageKind.REQUEST, BindingFlowTest.client(n, IaType.IA_NA), a, 3600, false);
        }
        p.advance(Duration.ofSeconds(1));
        p.advance(Duration.ofSeconds(4));
        RelationshipMetrics m = p.engine.metrics(p.clock.now());
        assertEquals(2, m.updatesAwaitingAck());
        assertEquals(2, m.sent("BNDUPD"));
        assertTrue(m.oldestAwaitingAck().compareTo(Duration.ofSeconds(4)) >= 0, m.oldestAwaitingAck().toString());
    }

    @Test
    void refusalsBothWaysAreCountedByStatusCodeAsConflicts() throws Exception {
        ScriptedPartner p = new ScriptedPartner(Role.PRIMARY, b -> b.addressPool(AddressPool.parse("2001:db8:1::/64")))
                .savedState(ServerState.NORMAL).start();
        p.connectWithPartnerIn(ServerState.NORMAL);
        var hooks = p.engine.hooks();
        Ipv6Address a = hooks.nextFreeAddress().orElseThrow();
        var client = BindingFlowTest.client(1, IaType.IA_NA);
        BindingFlowTest.ask(hooks, MessageKind.REQUEST, client, a, 3600, false);
        p.advance(Duration.ofSeconds(1));
        List<BndUpd> sent = p.out.take(BndUpd.class);
        assertEquals(1, sent.size());
        p.deliver(BndReply.of(sent.get(0).transactionId(), p.wireNow(), new ClientDataOption(List.of(
                new ClientIdOption(client.duid().toBytes()), new StatusCodeOption(19, "ours is newer")))));
        // A bare prefix this endpoint has no pool for: refused by us.
        p.deliver(BndUpd.of(p.nextXid(), p.wireNow(), new IaPrefixOption(0, 0, 56,
                Ipv6Prefix.parse("2001:db8:900::/56").address(), List.of())));
        List<BndReply> ours = p.out.take(BndReply.class);
        assertEquals(1, ours.size());
        int ourStatus = ours.get(0).options().stream().flatMap(o -> o instanceof IaPrefixOption ip
                ? ip.options().stream() : java.util.stream.Stream.of(o))
                .filter(o -> o instanceof StatusCodeOption).mapToInt(o -> ((StatusCodeOption) o).statusCode())
                .findFirst().orElse(0);
        assertTrue(ourStatus != 0, "the engine refused it: " + ours.get(0));

        RelationshipMetrics m = p.engine.metrics(p.clock.now());
        assertEquals(Map.of(19, 1L), m.updatesRejected());
        assertEquals(Map.of(ourStatus, 1L), m.updatesRefused());
        assertEquals(2, m.conflicts());
        assertEquals(0, m.updatesAcknowledged());
    }

    @Test
    void hookDecisionsAndCommitTimesAreCountedByOutcome() throws Exception {
        FlakyStore store = new FlakyStore();
        EnginePair pair = new EnginePair(b -> b.mclt(Duration.ofHours(1))
                .addressPool(AddressPool.parse("2001:db8:1::/64")));
        pair.primaryStore = store;
        pair.start();
        pair.advance(Duration.ofSeconds(3));
        var hooks = pair.primary.hooks();
        Ipv6Address a = hooks.nextFreeAddress().orElseThrow();
        BindingFlowTest.ask(hooks, MessageKind.REQUEST, BindingFlowTest.client(1, IaType.IA_NA), a, 3600, false);
        BindingFlowTest.ask(hooks, MessageKind.REQUEST, BindingFlowTest.client(2, IaType.IA_NA), a, 3600, false);
        BindingFlowTest.ask(hooks, MessageKind.REQUEST, BindingFlowTest.client(3, IaType.IA_NA),
                Ipv6Address.parse("2001:db8:1::2"), 3600, false);
        BindingFlowTest.ask(hooks, MessageKind.SOLICIT, BindingFlowTest.client(4, IaType.IA_NA),
                Ipv6Address.parse("2001:db8:9::1"), 3600, false);
        store.failing = true;
        BindingFlowTest.ask(hooks, MessageKind.REQUEST, BindingFlowTest.client(5, IaType.IA_NA),
                hooks.nextFreeAddress().orElseThrow(), 3600, false);
        BindingFlowTest.ask(pair.secondary.hooks(), MessageKind.REQUEST, BindingFlowTest.client(6, IaType.IA_NA),
                Ipv6Address.parse("2001:db8:1::4"), 3600, false);

        RelationshipMetrics m = primary(pair);
        assertEquals(1, m.decisions(Outcome.GRANTED));
        assertEquals(1, m.decisions(Outcome.IN_USE));
        assertEquals(1, m.decisions(Outcome.NOT_OWNED));
        assertEquals(1, m.decisions(Outcome.NOT_IN_POOL));
        assertEquals(1, m.decisions(Outcome.NOT_COMMITTED), "the commit failure");
        assertEquals(1, secondary(pair).decisions(Outcome.NOT_RESPONSIVE));
        assertEquals(1, m.commitLatency().stream().mapToLong(Long::longValue).sum(), "one commit went through");
        assertEquals(RelationshipMetrics.COMMIT_LATENCY_BOUNDS.size() + 1, m.commitLatency().size());
    }

    /** An in-memory store whose writes fail while {@link #failing} is set. */
    private static final class FlakyStore extends ForwardingLeaseStore {
        volatile boolean failing;

        @Override
        public void put(Binding binding) throws LeaseStoreException {
            if (failing) {
                throw new LeaseStoreException("disk full (test)");
            }
            super.put(binding);
        }

        @Override
        public void putAll(java.util.Collection<Binding> all) throws LeaseStoreException {
            for (Binding b : all) {
                put(b);
            }
        }
    }
}
