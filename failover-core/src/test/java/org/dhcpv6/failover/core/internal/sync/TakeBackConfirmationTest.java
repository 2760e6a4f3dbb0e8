package org.dhcpv6.failover.core.internal.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import org.dhcpv6.failover.core.internal.binding.ExpiryQueue;
import org.dhcpv6.failover.core.internal.engine.EndpointSnapshot;
import org.dhcpv6.failover.core.internal.engine.FaultInjector;
import org.dhcpv6.failover.core.store.InMemoryLeaseStore;
import org.dhcpv6.failover.core.internal.wire.BndUpd;
import org.junit.jupiter.api.Test;

/**
 * The secondary confirms a take-back (a FREE prefix from the primary) with a flagged BNDUPD of its
 * own, but not a prefix it frees because the primary sent EXPIRED or RELEASED: that stale FREE
 * overwrote a later give at the primary (simulation seeds 1579, 3493).
 */
class TakeBackConfirmationTest {

    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
    private static final Ipv6Prefix PREFIX = Ipv6Prefix.parse("2001:db8:100:9b00::/56");
    private static final ClientIdentity OURS = new ClientIdentity(Duid.parseHex("00030001000000e2"), 226,
            IaType.IA_PD);
    private static final ClientIdentity THEIRS = new ClientIdentity(Duid.parseHex("000300010000004e"), 78,
            IaType.IA_PD);

    private final BindingTable table = new BindingTable(new InMemoryLeaseStore());

    private BindingReceiver secondary() {
        EndpointSnapshot snapshot = new EndpointSnapshot("sim", Role.SECONDARY, ServerState.NORMAL,
                NOW.minusSeconds(5), ClientService.UNRESPONSIVE, true, ServerState.NORMAL, Duration.ZERO,
                Duration.ofSeconds(60), null, false, false);
        return new BindingReceiver("sim", Role.SECONDARY, table, r -> true, FailoverListener.NONE,
                FaultInjector.NONE, new ExpiryQueue(), () -> snapshot);
    }

    private void store(Binding b) throws Exception {
        try (BindingTable.Locked lock = table.lock(PREFIX)) {
            table.commit(b);
        }
    }

    private static Binding ended(BindingStatus status, ClientIdentity client, Instant at, boolean pending) {
        return new Binding(PREFIX, client, status, 0, 0, 0, 0, at, null, at, null, null, null, null, pending);
    }

    private static Binding free(BindingStatus status, Instant at) {
        return new Binding(PREFIX, null, status, 0, 0, 0, 0, at, null, null, null, null, null, null, false);
    }

    private void apply(Binding fromPrimary) {
        BndUpd update = BindingMessages.update(1, 0, fromPrimary, null, NOW, TimeTranslator.identity(NOW));
        BindingReceiver.Outcome out = secondary().apply(update, TimeTranslator.identity(NOW), NOW);
        assertTrue(out.rejections().isEmpty(), out.rejections()::toString);
    }

    @Test
    void freeingThePrimarysExpiredOverOurOwnReleasedIsNotConfirmed() throws Exception {
        store(ended(BindingStatus.RELEASED, OURS, NOW.minusSeconds(15_000), true));

        apply(ended(BindingStatus.EXPIRED, THEIRS, NOW.minusSeconds(8_000), true));

        Binding now = table.get(PREFIX);
        assertEquals(BindingStatus.FREE, now.status());
        assertFalse(now.partnerUpdatePending(), "the primary frees it on our BNDREPLY; a FREE of ours is stale news");
    }

    @Test
    void freeingThePrimarysReleasedOverOurOwnExpiredIsNotConfirmed() throws Exception {
        store(ended(BindingStatus.EXPIRED, THEIRS, NOW.minusSeconds(400), true));

        apply(ended(BindingStatus.RELEASED, THEIRS, NOW.minusSeconds(200), true));

        assertFalse(table.get(PREFIX).partnerUpdatePending());
    }

    @Test
    void aTakeBackIsStillConfirmed() throws Exception {
        store(free(BindingStatus.FREE_BACKUP, NOW.minusSeconds(600)));

        apply(free(BindingStatus.FREE, NOW.minusSeconds(1)));

        Binding now = table.get(PREFIX);
        assertEquals(BindingStatus.FREE, now.status());
        assertTrue(now.partnerUpdatePending());
    }
}
