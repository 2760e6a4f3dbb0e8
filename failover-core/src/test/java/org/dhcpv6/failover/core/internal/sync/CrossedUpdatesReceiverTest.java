package org.dhcpv6.failover.core.internal.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.dhcpv6.failover.api.Binding;
import org.dhcpv6.failover.api.BindingStatus;
import org.dhcpv6.failover.api.ClientIdentity;
import org.dhcpv6.failover.api.ClientService;
import org.dhcpv6.failover.api.Duid;
import org.dhcpv6.failover.api.FailoverListener;
import org.dhcpv6.failover.api.IaType;
import org.dhcpv6.failover.api.Ipv6Address;
import org.dhcpv6.failover.api.Resource;
import org.dhcpv6.failover.api.Role;
import org.dhcpv6.failover.api.ServerState;
import org.dhcpv6.failover.core.internal.binding.BindingTable;
import org.dhcpv6.failover.core.internal.binding.ExpiryQueue;
import org.dhcpv6.failover.core.internal.state.EndpointSnapshot;
import org.dhcpv6.failover.core.internal.fault.FaultInjector;
import org.dhcpv6.failover.core.store.InMemoryLeaseStore;
import org.junit.jupiter.api.Test;

/**
 * Two BNDUPDs about one lease, naming different clients, cross on the wire: each server accepts the
 * partner's while its own is in flight, then the partner acknowledges its own. Without care the
 * two tables end swapped with nothing pending (simulation seeds 2039, 2509, 5833, 7213, 7550). The
 * primary's acceptance decides: the secondary goes back to the copy the primary took.
 */
class CrossedUpdatesReceiverTest {

    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
    private static final Ipv6Address ADDRESS = Ipv6Address.parse("2001:db8:1::2f");
    private static final ClientIdentity OURS = new ClientIdentity(Duid.parseHex("00030001000000ed"), 237,
            IaType.IA_NA);
    private static final ClientIdentity THEIRS = new ClientIdentity(Duid.parseHex("0003000100000020"), 32,
            IaType.IA_NA);

    private final BindingTable table = new BindingTable(new InMemoryLeaseStore());

    private BindingReceiver receiver(Role role) {
        EndpointSnapshot snapshot = new EndpointSnapshot("sim", role, ServerState.NORMAL, NOW.minusSeconds(5),
                ClientService.UNRESPONSIVE, true, ServerState.NORMAL, Duration.ZERO, Duration.ofSeconds(60), null,
                false, false);
        return new BindingReceiver("sim", role, table, r -> true, FailoverListener.NONE, FaultInjector.NONE,
                new ExpiryQueue(), () -> snapshot);
    }

    private static Binding active(ClientIdentity client, Instant clt, Instant expires, boolean pending) {
        return Binding.builder(ADDRESS, BindingStatus.ACTIVE, clt).client(client).lifetimes(600, 1000, 300, 480)
                .stateExpirationTime(expires).clientLastTransactionTime(clt).partnerUpdatePending(pending).build();
    }

    private static BindingMessages.Ack accepted(Resource r, Instant lifetime) {
        return new BindingMessages.Ack(0, r, true, 0, "", lifetime);
    }

    /** Our update (sent) in flight, the partner's (other client) accepted over it. */
    private Binding crossed(BindingReceiver receiver, Binding sent, Binding partners) throws Exception {
        try (BindingTable.Locked lock = table.lock(ADDRESS)) {
            table.commit(sent);
        }
        BindingReceiver.Outcome out = receiver.apply(
                BindingMessages.update(1, 0, partners, null, NOW, TimeTranslator.identity(NOW)),
                TimeTranslator.identity(NOW), NOW);
        assertTrue(out.rejections().isEmpty(), out.rejections()::toString);
        assertEquals(partners.client(), table.get(ADDRESS).client());
        assertFalse(table.get(ADDRESS).partnerUpdatePending());
        return sent;
    }

    @Test
    void theSecondaryGoesBackToTheCopyThePrimaryTook() throws Exception {
        BindingReceiver receiver = receiver(Role.SECONDARY);
        Binding sent = crossed(receiver, active(OURS, NOW.minusSeconds(10), NOW.plusSeconds(900), true),
                active(THEIRS, NOW.minusSeconds(400), NOW.plusSeconds(700), false));

        Optional<Resource> again = receiver.acks().apply(sent, accepted(ADDRESS, NOW.plusSeconds(1500)), NOW);

        assertTrue(again.isEmpty(), "nothing to resend: the primary holds our copy");
        Binding now = table.get(ADDRESS);
        assertEquals(OURS, now.client());
        assertEquals(BindingStatus.ACTIVE, now.status());
        assertEquals(NOW.plusSeconds(900), now.stateExpirationTime());
        assertEquals(NOW.plusSeconds(1500), now.ackedPartnerLifetime());
        assertFalse(now.partnerUpdatePending());
    }

    @Test
    void thePrimaryKeepsTheSecondarysCopyItTook() throws Exception {
        BindingReceiver receiver = receiver(Role.PRIMARY);
        // The secondary's copy has the later CLT, so the primary takes it (accept(3) by time(2)).
        Binding sent = crossed(receiver, active(OURS, NOW.minusSeconds(400), NOW.plusSeconds(700), true),
                active(THEIRS, NOW.minusSeconds(10), NOW.plusSeconds(900), false));

        Optional<Resource> again = receiver.acks().apply(sent, accepted(ADDRESS, NOW.plusSeconds(1500)), NOW);

        assertTrue(again.isEmpty());
        assertEquals(THEIRS, table.get(ADDRESS).client());
        assertFalse(table.get(ADDRESS).partnerUpdatePending());
    }

    @Test
    void aRejectedUpdateLeavesThePartnersCopy() throws Exception {
        BindingReceiver receiver = receiver(Role.SECONDARY);
        Binding sent = crossed(receiver, active(OURS, NOW.minusSeconds(10), NOW.plusSeconds(900), true),
                active(THEIRS, NOW.minusSeconds(400), NOW.plusSeconds(700), false));

        receiver.acks().apply(sent, new BindingMessages.Ack(0, ADDRESS, false, 16, "in use", null), NOW);

        assertEquals(THEIRS, table.get(ADDRESS).client());
    }

    /**
     * Seed 18778: the primary's BNDREPLY to our crossed update was lost with the connection, so the
     * secondary never learns whether the primary took ours. The partner's copy we hold goes out
     * again (flagged) instead of both tables staying swapped with nothing pending.
     */
    @Test
    void aCrossedUpdateLeftUnansweredGoesOutAgain() throws Exception {
        BindingReceiver receiver = receiver(Role.SECONDARY);
        Binding sent = crossed(receiver, active(OURS, NOW.minusSeconds(10), NOW.plusSeconds(900), true),
                active(THEIRS, NOW.minusSeconds(400), NOW.plusSeconds(700), false));

        receiver.acks().unanswered(sent, NOW);

        assertEquals(THEIRS, table.get(ADDRESS).client());
        assertTrue(table.get(ADDRESS).partnerUpdatePending());
    }

    @Test
    void anUnansweredUpdateNotCrossedIsLeftAsItIs() throws Exception {
        BindingReceiver receiver = receiver(Role.SECONDARY);
        Binding theirs = active(THEIRS, NOW.minusSeconds(400), NOW.plusSeconds(700), false);
        try (BindingTable.Locked lock = table.lock(ADDRESS)) {
            table.commit(theirs);
        }

        receiver.acks().unanswered(active(THEIRS, NOW.minusSeconds(400), NOW.plusSeconds(700), true), NOW);

        assertEquals(theirs, table.get(ADDRESS));
    }

    @Test
    void thePrimaryLeavesACrossedUpdateLeftUnanswered() throws Exception {
        BindingReceiver receiver = receiver(Role.PRIMARY);
        Binding sent = crossed(receiver, active(OURS, NOW.minusSeconds(400), NOW.plusSeconds(700), true),
                active(THEIRS, NOW.minusSeconds(10), NOW.plusSeconds(900), false));

        receiver.acks().unanswered(sent, NOW);

        assertFalse(table.get(ADDRESS).partnerUpdatePending(), "the secondary sends it again, not the primary");
    }

    @Test
    void theSameClientsLeaseIsNoCrossing() {
        Binding sent = active(OURS, NOW, NOW.plusSeconds(900), true);
        assertFalse(OwnUpdateAcks.crossedAndTaken(sent, active(OURS, NOW, NOW.plusSeconds(700), false)));
        assertFalse(OwnUpdateAcks.crossedAndTaken(sent, active(THEIRS, NOW, NOW.plusSeconds(700), true)));
        assertTrue(OwnUpdateAcks.crossedAndTaken(sent, active(THEIRS, NOW, NOW.plusSeconds(700), false)));
    }
}
