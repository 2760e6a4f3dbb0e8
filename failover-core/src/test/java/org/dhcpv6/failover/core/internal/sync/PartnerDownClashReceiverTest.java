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
import org.dhcpv6.failover.api.Ipv6Prefix;
import org.dhcpv6.failover.api.Role;
import org.dhcpv6.failover.api.ServerState;
import org.dhcpv6.failover.core.internal.binding.BindingTable;
import org.dhcpv6.failover.core.internal.binding.ConflictResolver;
import org.dhcpv6.failover.core.internal.binding.ExpiryQueue;
import org.dhcpv6.failover.core.internal.engine.EndpointSnapshot;
import org.dhcpv6.failover.core.internal.engine.FaultInjector;
import org.dhcpv6.failover.core.store.InMemoryLeaseStore;
import org.dhcpv6.failover.core.internal.wire.BndUpd;
import org.junit.jupiter.api.Test;

/**
 * The secondary in PARTNER-DOWN delegated a prefix it had freed at its reuse time; the primary,
 * recovering, sends an older ACTIVE of the prefix's previous client (a recovery hold it made
 * before crashing). The secondary keeps its own client's lease and sends it to the primary
 * (simulation seeds 27845, 41043, 55284); where both may have served (both in
 * POTENTIAL-CONFLICT) the primary's binding still wins (RFC 8156 §7.5.4 accept(3)).
 */
class PartnerDownClashReceiverTest {

    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
    private static final Duration MCLT = Duration.ofSeconds(60);
    private static final Ipv6Prefix PREFIX = Ipv6Prefix.parse("2001:db8:100:600::/56");
    private static final ClientIdentity OURS = new ClientIdentity(Duid.parseHex("00030001000000c6"), 198,
            IaType.IA_PD);
    private static final ClientIdentity OLDER = new ClientIdentity(Duid.parseHex("00030001000000ac"), 172,
            IaType.IA_PD);

    private final BindingTable table = new BindingTable(new InMemoryLeaseStore());

    /** A secondary in {@code state} whose partner last reported {@code partnerState}. */
    private BindingReceiver secondary(ServerState state, ServerState partnerState) {
        EndpointSnapshot snapshot = new EndpointSnapshot("sim", Role.SECONDARY, state, NOW.minusSeconds(100),
                ClientService.RESPONSIVE, true, partnerState, Duration.ZERO, MCLT,
                state == ServerState.PARTNER_DOWN ? NOW.minusSeconds(100) : null, false, false);
        return new BindingReceiver("sim", Role.SECONDARY, table, r -> true, FailoverListener.NONE,
                FaultInjector.NONE, new ExpiryQueue(), () -> snapshot);
    }

    /** Our delegation to OURS, 36 s ago, for 995 s. */
    private Binding ourLease() throws Exception {
        Binding ours = new Binding(PREFIX, OURS, BindingStatus.ACTIVE, 995, 995, 497, 796, NOW.minusSeconds(36),
                NOW.plusSeconds(959), NOW.minusSeconds(36), null, null, null, NOW.plusSeconds(1_492), true);
        table.commit(ours);
        return ours;
    }

    /** The primary's hold of OLDER: no client transaction, begun 100 s ago for MCLT. */
    private static BndUpd primarysHold() {
        Binding hold = new Binding(PREFIX, OLDER, BindingStatus.ACTIVE, 60, 60, 30, 48, NOW.minusSeconds(100),
                NOW.minusSeconds(40), null, null, null, null, null, true);
        return BindingMessages.update(1, 0, hold, null, NOW, TimeTranslator.identity(NOW));
    }

    @Test
    void inPartnerDownTheSecondaryKeepsItsLeaseAndSendsItBack() throws Exception {
        Binding ours = ourLease();

        BindingReceiver.Outcome out = secondary(ServerState.PARTNER_DOWN, ServerState.RECOVER).apply(primarysHold(),
                TimeTranslator.identity(NOW), NOW);

        assertEquals(ConflictResolver.OUTDATED_BINDING_INFORMATION, out.rejections().get(0).statusCode());
        Binding kept = table.get(PREFIX);
        assertEquals(BindingStatus.ACTIVE, kept.status());
        assertEquals(OURS, kept.client());
        assertEquals(ours.stateExpirationTime(), kept.stateExpirationTime());
        // Already flagged, so the periodic scan sends it, not this answer (RFC 8156 §7.5.4 storms).
        assertTrue(kept.partnerUpdatePending());
        assertEquals(List.of(), out.sendNow());
    }

    @Test
    void anAcknowledgedLeaseOfOursGoesBackAtOnce() throws Exception {
        table.commit(ourLease().withPartnerUpdatePending(false));

        BindingReceiver.Outcome out = secondary(ServerState.PARTNER_DOWN, ServerState.RECOVER).apply(primarysHold(),
                TimeTranslator.identity(NOW), NOW);

        assertEquals(List.of(PREFIX), out.sendNow());
        assertTrue(table.get(PREFIX).partnerUpdatePending());
        assertEquals(OURS, table.get(PREFIX).client());
    }

    @Test
    void whereBothMayHaveServedThePrimarysBindingWins() throws Exception {
        ourLease();

        BindingReceiver.Outcome out = secondary(ServerState.POTENTIAL_CONFLICT, ServerState.POTENTIAL_CONFLICT).apply(primarysHold(),
                TimeTranslator.identity(NOW), NOW);

        assertTrue(out.rejections().isEmpty(), out.rejections()::toString);
        assertEquals(OLDER, table.get(PREFIX).client());
    }
}
