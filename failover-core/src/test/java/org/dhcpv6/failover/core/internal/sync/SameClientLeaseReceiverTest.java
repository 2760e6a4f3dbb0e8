package org.dhcpv6.failover.core.internal.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
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
 * The partner's ACTIVE copy of a lease we hold ACTIVE for the same client is accepted, but must not
 * cut short the lease we granted: the client holds it until our grant ends (simulation seeds 331,
 * 835, 1420, where a restarted primary re-granted a lease for 60 s, took the partner's older copy
 * ending 53 s earlier, expired it and gave the address to another client).
 */
class SameClientLeaseReceiverTest {

    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
    private static final Ipv6Address ADDRESS = Ipv6Address.parse("2001:db8:1::97");
    private static final ClientIdentity CLIENT = new ClientIdentity(Duid.parseHex("000300010000011b"), 283,
            IaType.IA_NA);

    private final BindingTable table = new BindingTable(new InMemoryLeaseStore());

    private BindingReceiver receiver() {
        EndpointSnapshot snapshot = new EndpointSnapshot("sim", Role.PRIMARY, ServerState.NORMAL, NOW.minusSeconds(5),
                ClientService.UNRESPONSIVE, true, ServerState.NORMAL, Duration.ZERO, Duration.ofSeconds(60), null, false, false);
        return new BindingReceiver("sim", Role.PRIMARY, table, r -> true, FailoverListener.NONE, FaultInjector.NONE,
                new ExpiryQueue(), () -> snapshot);
    }

    private static Binding active(Instant clt, Instant expires, boolean pending) {
        return new Binding(ADDRESS, CLIENT, BindingStatus.ACTIVE, 30, 60, 15, 24, clt, expires, clt, null, null,
                null, null, pending);
    }

    private static BndUpd fromPartner(Binding b) {
        return BindingMessages.update(1, 0, b, null, NOW, TimeTranslator.identity(NOW));
    }

    @Test
    void anOlderSameClientCopyEndingEarlierDoesNotShortenOurGrant() throws Exception {
        Instant ourEnd = NOW.plusSeconds(60);
        try (BindingTable.Locked lock = table.lock(ADDRESS)) {
            table.commit(active(NOW, ourEnd, true));
        }

        BindingReceiver.Outcome out = receiver().apply(fromPartner(active(NOW.minusSeconds(500), NOW.plusSeconds(7),
                false)), TimeTranslator.identity(NOW), NOW);

        assertTrue(out.rejections().isEmpty(), out.rejections()::toString);
        Binding kept = table.get(ADDRESS);
        assertEquals(BindingStatus.ACTIVE, kept.status());
        assertEquals(CLIENT, kept.client());
        assertEquals(ourEnd, kept.stateExpirationTime());
        assertTrue(kept.partnerUpdatePending(), "the partner must learn our longer lease");
    }

    @Test
    void ourLongerLeaseGoesBackToThePartnerAtOnce() throws Exception {
        try (BindingTable.Locked lock = table.lock(ADDRESS)) {
            table.commit(active(NOW, NOW.plusSeconds(60), false));
        }

        BindingReceiver.Outcome out = receiver().apply(fromPartner(active(NOW.minusSeconds(500), NOW.plusSeconds(7),
                false)), TimeTranslator.identity(NOW), NOW);

        assertEquals(List.of(ADDRESS), out.sendNow());
        assertEquals(NOW.plusSeconds(60), table.get(ADDRESS).stateExpirationTime());
    }

    @Test
    void aSameClientCopyEndingLaterIsTaken() throws Exception {
        try (BindingTable.Locked lock = table.lock(ADDRESS)) {
            table.commit(active(NOW.minusSeconds(100), NOW.plusSeconds(60), false));
        }

        BindingReceiver.Outcome out = receiver().apply(fromPartner(active(NOW, NOW.plusSeconds(600), false)),
                TimeTranslator.identity(NOW), NOW);

        assertTrue(out.rejections().isEmpty(), out.rejections()::toString);
        assertTrue(out.sendNow().isEmpty(), out.sendNow()::toString);
        assertEquals(NOW.plusSeconds(600), table.get(ADDRESS).stateExpirationTime());
    }
}
