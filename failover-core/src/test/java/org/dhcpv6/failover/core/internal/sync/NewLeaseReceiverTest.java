package org.dhcpv6.failover.core.internal.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.dhcpv6.failover.api.Binding;
import org.dhcpv6.failover.api.BindingStatus;
import org.dhcpv6.failover.api.ClientIdentity;
import org.dhcpv6.failover.api.ClientService;
import org.dhcpv6.failover.api.Duid;
import org.dhcpv6.failover.api.FailoverListener;
import org.dhcpv6.failover.api.IaType;
import org.dhcpv6.failover.api.Ipv6Address;
import org.dhcpv6.failover.api.Role;
import org.dhcpv6.failover.api.ServerState;
import org.dhcpv6.failover.core.internal.binding.BindingTable;
import org.dhcpv6.failover.core.internal.binding.ExpiryQueue;
import org.dhcpv6.failover.core.internal.engine.EndpointSnapshot;
import org.dhcpv6.failover.core.internal.engine.FaultInjector;
import org.dhcpv6.failover.core.store.InMemoryLeaseStore;
import org.dhcpv6.failover.core.internal.wire.BndUpd;
import org.junit.jupiter.api.Test;

/**
 * The partner lifetime the partner acknowledged belongs to one lease: the partner's update that
 * starts a new lease (another client, or a record that had ended in the pool) does not inherit it,
 * or our next renewal would run to the old acknowledgement plus MCLT while the partner, which keeps
 * no acknowledgement for the new lease, expects MCLT at most (simulation seed 14012).
 */
class NewLeaseReceiverTest {

    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
    private static final Ipv6Address ADDRESS = Ipv6Address.parse("2001:db8:1::49");
    private static final ClientIdentity OLD = new ClientIdentity(Duid.parseHex("00030001000000e4"), 228, IaType.IA_NA);
    private static final ClientIdentity NEW = new ClientIdentity(Duid.parseHex("0003000100000005"), 5, IaType.IA_NA);
    private static final Instant OLD_ACK = NOW.plusSeconds(1100);

    private final BindingTable table = new BindingTable(new InMemoryLeaseStore());

    private BindingReceiver receiver() {
        EndpointSnapshot snapshot = new EndpointSnapshot("sim", Role.SECONDARY, ServerState.NORMAL, NOW.minusSeconds(5),
                ClientService.UNRESPONSIVE, true, ServerState.NORMAL, Duration.ZERO, Duration.ofSeconds(60), null, false, false);
        return new BindingReceiver("sim", Role.SECONDARY, table, r -> true, FailoverListener.NONE, FaultInjector.NONE,
                new ExpiryQueue(), () -> snapshot);
    }

    private void holdLocally(ClientIdentity client, BindingStatus status) throws Exception {
        Instant end = status == BindingStatus.ACTIVE ? NOW.plusSeconds(30) : null;
        try (BindingTable.Locked lock = table.lock(ADDRESS)) {
            table.commit(new Binding(ADDRESS, client, status, 30, 60, 15, 24, NOW.minusSeconds(100), end,
                    NOW.minusSeconds(100), null, null, OLD_ACK, null, false));
        }
    }

    private Binding receiveActive(ClientIdentity client) {
        Binding b = new Binding(ADDRESS, client, BindingStatus.ACTIVE, 30, 60, 15, 24, NOW, NOW.plusSeconds(60), NOW,
                null, null, null, NOW.plusSeconds(1070), false);
        BndUpd update = BindingMessages.update(1, 0, b, null, NOW, TimeTranslator.identity(NOW));
        BindingReceiver.Outcome out = receiver().apply(update, TimeTranslator.identity(NOW), NOW);
        assertTrue(out.rejections().isEmpty(), out.rejections()::toString);
        return table.get(ADDRESS);
    }

    @Test
    void anotherClientsLeaseOnAFreeRecordDropsTheOldAcknowledgement() throws Exception {
        holdLocally(OLD, BindingStatus.FREE_BACKUP);

        Binding now = receiveActive(NEW);

        assertEquals(NEW, now.client());
        assertNull(now.ackedPartnerLifetime());
    }

    @Test
    void theLastClientsNewLeaseOnAFreeRecordDropsItToo() throws Exception {
        holdLocally(NEW, BindingStatus.FREE_BACKUP);

        assertNull(receiveActive(NEW).ackedPartnerLifetime());
    }

    @Test
    void theSameLeaseKeepsItsAcknowledgement() throws Exception {
        holdLocally(NEW, BindingStatus.ACTIVE);

        assertEquals(OLD_ACK, receiveActive(NEW).ackedPartnerLifetime());
    }
}
