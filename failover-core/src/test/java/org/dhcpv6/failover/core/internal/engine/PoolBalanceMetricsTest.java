package org.dhcpv6.failover.core.internal.engine;

import static org.dhcpv6.failover.core.internal.engine.PoolBalancingTest.POOL;
import static org.dhcpv6.failover.core.internal.engine.PoolBalancingTest.count;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import org.dhcpv6.failover.api.BindingStatus;
import org.dhcpv6.failover.api.IaType;
import org.dhcpv6.failover.api.Ipv6Prefix;
import org.dhcpv6.failover.api.LeaseDecision.Outcome;
import org.dhcpv6.failover.api.MessageKind;
import org.dhcpv6.failover.api.RelationshipMetrics;
import org.dhcpv6.failover.api.RelationshipMetrics.PoolBalance;
import org.junit.jupiter.api.Test;

/**
 * The pool balance of the metrics follows the binding table as the primary gives the secondary
 * its share, hosts delegate, leases expire and the link is cut: it always equals a scan of the table.
 */
class PoolBalanceMetricsTest {

    private static PoolBalance balance(EnginePair pair, FailoverEndpoint e) {
        List<PoolBalance> all = e.metrics(pair.clock.now()).poolBalance();
        assertEquals(1, all.size());
        assertEquals(POOL, all.get(0).pool());
        return all.get(0);
    }

    private static void agreesWithAScan(EnginePair pair, FailoverEndpoint e) {
        PoolBalance b = balance(pair, e);
        assertEquals(count(e, BindingStatus.FREE), b.free(), "FREE");
        assertEquals(count(e, BindingStatus.FREE_BACKUP), b.freeBackup(), "FREE-BACKUP");
    }

    @Test
    void theBalanceMovesWithGivesDelegationsAndExpiry() throws Exception {
        EnginePair pair = PoolBalancingTest.pair();
        assertEquals(new PoolBalance(POOL, 128, 128), balance(pair, pair.primary), "half given to the secondary");
        assertEquals(new PoolBalance(POOL, 128, 128), balance(pair, pair.secondary), "and the secondary agrees");

        for (int i = 0; i < 10; i++) {
            Ipv6Prefix p = pair.primary.hooks().nextFreePrefix().orElseThrow();
            assertEquals(Outcome.GRANTED, BindingFlowTest.ask(pair.primary.hooks(), MessageKind.REQUEST,
                    BindingFlowTest.client(i, IaType.IA_PD), p, 600, false).outcome());
        }
        pair.settle();
        assertEquals(new PoolBalance(POOL, 118, 128), balance(pair, pair.primary), "ten delegated by the primary");
        assertEquals(new PoolBalance(POOL, 118, 128), balance(pair, pair.secondary), "and told to the secondary");
        agreesWithAScan(pair, pair.primary);
        agreesWithAScan(pair, pair.secondary);

        pair.cutLink();
        assertEquals(128, PoolBalancingTest.delegateAll(pair.secondary.hooks(), 2000, new HashSet<>()));
        assertEquals(new PoolBalance(POOL, 118, 0), balance(pair, pair.secondary), "the secondary used all its own");
        assertEquals(new PoolBalance(POOL, 118, 128), balance(pair, pair.primary), "not yet told");
        agreesWithAScan(pair, pair.secondary);

        pair.advance(Duration.ofHours(3));
        agreesWithAScan(pair, pair.primary);
        agreesWithAScan(pair, pair.secondary);
    }
}
