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
import org.dhcpv6.failover.core.internal.time.WireTime;
import org.dhcpv6.failover.core.internal.wire.BndUpd;
import org.junit.jupiter.api.Test;

/**
 * A same-client lease the two servers read differently (their skew estimates disagree) is not
 * bounced between them for good: a plain copy yields to the lease's owner, and a lease of ours is
 * sent back once against a given shorter copy, not again when the partner repeats that copy
 * (simulation seeds 73 and 101 sent millions of BNDUPDs so).
 */
class BouncedLeaseReceiverTest {

    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
    private static final Ipv6Address ADDRESS = Ipv6Address.parse("2001:db8:1::61");
    private static final ClientIdentity CLIENT = new ClientIdentity(Duid.parseHex("0003000100000010"), 16,
            IaType.IA_NA);

    private final BindingTable table = new BindingTable(new InMemoryLeaseStore());
    private final BindingReceiver receiver = new BindingReceiver("sim", Role.SECONDARY, table, r -> true,
            FailoverListener.NONE, FaultInjector.NONE, new ExpiryQueue(), () -> new EndpointSnapshot("sim",
                    Role.SECONDARY, ServerState.NORMAL, NOW.minusSeconds(5), ClientService.RESPONSIVE, true,
                    ServerState.NORMAL, Duration.ZERO, Duration.ofSeconds(60), null, false, false));

    /** The partner's BNDUPD of its lease to CLIENT, granted at {@code clt}, ending at {@code end}. */
    private static BndUpd partnersLease(Instant clt, Instant end) {
        Binding b = new Binding(ADDRESS, CLIENT, BindingStatus.ACTIVE, 600, 1200, 300, 480, clt, end, clt, null,
                null, null, null, true);
        return BindingMessages.update(1, WireTime.toWire(NOW), b, null, NOW, TimeTranslator.identity(NOW));
    }

    private BindingReceiver.Outcome receive(BndUpd update) {
        return receiver.apply(update, TimeTranslator.identity(NOW), NOW);
    }

    @Test
    void anAcknowledgedCopyYieldsToItsOwnersShorterReading() throws Exception {
        Instant clt = NOW.minusSeconds(100);
        receive(partnersLease(clt, NOW.plusSeconds(1100)));
        // Our copy, as if translated with an estimate since proved too high: 8 s late.
        Binding copy = table.get(ADDRESS);
        table.commit(new Binding(ADDRESS, CLIENT, BindingStatus.ACTIVE, 600, 1200, 300, 480,
                copy.startTimeOfState(), NOW.plusSeconds(1108), copy.clientLastTransactionTime(),
                copy.partnerRawCltTime(), copy.expirationTime(), null, null, false));

        BindingReceiver.Outcome out = receive(partnersLease(clt, NOW.plusSeconds(1100)));

        assertEquals(List.of(), out.sendNow());
        assertEquals(NOW.plusSeconds(1100), table.get(ADDRESS).stateExpirationTime());
    }

    @Test
    void ourLeaseGoesBackOnceAgainstTheSameShorterCopy() throws Exception {
        Binding ours = new Binding(ADDRESS, CLIENT, BindingStatus.ACTIVE, 600, 1200, 300, 480, NOW.minusSeconds(10),
                NOW.plusSeconds(1190), NOW.minusSeconds(10), null, null, null, null, false);
        table.commit(ours);
        BndUpd shorter = partnersLease(NOW.minusSeconds(100), NOW.plusSeconds(1100));

        assertEquals(List.of(ADDRESS), receive(shorter).sendNow());
        assertEquals(ours.stateExpirationTime(), table.get(ADDRESS).stateExpirationTime());
        // The partner acknowledged ours (flag cleared) and sends the same copy again.
        table.commit(table.get(ADDRESS).withPartnerUpdatePending(false));

        BindingReceiver.Outcome again = receive(shorter);

        assertEquals(List.of(), again.sendNow());
        assertTrue(again.rejections().isEmpty());
        assertEquals(ours.stateExpirationTime(), table.get(ADDRESS).stateExpirationTime());
        // A copy that changed is answered as before.
        assertEquals(List.of(ADDRESS), receive(partnersLease(NOW.minusSeconds(100), NOW.plusSeconds(1150)))
                .sendNow());
    }
}
