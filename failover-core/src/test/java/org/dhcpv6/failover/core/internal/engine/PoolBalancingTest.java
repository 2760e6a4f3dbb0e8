package org.dhcpv6.failover.core.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.dhcpv6.failover.api.BindingStatus;
import org.dhcpv6.failover.api.IaType;
import org.dhcpv6.failover.api.Ipv6Prefix;
import org.dhcpv6.failover.api.LeaseDecision.Outcome;
import org.dhcpv6.failover.api.LeaseHooks;
import org.dhcpv6.failover.api.MessageKind;
import org.dhcpv6.failover.api.PrefixPool;
import org.dhcpv6.failover.api.ServerState;
import org.junit.jupiter.api.Test;

/** Proportional allocation of delegated prefixes between two real engines (RFC 8156 §4.2.2). */
class PoolBalancingTest {

    static final PrefixPool POOL = PrefixPool.of(Ipv6Prefix.parse("2001:db8:100::/48"), 56);

    static EnginePair pair() throws Exception {
        return EnginePair.normal(b -> b.mclt(Duration.ofMinutes(5)).prefixPool(POOL));
    }

    static long count(FailoverEndpoint e, BindingStatus status) {
        long n = 0;
        for (int i = 0; i < POOL.prefixCount(); i++) {
            var b = e.bindings().get(POOL.prefixAt(i));
            BindingStatus s = b == null ? BindingStatus.FREE : b.status();
            if (s == status) {
                n++;
            }
        }
        return n;
    }

    static int delegateAll(LeaseHooks hooks, int firstClient, Set<Ipv6Prefix> seen) {
        int n = 0;
        for (Optional<Ipv6Prefix> p = hooks.nextFreePrefix(); p.isPresent(); p = hooks.nextFreePrefix()) {
            var d = BindingFlowTest.ask(hooks, MessageKind.REQUEST, BindingFlowTest.client(firstClient + n, IaType.IA_PD),
                    p.get(), 3600, false);
            assertEquals(Outcome.GRANTED, d.outcome(), d.reason());
            assertTrue(seen.add(p.get()), "delegated twice: " + p.get());
            n++;
        }
        return n;
    }

    @Test
    void afterNormalTheSecondaryHoldsItsShareAsFreeBackup() throws Exception {
        EnginePair pair = pair();
        assertEquals(128, count(pair.secondary, BindingStatus.FREE_BACKUP));
        assertEquals(128, count(pair.primary, BindingStatus.FREE_BACKUP), "both tables agree");
        assertEquals(128, count(pair.primary, BindingStatus.FREE));
    }

    @Test
    void aBalancedPoolCausesNoTraffic() throws Exception {
        EnginePair pair = pair();
        int before = pair.messages;
        pair.advance(Duration.ofMinutes(6));
        int contactsAndStates = pair.messages - before;
        assertEquals(128, count(pair.secondary, BindingStatus.FREE_BACKUP));
        // Keepalive CONTACTs and the secondary's periodic POOLREQ/POOLRESP only; no BNDUPD moved.
        assertTrue(contactsAndStates < 60, "messages while balanced: " + contactsAndStates);
    }

    @Test
    void cutLinkBothDelegateTheirOwnUntilEmptyNeverTwiceThenHealToNormal() throws Exception {
        EnginePair pair = pair();
        pair.cutLink();
        Set<Ipv6Prefix> seen = new HashSet<>();
        int byPrimary = delegateAll(pair.primary.hooks(), 1000, seen);
        int bySecondary = delegateAll(pair.secondary.hooks(), 2000, seen);
        assertEquals(128, byPrimary);
        assertEquals(128, bySecondary);
        pair.healLink();
        pair.advance(Duration.ofSeconds(10));
        assertEquals(ServerState.NORMAL, pair.primaryState());
        assertEquals(ServerState.NORMAL, pair.secondaryState());
        assertEquals(256, count(pair.primary, BindingStatus.ACTIVE), "the primary learned the secondary's");
        assertEquals(256, count(pair.secondary, BindingStatus.ACTIVE));
    }

    @Test
    void thePrimaryTakesPrefixesBackWhenItsOwnRunLow() throws Exception {
        EnginePair pair = pair();
        Set<Ipv6Prefix> seen = new HashSet<>();
        LeaseHooks hooks = pair.primary.hooks();
        for (int i = 0; i < 100; i++) {
            Ipv6Prefix p = hooks.nextFreePrefix().orElseThrow();
            BindingFlowTest.ask(hooks, MessageKind.REQUEST, BindingFlowTest.client(3000 + i, IaType.IA_PD), p, 3600,
                    false);
            seen.add(p);
        }
        pair.settle();
        // 28 FREE / 128 FREE-BACKUP: the secondary should hold floor(0.5 * 156) = 78.
        pair.advance(Duration.ofSeconds(31));
        assertEquals(78, count(pair.secondary, BindingStatus.FREE_BACKUP));
        assertEquals(78, count(pair.primary, BindingStatus.FREE_BACKUP));
        assertEquals(78, count(pair.primary, BindingStatus.FREE));
    }

    @Test
    void aLargePoolIsSharedInBoundedRounds() throws Exception {
        PrefixPool large = PrefixPool.of(Ipv6Prefix.parse("2001:db8:1000::/43"), 56);
        EnginePair pair = new EnginePair(b -> b.mclt(Duration.ofMinutes(5)).prefixPool(large)).start();
        for (int i = 0; i < 100 && pair.secondary.bindings().size() == 0; i++) {
            pair.advance(Duration.ofMillis(100));
        }
        long given = pair.secondary.bindings().size();
        // The primary's own check and the secondary's POOLREQ each move one bounded round.
        assertTrue(given > 0 && given <= 2 * org.dhcpv6.failover.core.internal.sync.PoolBalancer.MAX_MOVES_PER_ROUND,
                "rounds are bounded: " + given);
        pair.advance(Duration.ofSeconds(12));
        long later = pair.secondary.bindings().size();
        // Later rounds go on until the pool is within the 15% threshold of an even split.
        assertTrue(later > given && Math.abs(later - 4096) <= Math.ceil(0.15 * 8192), "after more rounds: " + later);
    }
}
