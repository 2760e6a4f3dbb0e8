package org.dhcpv6.failover.core.internal.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dhcpv6.failover.api.Binding;
import org.dhcpv6.failover.api.BindingStatus;
import org.dhcpv6.failover.api.ClientIdentity;
import org.dhcpv6.failover.api.Duid;
import org.dhcpv6.failover.api.FailoverListener;
import org.dhcpv6.failover.api.IaType;
import org.dhcpv6.failover.api.LeaseStoreException;
import org.dhcpv6.failover.api.Ipv6Address;
import org.dhcpv6.failover.api.Resource;
import org.dhcpv6.failover.api.Role;
import org.dhcpv6.failover.core.internal.binding.BindingTable;
import org.dhcpv6.failover.core.internal.binding.ExpiryQueue;
import org.dhcpv6.failover.core.internal.fault.FaultInjector;
import org.dhcpv6.failover.core.internal.time.WireTime;
import org.dhcpv6.failover.core.internal.wire.BndUpd;
import org.dhcpv6.failover.core.internal.wire.FailoverMessage;
import org.dhcpv6.failover.core.internal.wire.MessageType;
import org.dhcpv6.failover.core.store.InMemoryLeaseStore;
import org.dhcpv6.failover.core.testfixtures.ForwardingLeaseStore;
import org.junit.jupiter.api.Test;

/**
 * An UPDREQALL is answered by a walk over the table (docs/decisions/0019): every binding that had
 * a client goes once, within the window, without a store write to flag it, and UPDDONE follows
 * the last answer.
 */
class FullAnswerTest {

    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    private static final int MAX_UNACKED = 3;
    private static final int LEASES = 10;

    /** A store that counts its writes. */
    private static final class CountingStore extends ForwardingLeaseStore {
        int writes;

        @Override
        public void put(Binding binding) throws LeaseStoreException {
            writes++;
            super.put(binding);
        }

        @Override
        public void putAll(Collection<Binding> bindings) throws LeaseStoreException {
            writes += bindings.size();
            super.putAll(bindings);
        }
    }

    /** A connection that keeps every BNDUPD until it is answered and notes UPDDONE. */
    private static final class Partner implements PartnerSync.Channel {
        final Map<Integer, BndUpd> unanswered = new LinkedHashMap<>();
        final List<Resource> sent = new ArrayList<>();
        int mostInFlight;
        int updDones;
        private int xid = 100;

        @Override
        public int nextXid() {
            return ++xid;
        }

        @Override
        public void send(FailoverMessage message) {
            if (message instanceof BndUpd u) {
                unanswered.put(u.transactionId(), u);
                mostInFlight = Math.max(mostInFlight, unanswered.size());
                try {
                    sent.add(BindingMessages.leases(u, times()).get(0).resource());
                } catch (MissingBindingDataException e) {
                    throw new AssertionError(e);
                }
            } else if (message.type() == MessageType.UPDDONE) {
                updDones++;
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

        void answerOldest(PartnerSync sync) {
            BndUpd u = unanswered.values().iterator().next();
            unanswered.remove(u.transactionId());
            sync.onReply(this, BindingMessages.reply(u, wireNow(), Map.of(), null), NOW);
        }
    }

    private static Ipv6Address address(int i) {
        return new Ipv6Address(0x20010db800000000L, i);
    }

    private static Binding lease(int i, boolean pending) {
        ClientIdentity client = new ClientIdentity(Duid.parseHex(String.format("0001%04x", i)), 1, IaType.IA_NA);
        return Binding.builder(address(i), BindingStatus.ACTIVE, NOW).client(client).lifetimes(100, 200, 50, 80)
                .stateExpirationTime(NOW.plusSeconds(200)).clientLastTransactionTime(NOW)
                .partnerUpdatePending(pending).build();
    }

    @Test
    void everyLeaseGoesOnceWithinTheWindowAndNothingIsStoredForIt() throws Exception {
        CountingStore store = new CountingStore();
        BindingTable table = new BindingTable(store);
        table.load();
        for (int i = 1; i <= LEASES; i++) {
            table.commit(lease(i, i == 1));
        }
        table.commit(Binding.free(address(99), BindingStatus.FREE, NOW));
        PartnerSync sync = sync(table);
        Partner partner = new Partner();
        sync.onEstablished();
        store.writes = 0;

        sync.onUpdateRequest(partner, 7, true);
        sync.pump(partner, NOW);
        assertEquals(0, store.writes, "no binding is flagged in the store to answer");
        assertEquals(MAX_UNACKED, partner.unanswered.size(), "the answer fills the window");
        while (!partner.unanswered.isEmpty()) {
            assertEquals(0, partner.updDones, "no UPDDONE while a BNDUPD of the answer is unanswered");
            partner.answerOldest(sync);
        }
        assertEquals(1, partner.updDones, "UPDDONE after the last answer");
        assertEquals(MAX_UNACKED, partner.mostInFlight, "never more than max-unacked in flight");
        Set<Resource> once = new HashSet<>(partner.sent);
        assertEquals(LEASES, partner.sent.size(), "each lease once; the never-used address not at all");
        assertEquals(LEASES, once.size());
        assertFalse(once.contains(address(99)));
        assertEquals(1, store.writes, "only the flagged lease's answer changed what is stored");
        assertFalse(table.get(address(1)).partnerUpdatePending());
    }

    @Test
    void aLaterUpdReqAfterAReconnectIsAnsweredInFull() throws Exception {
        BindingTable table = new BindingTable(new InMemoryLeaseStore());
        table.load();
        for (int i = 1; i <= LEASES; i++) {
            table.commit(lease(i, false));
        }
        PartnerSync sync = sync(table);
        Partner first = new Partner();
        sync.onEstablished();
        sync.onUpdateRequest(first, 7, true);
        sync.pump(first, NOW);
        sync.onConnectionLost(NOW);

        Partner second = new Partner();
        sync.onEstablished();
        sync.onUpdateRequest(second, 8, false);
        sync.pump(second, NOW);
        while (!second.unanswered.isEmpty()) {
            second.answerOldest(sync);
        }
        assertEquals(LEASES, second.sent.size(), "the UPDREQALL owed is answered in full");
        assertEquals(1, second.updDones);

        Partner third = new Partner();
        sync.onUpdateRequest(third, 9, false);
        sync.pump(third, NOW);
        assertTrue(third.sent.isEmpty(), "once answered, an UPDREQ gets only what is flagged");
        assertEquals(1, third.updDones);
    }

    private static PartnerSync sync(BindingTable table) {
        BindingReceiver receiver = new BindingReceiver("t", Role.PRIMARY, table, r -> true, FailoverListener.NONE,
                FaultInjector.NONE, new ExpiryQueue(), () -> null);
        return new PartnerSync("t", table, FailoverListener.NONE, FaultInjector.NONE, receiver);
    }
}
