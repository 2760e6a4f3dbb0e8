package org.dhcpv6.failover.core.internal.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
 * A server that lost its store and recovers (RECOVER) may have extended a lease while cut off, up
 * to the partner lifetime the partner acknowledged plus MCLT (RFC 8156 §4.4). When the partner,
 * which never saw that extension, sends the lease EXPIRED, the recovering server must neither
 * free it nor acknowledge it before that time (simulation seeds 16, 113, 160).
 */
class RecoveringReceiverTest {

    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
    private static final Duration MCLT = Duration.ofSeconds(60);
    private static final Ipv6Prefix PREFIX = Ipv6Prefix.parse("2001:db8:100:300::/56");
    private static final ClientIdentity CLIENT = new ClientIdentity(Duid.parseHex("0003000100000071"), 113,
            IaType.IA_PD);

    private final BindingTable table = new BindingTable(new InMemoryLeaseStore());

    private BindingReceiver receiver(ServerState state) {
        return receiver(state, false);
    }

    private BindingReceiver receiver(ServerState state, boolean storeLost) {
        EndpointSnapshot snapshot = new EndpointSnapshot("sim", Role.PRIMARY, state, NOW.minusSeconds(5),
                ClientService.UNRESPONSIVE, true, ServerState.COMMUNICATIONS_INTERRUPTED, Duration.ZERO, MCLT, null,
                false, storeLost);
        return new BindingReceiver("sim", Role.PRIMARY, table, r -> true, FailoverListener.NONE, FaultInjector.NONE,
                new ExpiryQueue(), () -> snapshot);
    }

    /** The partner's EXPIRED copy: the lease ended at its own expiry, 5 min ago. */
    private static BndUpd expiredAtPartner(Instant partnerLifetimeWeAcked) {
        Binding b = new Binding(PREFIX, CLIENT, BindingStatus.EXPIRED, 60, 60, 30, 48, NOW.minusSeconds(300), null,
                NOW.minusSeconds(360), null, partnerLifetimeWeAcked, null, null, true);
        return BindingMessages.update(1, 0, b, null, NOW, TimeTranslator.identity(NOW));
    }

    @Test
    void recoveringKeepsAnExpiredLeaseItMayHaveExtendedAndDoesNotAcknowledgeIt() throws Exception {
        Instant acked = NOW.plusSeconds(1_700);

        BindingReceiver.Outcome out = receiver(ServerState.RECOVER).apply(expiredAtPartner(acked),
                TimeTranslator.identity(NOW), NOW);

        assertEquals(ConflictResolver.OUTDATED_BINDING_INFORMATION, out.rejections().get(0).statusCode());
        Binding held = table.get(PREFIX);
        assertEquals(BindingStatus.ACTIVE, held.status());
        assertEquals(CLIENT, held.client());
        assertEquals(acked.plus(MCLT), held.stateExpirationTime());
    }

    /**
     * Seed 250: an acknowledgement long past does not end what we may have granted since: cut off,
     * we renewed for MCLT at a time, so until we know better the lease lasts until now + MCLT.
     */
    @Test
    void recoveringHoldsAnExpiredLeaseForMcltPastAnOldAcknowledgement() throws Exception {
        BindingReceiver.Outcome out = receiver(ServerState.RECOVER).apply(expiredAtPartner(NOW.minusSeconds(61)),
                TimeTranslator.identity(NOW), NOW);

        assertEquals(ConflictResolver.OUTDATED_BINDING_INFORMATION, out.rejections().get(0).statusCode());
        Binding held = table.get(PREFIX);
        assertEquals(BindingStatus.ACTIVE, held.status());
        assertEquals(NOW.plus(MCLT), held.stateExpirationTime());
    }

    @Test
    void outsideRecoverAnExpiredLeaseIsAcknowledgedAndFreed() throws Exception {
        BindingReceiver.Outcome out = receiver(ServerState.NORMAL).apply(expiredAtPartner(NOW.plusSeconds(1_700)),
                TimeTranslator.identity(NOW), NOW);

        assertTrue(out.rejections().isEmpty(), out.rejections()::toString);
        assertEquals(BindingStatus.FREE, table.get(PREFIX).status());
    }

    /**
     * Seed 5960: the store-less secondary left RECOVER for POTENTIAL-CONFLICT (its partner was in
     * CONFLICT-DONE) a moment before the partner's EXPIRED arrived; freed, the address went to
     * another client in RESOLUTION-INTERRUPTED while the client of its own lost grant held it.
     */
    @Test
    void aServerStillAwaitingItsFullUpdateKeepsTheLeaseOutsideRecoverToo() throws Exception {
        Instant acked = NOW.plusSeconds(870);

        BindingReceiver.Outcome out = receiver(ServerState.POTENTIAL_CONFLICT, true).apply(expiredAtPartner(acked),
                TimeTranslator.identity(NOW), NOW);

        assertEquals(ConflictResolver.OUTDATED_BINDING_INFORMATION, out.rejections().get(0).statusCode());
        assertEquals(BindingStatus.ACTIVE, table.get(PREFIX).status());
        assertEquals(acked.plus(MCLT), table.get(PREFIX).stateExpirationTime());
    }

    /**
     * The held copy keeps the partner's CLT on the partner's clock (PARTNER_RAW_CLT_TIME goes back
     * unadjusted, RFC 8156 §7.5.5). Stored on ours, it went back off by the whole skew (17 h in
     * seed 949), the partner's CLT jumped into its future and it then took our older copy over its
     * own newer grant: the tables disagreed by 616 s.
     */
    @Test
    void recoveringHoldKeepsThePartnersCltOnThePartnersClock() throws Exception {
        Duration partnerAhead = Duration.ofHours(17);
        Instant partnerNow = NOW.plus(partnerAhead);
        Instant partnerClt = partnerNow.minusSeconds(100);
        Binding atPartner = new Binding(PREFIX, CLIENT, BindingStatus.ACTIVE, 200, 200, 100, 160,
                partnerClt, partnerNow.plusSeconds(100), partnerClt, null, partnerNow.plusSeconds(1_000), null, null,
                true);
        BndUpd update = BindingMessages.update(1, 0, atPartner, null, partnerNow, TimeTranslator.identity(partnerNow));

        receiver(ServerState.RECOVER).apply(update, TimeTranslator.offset(partnerAhead, NOW), NOW);

        Binding held = table.get(PREFIX);
        assertEquals(NOW.plusSeconds(1_060), held.stateExpirationTime());
        assertEquals(partnerClt, held.partnerRawCltTime());
    }

    /**
     * Seed 71368: the secondary delegated a prefix in PARTNER-DOWN; the recovering primary's hold of
     * it for the client before (older CLT) is refused and our lease goes back to the primary, not
     * erased by it.
     */
    @Test
    void aSecondaryKeepsItsLaterLeaseAgainstARecoveringPrimarysOlderOne() throws Exception {
        ClientIdentity ours = new ClientIdentity(Duid.parseHex("000300010000003a"), 58, IaType.IA_PD);
        Binding granted = new Binding(PREFIX, ours, BindingStatus.ACTIVE, 1656, 1656, 828, 1325, NOW.minusSeconds(15),
                NOW.plusSeconds(1641), NOW.minusSeconds(15), null, null, null, NOW.plusSeconds(2470), true);
        table.commit(granted);
        EndpointSnapshot snapshot = new EndpointSnapshot("sim", Role.SECONDARY, ServerState.PARTNER_DOWN,
                NOW.minusSeconds(90), ClientService.RESPONSIVE, true, ServerState.RECOVER, Duration.ZERO, MCLT,
                NOW.minusSeconds(90), false, false);
        BindingReceiver secondary = new BindingReceiver("sim", Role.SECONDARY, table, r -> true,
                FailoverListener.NONE, FaultInjector.NONE, new ExpiryQueue(), () -> snapshot);
        Binding hold = new Binding(PREFIX, CLIENT, BindingStatus.ACTIVE, 60, 60, 30, 48, NOW.minusSeconds(28),
                NOW.plusSeconds(32), null, NOW.minusSeconds(1_300), null, null, null, true);
        BndUpd update = BindingMessages.update(1, 0, hold, null, NOW, TimeTranslator.identity(NOW));

        BindingReceiver.Outcome out = secondary.apply(update, TimeTranslator.identity(NOW), NOW);

        assertEquals(ConflictResolver.OUTDATED_BINDING_INFORMATION, out.rejections().get(0).statusCode());
        assertEquals(ours, table.get(PREFIX).client());
        assertTrue(table.get(PREFIX).partnerUpdatePending());
    }
}
