package org.dhcpv6.failover.core.internal.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.dhcpv6.failover.api.Binding;
import org.dhcpv6.failover.api.BindingStatus;
import org.dhcpv6.failover.api.ClientIdentity;
import org.dhcpv6.failover.api.Duid;
import org.dhcpv6.failover.api.FailoverListener;
import org.dhcpv6.failover.api.IaType;
import org.dhcpv6.failover.api.Ipv6Address;
import org.dhcpv6.failover.api.Ipv6Prefix;
import org.dhcpv6.failover.api.PrefixPool;
import org.dhcpv6.failover.api.RelationshipConfig;
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

/**
 * Every BNDUPD in flight counts against the partner's max-unacked (RFC 8156 §7.5.2): the lazy
 * updates and the pool balancer's take-backs share one window, held by {@link PartnerSync}.
 * Before they did, a take-back round sent up to half the window on top of a full window of lazy
 * updates (1.5 × max-unacked in flight).
 */
class SendWindowTest {

    private static final PrefixPool POOL = PrefixPool.of(Ipv6Prefix.parse("2001:db8:100::/48"), 56);
    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    private static final int MAX_UNACKED = 4;
    private static final ClientIdentity CLIENT = new ClientIdentity(Duid.parseHex("00:01:aa"), 1, IaType.IA_NA);

    /** A connection that keeps every BNDUPD sent on it until it is answered. */
    private static final class Partner implements PartnerSync.Channel {
        final Map<Integer, BndUpd> unanswered = new LinkedHashMap<>();
        int mostInFlight;
        private int xid;

        @Override
        public int nextXid() {
            return ++xid;
        }

        @Override
        public void send(FailoverMessage message) {
            if (message instanceof BndUpd u) {
                unanswered.put(u.transactionId(), u);
                mostInFlight = Math.max(mostInFlight, unanswered.size());
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
            return MAX_UNACKED;
        }

        /** Accepts the oldest unanswered BNDUPD. */
        void answerOldest(PartnerSync sync) {
            BndUpd u = unanswered.values().iterator().next();
            unanswered.remove(u.transactionId());
            sync.onReply(this, BindingMessages.reply(u, wireNow(), Map.of(), null), NOW);
        }
    }

    @Test
    void takeBacksWaitForRoomInTheWindowOfLazyUpdates() throws Exception {
        RelationshipConfig config = RelationshipConfig.builder("t", Role.PRIMARY)
                .partnerAddress(new InetSocketAddress("2001:db8::2", 647)).prefixPool(POOL).build();
        BindingTable table = new BindingTable(new InMemoryLeaseStore());
        table.load();
        BindingReceiver receiver = new BindingReceiver("t", Role.PRIMARY, table, r -> true, FailoverListener.NONE,
                FaultInjector.NONE, new ExpiryQueue(), () -> null);
        PartnerSync sync = new PartnerSync("t", table, FailoverListener.NONE, FaultInjector.NONE, receiver);
        PoolBalancer balancer = new PoolBalancer(config, table, sync, ProportionalPool.DEFAULT_THRESHOLD);
        for (int i = 0; i < POOL.prefixCount(); i++) {
            table.commit(Binding.free(POOL.prefixAt(i), BindingStatus.FREE_BACKUP, NOW));
        }
        for (int i = 1; i <= 2 * MAX_UNACKED; i++) {
            table.commit(Binding.builder(new Ipv6Address(0x20010db800000000L, i), BindingStatus.ACTIVE, NOW)
                    .client(CLIENT).lifetimes(100, 200, 50, 80).stateExpirationTime(NOW.plusSeconds(200))
                    .clientLastTransactionTime(NOW).partnerUpdatePending(true).build());
        }
        Partner partner = new Partner();
        sync.queueAllPending();
        sync.pump(partner, NOW);
        assertEquals(MAX_UNACKED, partner.unanswered.size(), "lazy updates fill the window");

        balancer.balance(partner, NOW, true);
        assertEquals(MAX_UNACKED, partner.mostInFlight, "no take-back beyond a full window");

        partner.answerOldest(sync);
        balancer.balance(partner, NOW.plusSeconds(10), true);
        assertEquals(MAX_UNACKED, partner.unanswered.size(), "the freed place went to one BNDUPD");
        assertEquals(MAX_UNACKED, sync.outstandingCount(), "the sync counts every BNDUPD in flight");

        while (!partner.unanswered.isEmpty()) {
            partner.answerOldest(sync);
        }
        balancer.balance(partner, NOW.plusSeconds(20), true);
        assertEquals(MAX_UNACKED / 2, partner.unanswered.size(), "with the lazy updates done, half a window of take-backs");
        assertEquals(MAX_UNACKED / 2, sync.outstandingCount(), "take-backs count in the sync's window");
        while (!partner.unanswered.isEmpty()) {
            partner.answerOldest(sync);
        }
        long taken = POOL.prefixCount() - balancer.counts(POOL)[1];
        assertEquals(MAX_UNACKED / 2, taken, "each accepted take-back's answer reached the balancer through the sync");
        assertEquals(MAX_UNACKED, partner.mostInFlight, "never more than max-unacked in flight");
    }
}
