package org.dhcpv6.failover.core.internal.sync;

import static org.dhcpv6.failover.core.internal.sync.SyncFixtures.BASE;
import static org.dhcpv6.failover.core.internal.sync.SyncFixtures.DUID;
import static org.dhcpv6.failover.core.internal.sync.SyncFixtures.address;
import static org.dhcpv6.failover.core.internal.sync.SyncFixtures.overTheWire;
import static org.dhcpv6.failover.core.internal.sync.SyncFixtures.prefix;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dhcpv6.failover.api.BindingStatus;
import org.dhcpv6.failover.core.internal.sync.BindingMessages.Ack;
import org.dhcpv6.failover.core.internal.time.WireTime;
import org.dhcpv6.failover.core.internal.wire.BindingStatusOption;
import org.dhcpv6.failover.core.internal.wire.BndReply;
import org.dhcpv6.failover.core.internal.wire.BndUpd;
import org.dhcpv6.failover.core.internal.wire.ClientDataOption;
import org.dhcpv6.failover.core.internal.wire.ClientIdOption;
import org.dhcpv6.failover.core.internal.wire.ContainerOption;
import org.dhcpv6.failover.core.internal.wire.IaAddrOption;
import org.dhcpv6.failover.core.internal.wire.IaNaOption;
import org.dhcpv6.failover.core.internal.wire.IaPdOption;
import org.dhcpv6.failover.core.internal.wire.IaPrefixOption;
import org.dhcpv6.failover.core.internal.wire.LqBaseTimeOption;
import org.dhcpv6.failover.core.internal.wire.Option;
import org.dhcpv6.failover.core.internal.wire.Options;
import org.dhcpv6.failover.core.internal.wire.PartnerLifetimeSentOption;
import org.dhcpv6.failover.core.internal.wire.StateExpirationTimeOption;
import org.dhcpv6.failover.core.internal.wire.StatusCode;
import org.dhcpv6.failover.core.internal.wire.StatusCodeOption;
import org.dhcpv6.failover.core.internal.wire.VssOption;
import org.junit.jupiter.api.Test;

/** BNDREPLY built from a BNDUPD (RFC 8156 §7.6) and read back into acknowledgements (§7.7). */
class BindingReplyTest {

    private static final Instant NOW = SyncFixtures.PARTNER_NOW;
    private static final StatusCodeOption OUTDATED = StatusCodeOption.of(StatusCode.OUTDATED_BINDING_INFORMATION, "newer here");
    private static final StatusCodeOption MISSING = StatusCodeOption.of(StatusCode.MISSING_BINDING_INFORMATION, "no CLIENTID");

    private static ClientDataOption item(BndReply r) {
        return r.clientData().orElseThrow();
    }

    /** Every IAADDR/IAPREFIX of the reply's CLIENT_DATA, in order. */
    private static List<ContainerOption> leases(BndReply r) {
        List<ContainerOption> out = new ArrayList<>();
        for (IaView ia : IaView.all(item(r).options())) {
            out.addAll(ia.leases());
        }
        return out;
    }

    @Test
    void acceptAllMirrorsEveryIaAndLease() {
        BndUpd u = SyncFixtures.multiIa();
        BndReply r = overTheWire(BindingMessages.reply(u, BASE + 1, Map.of(), null));

        assertEquals(77, r.transactionId());
        assertEquals(BASE + 1, r.sentTime());
        assertEquals(1, r.options().size());
        ClientDataOption cd = item(r);
        assertArrayEquals(DUID.toBytes(), cd.clientId().orElseThrow().duid());
        assertTrue(cd.status().isEmpty());
        assertTrue(Options.first(cd.options(), LqBaseTimeOption.class).isEmpty());
        List<IaNaOption> nas = Options.all(cd.options(), IaNaOption.class);
        assertEquals(List.of(1L, 2L), List.of(nas.get(0).iaid(), nas.get(1).iaid()));
        assertEquals(List.of(11L, 21L), List.of(nas.get(1).t1(), nas.get(1).t2()));
        IaPdOption pd = Options.first(cd.options(), IaPdOption.class).orElseThrow();
        assertEquals(List.of(3L, 12L, 22L), List.of(pd.iaid(), pd.t1(), pd.t2()));
        List<ContainerOption> ls = leases(r);
        assertEquals(5, ls.size());
        for (int i = 0; i < 5; i++) {
            List<Option> in = ls.get(i).options();
            long n = i + 1;
            assertTrue(Options.first(in, StatusCodeOption.class).isEmpty());
            assertEquals(BindingStatusOption.of(BindingStatus.ACTIVE), Options.first(in, BindingStatusOption.class).orElseThrow());
            assertEquals(BASE + 1000 + n, Options.firstValue(in, StateExpirationTimeOption.class).getAsLong());
            assertEquals(BASE + 2000 + n, Options.firstValue(in, PartnerLifetimeSentOption.class).getAsLong());
        }
        assertEquals(address(1), ((IaAddrOption) ls.get(0)).address());
        assertEquals(prefix(5).address(), ((IaPrefixOption) ls.get(4)).prefix());

        List<Ack> acks = BindingMessages.acks(r, NOW);
        assertEquals(5, acks.size());
        for (Ack a : acks) {
            assertTrue(a.accepted(), a.toString());
            assertEquals(0, a.statusCode());
            assertEquals(WireTime.fromWire(BASE + 2001 + a.index(), NOW), a.partnerLifetimeSentOrNull());
        }
        assertEquals(prefix(5), acks.get(4).resource());
    }

    @Test
    void oneRejectedLeaseCarriesItsStatusAlone() {
        BndReply r = overTheWire(BindingMessages.reply(SyncFixtures.multiIa(), BASE, Map.of(2, OUTDATED), null));

        List<ContainerOption> ls = leases(r);
        for (int i = 0; i < 5; i++) {
            assertEquals(i == 2, Options.first(ls.get(i).options(), StatusCodeOption.class).isPresent(), "lease " + i);
        }
        assertEquals(OUTDATED, Options.first(ls.get(2).options(), StatusCodeOption.class).orElseThrow());
        List<Ack> acks = BindingMessages.acks(r, NOW);
        for (Ack a : acks) {
            assertEquals(a.index() != 2, a.accepted(), a.toString());
        }
        assertEquals(19, acks.get(2).statusCode());
        assertEquals("newer here", acks.get(2).statusText());
        assertEquals(address(3), acks.get(2).resource());
    }

    @Test
    void topLevelRejectionSitsInTheClientDataAndRejectsEverything() {
        BndReply r = overTheWire(BindingMessages.reply(SyncFixtures.multiIa(), BASE, Map.of(), MISSING));

        assertEquals(MISSING, item(r).status().orElseThrow());
        leases(r).forEach(l -> assertTrue(Options.first(l.options(), StatusCodeOption.class).isEmpty()));
        List<Ack> acks = BindingMessages.acks(r, NOW);
        assertEquals(5, acks.size());
        acks.forEach(a -> {
            assertFalse(a.accepted());
            assertEquals(18, a.statusCode());
            assertEquals("no CLIENTID", a.statusText());
        });
    }

    @Test
    void iaLevelStatusRejectsOnlyThatIasLeases() {
        ClientDataOption cd = item(BindingMessages.reply(SyncFixtures.multiIa(), BASE, Map.of(), null));
        List<Option> in = new ArrayList<>();
        for (Option o : cd.options()) {
            if (o instanceof IaNaOption na && na.iaid() == 2) {
                List<Option> inner = new ArrayList<>(na.options());
                inner.add(StatusCodeOption.of(StatusCode.CONFIGURATION_CONFLICT, "not ours"));
                o = new IaNaOption(2, na.t1(), na.t2(), inner);
            }
            in.add(o);
        }
        // A success status above never accepts by itself and never overrides a rejection below.
        in.add(1, StatusCodeOption.of(StatusCode.SUCCESS, "fine"));
        List<Ack> acks = BindingMessages.acks(overTheWire(BndReply.of(9, BASE, new ClientDataOption(in))), NOW);

        assertEquals(List.of(true, true, false, false, true), acks.stream().map(Ack::accepted).toList());
        assertEquals(17, acks.get(3).statusCode());
        assertEquals("not ours", acks.get(3).statusText());
    }

    @Test
    void messageLevelStatusOutsideTheItemRejectsEverything() {
        ClientDataOption cd = item(BindingMessages.reply(SyncFixtures.multiIa(), BASE, Map.of(), null));
        BndReply r = new BndReply(9, BASE, List.of(StatusCodeOption.of(StatusCode.SERVER_SHUTTING_DOWN, ""), cd));
        assertTrue(BindingMessages.acks(r, NOW).stream().allMatch(a -> !a.accepted() && a.statusCode() == 20));
    }

    @Test
    void leaseLevelSuccessTextIsKeptOnAcceptance() {
        IaAddrOption lease = new IaAddrOption(address(1), 1, 2,
                List.of(StatusCodeOption.of(StatusCode.SUCCESS, "ok, DNS not updated")));
        BndReply r = BndReply.of(1, BASE, new ClientDataOption(List.of(new ClientIdOption(DUID.toBytes()),
                new IaNaOption(1, 0, 0, List.of(lease)))));
        Ack a = BindingMessages.acks(r, NOW).get(0);
        assertTrue(a.accepted());
        assertEquals("ok, DNS not updated", a.statusText());
        assertNull(a.partnerLifetimeSentOrNull());
    }

    @Test
    void barePrefixReplyMirrorsTheIaPrefix() {
        BndUpd u = SyncFixtures.barePrefix();
        BndReply accepted = overTheWire(BindingMessages.reply(u, BASE, Map.of(), null));
        IaPrefixOption p = accepted.barePrefix().orElseThrow();
        assertEquals(prefix(9).address(), p.prefix());
        assertEquals(BindingStatusOption.of(BindingStatus.FREE_BACKUP), p.bindingStatus().orElseThrow());
        assertEquals(BASE + 2009, Options.firstValue(p.options(), PartnerLifetimeSentOption.class).getAsLong());
        assertTrue(p.status().isEmpty());
        Ack ok = BindingMessages.acks(accepted, NOW).get(0);
        assertTrue(ok.accepted());
        assertEquals(prefix(9), ok.resource());

        BndReply rejected = overTheWire(BindingMessages.reply(u, BASE, Map.of(0, OUTDATED), null));
        assertEquals(OUTDATED, rejected.barePrefix().orElseThrow().status().orElseThrow());
        assertEquals(19, BindingMessages.acks(rejected, NOW).get(0).statusCode());

        BndReply top = overTheWire(BindingMessages.reply(u, BASE, Map.of(0, OUTDATED), MISSING));
        assertEquals(List.of(MISSING), Options.all(top.barePrefix().orElseThrow().options(), StatusCodeOption.class));
        assertEquals(18, BindingMessages.acks(top, NOW).get(0).statusCode());
    }

    @Test
    void vssIsMirroredInTheClientData() {
        ClientDataOption cd = SyncFixtures.multiIa().clientData().orElseThrow();
        List<Option> in = new ArrayList<>(cd.options());
        VssOption vss = new VssOption(new byte[] {1, 0, 0, 0, 7});
        in.add(vss);
        BndReply r = BindingMessages.reply(BndUpd.of(3, BASE, new ClientDataOption(in)), BASE, Map.of(),
                StatusCodeOption.of(StatusCode.CONFIGURATION_CONFLICT, "only the default VPN"));
        assertEquals(List.of(vss), Options.all(item(r).options(), VssOption.class));
    }

    @Test
    void aBndUpdWithoutItemIsAnsweredWithABareStatus() {
        BndUpd empty = new BndUpd(4, BASE, List.of());
        BndReply r = overTheWire(BindingMessages.reply(empty, BASE, Map.of(), MISSING));
        assertEquals(List.of(MISSING), r.options());
        assertTrue(BindingMessages.acks(r, NOW).isEmpty());
        assertThrows(IllegalArgumentException.class, () -> BindingMessages.reply(empty, BASE, Map.of(), null));
    }

    @Test
    void rejectionForALeaseThatIsNotThereIsACallerBug() {
        assertThrows(IllegalArgumentException.class,
                () -> BindingMessages.reply(SyncFixtures.multiIa(), BASE, Map.of(5, OUTDATED), null));
        assertThrows(IllegalArgumentException.class,
                () -> BindingMessages.reply(SyncFixtures.multiIa(), BASE, Map.of(-1, OUTDATED), null));
    }
}
