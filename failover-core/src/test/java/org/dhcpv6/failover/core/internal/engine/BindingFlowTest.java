package org.dhcpv6.failover.core.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import org.dhcpv6.failover.api.AddressPool;
import org.dhcpv6.failover.api.Binding;
import org.dhcpv6.failover.api.BindingStatus;
import org.dhcpv6.failover.api.ClientIdentity;
import org.dhcpv6.failover.api.Duid;
import org.dhcpv6.failover.api.IaType;
import org.dhcpv6.failover.api.Ipv6Address;
import org.dhcpv6.failover.api.Ipv6Prefix;
import org.dhcpv6.failover.api.LeaseDecision;
import org.dhcpv6.failover.api.LeaseDecision.Outcome;
import org.dhcpv6.failover.api.LeaseHooks;
import org.dhcpv6.failover.api.LeaseRequest;
import org.dhcpv6.failover.api.MessageKind;
import org.dhcpv6.failover.api.PrefixPool;
import org.dhcpv6.failover.api.Resource;
import org.dhcpv6.failover.api.ServerState;
import org.dhcpv6.failover.core.store.InMemoryLeaseStore;
import org.junit.jupiter.api.Test;

/** The host hooks and the lazy updates between two real engines, with literal times. */
class BindingFlowTest {

    static final Duration MCLT = Duration.ofHours(1);
    static final long THREE_DAYS = Duration.ofDays(3).toSeconds();

    static EnginePair pair() throws Exception {
        return EnginePair.normal(b -> b.mclt(MCLT)
                .addressPool(AddressPool.parse("2001:db8:1::/64"))
                .prefixPool(PrefixPool.of(Ipv6Prefix.parse("2001:db8:100::/48"), 56)));
    }

    static ClientIdentity client(int n, IaType type) {
        return new ClientIdentity(Duid.parseHex(String.format("0001000100%06x", n)), n, type);
    }

    static LeaseDecision ask(LeaseHooks hooks, MessageKind kind, ClientIdentity c, Resource r, long desired,
            boolean directed) {
        LeaseDecision d = hooks.beforeReply(LeaseRequest.of(kind, c, r, desired, desired, directed));
        hooks.afterReply(d);
        return d;
    }

    @Test
    void rfcWorkedExampleFirstLeaseIsMcltThenTheFullDesiredLifetime() throws Exception {
        EnginePair pair = pair();
        LeaseHooks hooks = pair.primary.hooks();
        ClientIdentity c = client(1, IaType.IA_NA);
        Ipv6Address a = hooks.nextFreeAddress().orElseThrow();
        assertTrue(a.isOdd(), "the primary leases its own (odd) half");
        LeaseDecision first = ask(hooks, MessageKind.REQUEST, c, a, THREE_DAYS, false);
        assertEquals(Outcome.GRANTED, first.outcome());
        assertEquals(3600, first.validSeconds(), "a new lease gets MCLT (acked partner lifetime is none)");
        pair.settle();
        Binding acked = hooks.binding(a).orElseThrow();
        assertFalse(acked.partnerUpdatePending(), "the secondary acknowledged");
        assertEquals(ScriptedPartner.T0.plusSeconds(3 + 1800 + THREE_DAYS), acked.ackedPartnerLifetime(),
                "partner told now + 1/2 granted + desired");

        pair.advance(Duration.ofMinutes(30));
        LeaseDecision renew = ask(hooks, MessageKind.RENEW, c, a, THREE_DAYS, true);
        assertEquals(THREE_DAYS, renew.validSeconds(), "steady state: the full desired lifetime");
        pair.settle();
        Binding atSecondary = pair.secondary.hooks().binding(a).orElseThrow();
        assertEquals(c, atSecondary.client());
        assertEquals(BindingStatus.ACTIVE, atSecondary.status());
        // Translated by the skew estimate: equal within a second, well inside the ±5 s window.
        Duration gap = Duration.between(hooks.binding(a).orElseThrow().stateExpirationTime(),
                atSecondary.stateExpirationTime()).abs();
        assertTrue(gap.compareTo(Duration.ofSeconds(1)) <= 0, "expiry differs by " + gap);
    }

    @Test
    void secondaryInNormalOnlyRenewsLeasesDirectedToIt() throws Exception {
        EnginePair pair = pair();
        LeaseHooks secondary = pair.secondary.hooks();
        Ipv6Address even = Ipv6Address.parse("2001:db8:1::2");
        LeaseDecision d = ask(secondary, MessageKind.REQUEST, client(2, IaType.IA_NA), even, 3600, false);
        assertEquals(Outcome.NOT_RESPONSIVE, d.outcome());
        assertTrue(secondary.nextFreeAddress().isEmpty(), "no new leases from a renew-responsive server");
    }

    @Test
    void nobodyLeasesThePartnersHalf() throws Exception {
        EnginePair pair = pair();
        pair.cutLink();
        assertEquals(ServerState.COMMUNICATIONS_INTERRUPTED, pair.primaryState());
        assertEquals(ServerState.COMMUNICATIONS_INTERRUPTED, pair.secondaryState());
        LeaseDecision d = ask(pair.secondary.hooks(), MessageKind.REQUEST, client(3, IaType.IA_NA),
                Ipv6Address.parse("2001:db8:1::5"), 3600, false);
        assertEquals(Outcome.NOT_OWNED, d.outcome());
        Ipv6Address own = pair.secondary.hooks().nextFreeAddress().orElseThrow();
        assertFalse(own.isOdd());
        assertEquals(Outcome.GRANTED,
                ask(pair.secondary.hooks(), MessageKind.REQUEST, client(3, IaType.IA_NA), own, 3600, false).outcome());
    }

    @Test
    void eachServerDelegatesOnlyItsOwnFreePrefixes() throws Exception {
        EnginePair pair = pair();
        pair.cutLink();
        Ipv6Prefix p = pair.primary.hooks().nextFreePrefix().orElseThrow();
        assertTrue(pair.primary.hooks().binding(p).map(b -> b.status() == BindingStatus.FREE).orElse(true));
        assertEquals(Outcome.GRANTED,
                ask(pair.primary.hooks(), MessageKind.REQUEST, client(4, IaType.IA_PD), p, 3600, false).outcome());
        Ipv6Prefix q = pair.secondary.hooks().nextFreePrefix().orElseThrow();
        assertEquals(BindingStatus.FREE_BACKUP, pair.secondary.hooks().binding(q).orElseThrow().status(),
                "the secondary leases what the primary gave it");
        assertEquals(Outcome.NOT_OWNED,
                ask(pair.secondary.hooks(), MessageKind.REQUEST, client(5, IaType.IA_PD), p, 3600, false).outcome());
    }

    @Test
    void leasesUnderThirtySecondsAreRefused() throws Exception {
        EnginePair pair = EnginePair.normal(b -> b.mclt(Duration.ofSeconds(20))
                .addressPool(AddressPool.parse("2001:db8:1::/64")));
        Ipv6Address a = pair.primary.hooks().nextFreeAddress().orElseThrow();
        LeaseDecision d = ask(pair.primary.hooks(), MessageKind.REQUEST, client(5, IaType.IA_NA), a, 3600, false);
        assertEquals(Outcome.TOO_SHORT, d.outcome());
        assertTrue(pair.primary.hooks().binding(a).isEmpty(), "nothing committed");
    }

    @Test
    void solicitOffersWithoutCommittingRapidCommitCommits() throws Exception {
        EnginePair pair = pair();
        LeaseHooks hooks = pair.primary.hooks();
        Ipv6Address a = hooks.nextFreeAddress().orElseThrow();
        assertEquals(Outcome.GRANTED, ask(hooks, MessageKind.SOLICIT, client(6, IaType.IA_NA), a, 3600, false).outcome());
        assertTrue(hooks.binding(a).isEmpty());
        assertEquals(Outcome.GRANTED,
                ask(hooks, MessageKind.SOLICIT_RAPID_COMMIT, client(6, IaType.IA_NA), a, 3600, false).outcome());
        assertTrue(hooks.binding(a).isPresent());
    }

    @Test
    void anotherClientCannotTakeALeasedAddress() throws Exception {
        EnginePair pair = pair();
        LeaseHooks hooks = pair.primary.hooks();
        Ipv6Address a = hooks.nextFreeAddress().orElseThrow();
        ask(hooks, MessageKind.REQUEST, client(7, IaType.IA_NA), a, 3600, false);
        assertEquals(Outcome.IN_USE, ask(hooks, MessageKind.REQUEST, client(8, IaType.IA_NA), a, 3600, false).outcome());
        assertEquals(Outcome.NOT_IN_POOL, ask(hooks, MessageKind.REQUEST, client(8, IaType.IA_NA),
                Ipv6Address.parse("2001:db8:2::1"), 3600, false).outcome());
    }

    @Test
    void releaseReachesThePartnerAndFreesTheAddressOnBothSides() throws Exception {
        EnginePair pair = pair();
        LeaseHooks hooks = pair.primary.hooks();
        ClientIdentity c = client(9, IaType.IA_NA);
        Ipv6Address a = hooks.nextFreeAddress().orElseThrow();
        ask(hooks, MessageKind.REQUEST, c, a, 3600, false);
        pair.settle();
        assertEquals(Outcome.RECORDED, ask(hooks, MessageKind.RELEASE, c, a, 0, true).outcome());
        pair.settle();
        assertEquals(BindingStatus.FREE, hooks.binding(a).orElseThrow().status(), "acked RELEASED -> FREE (odd)");
        assertEquals(BindingStatus.FREE, pair.secondary.hooks().binding(a).orElseThrow().status());
        assertEquals(Outcome.GRANTED,
                ask(hooks, MessageKind.REQUEST, client(10, IaType.IA_NA), a, 3600, false).outcome(),
                "reusable for another client once the partner knows");
    }

    @Test
    void declineAbandonsTheAddress() throws Exception {
        EnginePair pair = pair();
        LeaseHooks hooks = pair.primary.hooks();
        ClientIdentity c = client(11, IaType.IA_NA);
        Ipv6Address a = hooks.nextFreeAddress().orElseThrow();
        ask(hooks, MessageKind.REQUEST, c, a, 3600, false);
        ask(hooks, MessageKind.DECLINE, c, a, 0, true);
        pair.settle();
        assertEquals(BindingStatus.ABANDONED, pair.secondary.hooks().binding(a).orElseThrow().status());
        assertEquals(Outcome.IN_USE, ask(hooks, MessageKind.REQUEST, client(12, IaType.IA_NA), a, 3600, false).outcome());
        assertNotEqualsNext(hooks, a);
    }

    private static void assertNotEqualsNext(LeaseHooks hooks, Ipv6Address abandoned) {
        for (int i = 0; i < 50; i++) {
            Optional<Ipv6Address> n = hooks.nextFreeAddress();
            assertTrue(n.isPresent());
            assertFalse(n.get().equals(abandoned), "next-free never offers an ABANDONED address");
        }
    }

    @Test
    void expiryIsFoundReportedAndFreedAfterTheAck() throws Exception {
        EnginePair pair = pair();
        LeaseHooks hooks = pair.primary.hooks();
        Ipv6Address a = hooks.nextFreeAddress().orElseThrow();
        ask(hooks, MessageKind.REQUEST, client(13, IaType.IA_NA), a, 600, false);
        pair.settle();
        pair.advance(Duration.ofSeconds(599));
        assertEquals(BindingStatus.ACTIVE, hooks.binding(a).orElseThrow().status());
        pair.advance(Duration.ofSeconds(2));
        assertEquals(BindingStatus.FREE, hooks.binding(a).orElseThrow().status(), "EXPIRED, acked, FREE");
        assertEquals(BindingStatus.FREE, pair.secondary.hooks().binding(a).orElseThrow().status());
    }

    @Test
    void updatesMadeDuringAnOutageAreSentWhenTheLinkReturns() throws Exception {
        EnginePair pair = pair();
        pair.cutLink();
        LeaseHooks hooks = pair.primary.hooks();
        Ipv6Address a = hooks.nextFreeAddress().orElseThrow();
        ask(hooks, MessageKind.REQUEST, client(14, IaType.IA_NA), a, 3600, false);
        pair.settle();
        assertTrue(pair.secondary.hooks().binding(a).isEmpty());
        pair.healLink();
        pair.advance(Duration.ofSeconds(5));
        assertEquals(ServerState.NORMAL, pair.primaryState());
        assertEquals(client(14, IaType.IA_NA), pair.secondary.hooks().binding(a).orElseThrow().client());
        assertFalse(hooks.binding(a).orElseThrow().partnerUpdatePending());
    }

    @Test
    void secondaryThatLostItsStoreGetsEverythingBackWithUpdreqall() throws Exception {
        EnginePair pair = pair();
        LeaseHooks hooks = pair.primary.hooks();
        for (int i = 0; i < 50; i++) {
            ask(hooks, MessageKind.REQUEST, client(100 + i, IaType.IA_NA), hooks.nextFreeAddress().orElseThrow(),
                    3600, false);
        }
        pair.settle();
        int total = pair.primary.bindings().size();
        assertEquals(total, pair.secondary.bindings().size(), "50 leases and the prefixes given");
        pair.crashSecondary();
        pair.secondaryStore = new InMemoryLeaseStore();
        pair.startSecondary();
        pair.advance(Duration.ofSeconds(5));
        assertEquals(total, pair.secondary.bindings().size(), "UPDREQALL brought every binding back");
        assertEquals(ServerState.RECOVER_WAIT, pair.secondaryState(), "then it waits MCLT before serving");
        pair.advance(MCLT);
        assertEquals(ServerState.NORMAL, pair.secondaryState());
        assertEquals(ServerState.NORMAL, pair.primaryState());
    }

    @Test
    void partnerDownServesWithoutTheMcltCap() throws Exception {
        EnginePair pair = pair();
        pair.cutLink();
        assertTrue(pair.secondary.partnerDown(pair.clock.now()));
        Ipv6Address a = pair.secondary.hooks().nextFreeAddress().orElseThrow();
        LeaseDecision d = ask(pair.secondary.hooks(), MessageKind.REQUEST, client(15, IaType.IA_NA), a,
                THREE_DAYS, false);
        assertEquals(THREE_DAYS, d.validSeconds());
        assertNull(pair.secondary.hooks().binding(a).orElseThrow().ackedPartnerLifetime());
        assertNotNull(pair.secondary.snapshot().partnerDownSince());
    }
}
