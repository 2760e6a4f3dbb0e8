package org.dhcpv6.failover.core.internal.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dhcpv6.failover.api.Binding;
import org.dhcpv6.failover.api.BindingStatus;
import org.dhcpv6.failover.api.FailoverListener;
import org.dhcpv6.failover.api.Ipv6Prefix;
import org.dhcpv6.failover.api.PrefixPool;
import org.dhcpv6.failover.api.RelationshipConfig;
import org.dhcpv6.failover.api.Resource;
import org.dhcpv6.failover.api.Role;
import org.dhcpv6.failover.core.internal.alloc.ProportionalPool;
import org.dhcpv6.failover.core.internal.binding.BindingTable;
import org.dhcpv6.failover.core.internal.binding.ExpiryQueue;
import org.dhcpv6.failover.core.internal.fault.FaultInjector;
import org.dhcpv6.failover.core.store.InMemoryLeaseStore;
import org.dhcpv6.failover.core.internal.time.WireTime;
import org.dhcpv6.failover.core.internal.wire.BndUpd;
import org.dhcpv6.failover.core.internal.wire.FailoverMessage;
import org.junit.jupiter.api.Test;

/** The primary's take-backs (RFC 8156 §4.2.2) when their answer is lost with the connection. */
class PoolBalancerTakeBackTest {

    private static final PrefixPool POOL = PrefixPool.of(Ipv6Prefix.parse("2001:db8:100::/48"), 56);
    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

    /** A connection that records the prefixes of the take-backs sent on it. */
    private static final class Recording implements PartnerSync.Channel {
        final List<Resource> takeBacks = new ArrayList<>();
        final List<BndUpd> updates = new ArrayList<>();
        private int xid;

        @Override
        public int nextXid() {
            return ++xid;
        }

        @Override
        public void send(FailoverMessage message) {
            updates.add((BndUpd) message);
            try {
                for (BindingMessages.ReceivedLease l : BindingMessages.leases((BndUpd) message, times())) {
                    assertEquals(BindingStatus.FREE, l.status());
                    takeBacks.add(l.resource());
                }
            } catch (MissingBindingDataException e) {
                throw new AssertionError(e);
            }
        }

        @Override
        public long wireNow() {
            return WireTime.toWire(NOW);
        }

        @Override
        public TimeTranslator times() {
            return TimeTranslator.identity(NOW);
        }

        @Override
        public long partnerMaxUnacked() {
            return 20;
        }
    }

    private static PoolBalancer balancerOver(BindingTable table, PartnerSync sync) {
        RelationshipConfig config = RelationshipConfig.builder("t", Role.PRIMARY)
                .partnerAddress(new InetSocketAddress("2001:db8::2", 647)).prefixPool(POOL).build();
        return new PoolBalancer(config, table, sync, ProportionalPool.DEFAULT_THRESHOLD);
    }

    /**
     * Simulation seed 7787 (batched turns): while a take-back was in flight the primary took the
     * secondary's FREE of that prefix (a confirmation of an older take-back) and gave the prefix
     * again. The take-back's acceptance then freed the flagged give unflagged, the give reached the
     * secondary anyway: FREE here, FREE-BACKUP there, neither flagged. The give is the newer move.
     */
    @Test
    void anAcceptedTakeBackDoesNotUndoANewerGiveOfThePrefix() throws Exception {
        BindingTable table = new BindingTable(new InMemoryLeaseStore());
        table.load();
        BindingReceiver receiver = new BindingReceiver("t", Role.PRIMARY, table, r -> true, FailoverListener.NONE,
                FaultInjector.NONE, new ExpiryQueue(), () -> null);
        PartnerSync sync = new PartnerSync("t", table, FailoverListener.NONE, FaultInjector.NONE, receiver);
        PoolBalancer balancer = balancerOver(table, sync);
        for (int i = 0; i < POOL.prefixCount(); i++) {
            table.commit(Binding.free(POOL.prefixAt(i), BindingStatus.FREE_BACKUP, NOW));
        }
        Recording ch = new Recording();
        balancer.balance(ch, NOW, true);
        Resource given = ch.takeBacks.get(0);
        Resource plain = ch.takeBacks.get(1);
        table.commit(Binding.free(given, BindingStatus.FREE, NOW.plusSeconds(1)));
        Binding give = Binding.free(given, BindingStatus.FREE_BACKUP, NOW.plusSeconds(2))
                .withPartnerUpdatePending(true);
        table.commit(give);

        for (BndUpd takeBack : ch.updates) {
            sync.onReply(ch, BindingMessages.reply(takeBack, ch.wireNow(), Map.of(), null), NOW.plusSeconds(3));
        }

        assertEquals(give, table.get(given), "the newer give stands, still flagged for the secondary");
        assertEquals(BindingStatus.FREE, table.get(plain).status(), "an untouched take-back still frees its prefix");
    }

    /**
     * Simulation seed 173: the secondary accepted a take-back (FREE) and died before its BNDREPLY
     * left. The primary forgot the unanswered take-back with the connection and kept the prefix
     * FREE-BACKUP while the secondary kept it FREE: each took it for the other's, for good, once the
     * counts no longer called for that very prefix to be taken back. It must be asked again.
     */
    @Test
    void aTakeBackLeftUnansweredByALostConnectionIsAskedAgainEvenWhenBalanced() throws Exception {
        RelationshipConfig config = RelationshipConfig.builder("t", Role.PRIMARY)
                .partnerAddress(new InetSocketAddress("2001:db8::2", 647)).prefixPool(POOL).build();
        BindingTable table = new BindingTable(new InMemoryLeaseStore());
        table.load();
        ExpiryQueue expiries = new ExpiryQueue();
        BindingReceiver receiver = new BindingReceiver("t", Role.PRIMARY, table, r -> true, FailoverListener.NONE,
                FaultInjector.NONE, expiries, () -> null);
        PartnerSync sync = new PartnerSync("t", table, FailoverListener.NONE, FaultInjector.NONE, receiver);
        PoolBalancer balancer = new PoolBalancer(config, table, sync, ProportionalPool.DEFAULT_THRESHOLD);
        for (int i = 0; i < POOL.prefixCount(); i++) {
            table.commit(Binding.free(POOL.prefixAt(i), BindingStatus.FREE_BACKUP, NOW));
        }
        Recording first = new Recording();
        balancer.balance(first, NOW, true);
        assertEquals(10, first.takeBacks.size(), "a window of take-backs, all FREE-BACKUP for the secondary");

        balancer.onConnectionLost();
        // Meanwhile the primary's own prefixes came free: its counts are balanced now (128/128).
        for (int i = 0; i < POOL.prefixCount() / 2; i++) {
            table.commit(Binding.free(POOL.prefixAt(i), BindingStatus.FREE, NOW.plusSeconds(1)));
        }
        Recording second = new Recording();
        balancer.balance(second, NOW.plus(Duration.ofMinutes(1)), true);
        assertEquals(first.takeBacks, second.takeBacks, "the take-backs in doubt are asked again");
    }
}
