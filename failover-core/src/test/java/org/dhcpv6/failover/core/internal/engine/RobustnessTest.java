package org.dhcpv6.failover.core.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.dhcpv6.failover.api.AddressPool;
import org.dhcpv6.failover.api.FailoverListener;
import org.dhcpv6.failover.api.IaType;
import org.dhcpv6.failover.api.Ipv6Address;
import org.dhcpv6.failover.api.MessageKind;
import org.dhcpv6.failover.api.RelationshipConfig;
import org.dhcpv6.failover.api.Role;
import org.dhcpv6.failover.api.ServerState;
import org.dhcpv6.failover.core.store.InMemoryLeaseStore;
import org.dhcpv6.failover.core.internal.wire.BndUpd;
import org.dhcpv6.failover.core.internal.wire.Connect;
import org.junit.jupiter.api.Test;

/** A partner that stops acknowledging, and how connections are routed to endpoints. */
class RobustnessTest {

    @Test
    void aPartnerThatStopsAcknowledgingCostsTheConnection() throws Exception {
        ScriptedPartner p = new ScriptedPartner(Role.PRIMARY, b -> b.addressPool(AddressPool.parse("2001:db8:1::/64")))
                .savedState(ServerState.NORMAL).start();
        p.connectWithPartnerIn(ServerState.NORMAL);
        assertEquals(ServerState.NORMAL, p.state());
        Ipv6Address a = p.engine.hooks().nextFreeAddress().orElseThrow();
        BindingFlowTest.ask(p.engine.hooks(), MessageKind.REQUEST, BindingFlowTest.client(1, IaType.IA_NA), a, 3600,
                false);
        p.advance(Duration.ofMillis(1));
        assertEquals(1, p.out.take(BndUpd.class).size(), "the BNDUPD went out");
        // The partner keeps the connection alive with STATE/CONTACT but never answers the BNDUPD.
        for (int i = 0; i < 13; i++) {
            p.advance(Duration.ofSeconds(10));
            p.deliverState(ServerState.NORMAL, 1);
        }
        assertEquals(ServerState.COMMUNICATIONS_INTERRUPTED, p.state());
        assertTrue(p.out.closed.stream().anyMatch(r -> r.contains("not acknowledged")), p.out.closed.toString());
    }

    @Test
    void connectionsAreRoutedByPartnerAddressAndRelationshipName() throws Exception {
        InetAddress partner = InetAddress.getByName("::1");
        ConnectionRouter router = new ConnectionRouter();
        FailoverEndpoint a = secondary("a", partner);
        FailoverEndpoint b = secondary("b", partner);
        router.add(a);
        router.add(b);
        assertTrue(router.knowsPartner(partner));
        assertFalse(router.knowsPartner(InetAddress.getByName("::2")), "unknown partners are dropped");
        assertEquals(b, router.route(partner, Connect.of(1, 0, 1, 0, 60, 60, 10, "b", 0)).orElseThrow());
        assertTrue(router.route(partner, Connect.of(1, 0, 1, 0, 60, 60, 10, "c", 0)).isEmpty());
        assertTrue(router.route(partner, Connect.of(1, 0, 1, 0, 60, 60, 10, null, 0)).isEmpty(),
                "without a name, only a single relationship with that partner matches");
        ConnectionRouter single = new ConnectionRouter();
        single.add(a);
        assertEquals(a, single.route(partner, Connect.of(1, 0, 1, 0, 60, 60, 10, null, 0)).orElseThrow());
    }

    private static FailoverEndpoint secondary(String name, InetAddress partner) throws Exception {
        FakeClock clock = new FakeClock(ScriptedPartner.T0);
        RelationshipConfig c = RelationshipConfig.builder(name, Role.SECONDARY)
                .partnerAddress(new InetSocketAddress(partner, 647)).build();
        return new FailoverEndpoint(c, new InMemoryLeaseStore(), FailoverListener.NONE, new RecordingOutbox(), clock,
                FaultInjector.NONE, clock.now());
    }
}
