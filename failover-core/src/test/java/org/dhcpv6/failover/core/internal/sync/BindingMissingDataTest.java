package org.dhcpv6.failover.core.internal.sync;

import static org.dhcpv6.failover.core.internal.sync.SyncFixtures.BASE;
import static org.dhcpv6.failover.core.internal.sync.SyncFixtures.DUID;
import static org.dhcpv6.failover.core.internal.sync.SyncFixtures.addr;
import static org.dhcpv6.failover.core.internal.sync.SyncFixtures.address;
import static org.dhcpv6.failover.core.internal.sync.SyncFixtures.leaseOptions;
import static org.dhcpv6.failover.core.internal.sync.SyncFixtures.prefix;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.dhcpv6.failover.api.BindingStatus;
import org.dhcpv6.failover.core.internal.wire.BindingStatusOption;
import org.dhcpv6.failover.core.internal.wire.BndUpd;
import org.dhcpv6.failover.core.internal.wire.ClientDataOption;
import org.dhcpv6.failover.core.internal.wire.ClientIdOption;
import org.dhcpv6.failover.core.internal.wire.IaAddrOption;
import org.dhcpv6.failover.core.internal.wire.IaNaOption;
import org.dhcpv6.failover.core.internal.wire.IaPrefixOption;
import org.dhcpv6.failover.core.internal.wire.LqBaseTimeOption;
import org.dhcpv6.failover.core.internal.wire.Option;
import org.dhcpv6.failover.core.internal.wire.StartTimeOfStateOption;
import org.dhcpv6.failover.core.internal.wire.StatusCode;
import org.dhcpv6.failover.core.internal.wire.StatusCodeOption;
import org.dhcpv6.failover.core.internal.wire.VssOption;
import org.junit.jupiter.api.Test;

/** Every way a BNDUPD can lack the data RFC 8156 §7.4 requires, answered with status 18 (§7.5.3). */
class BindingMissingDataTest {

    private static final TimeTranslator T = TimeTranslator.identity(SyncFixtures.PARTNER_NOW);

    private static ClientDataOption client(Option... ias) {
        List<Option> in = new ArrayList<>(List.of(new ClientIdOption(DUID.toBytes()), new LqBaseTimeOption(BASE)));
        in.addAll(List.of(ias));
        return new ClientDataOption(in);
    }

    private static IaAddrOption leaseWithout(Class<? extends Option> dropped) {
        List<Option> in = leaseOptions(BindingStatus.ACTIVE, 1);
        in.removeIf(dropped::isInstance);
        return new IaAddrOption(address(1), 1, 2, in);
    }

    private static IaAddrOption leaseWithStatus(int code) {
        List<Option> in = leaseOptions(BindingStatus.ACTIVE, 1);
        in.set(0, new BindingStatusOption(code));
        return new IaAddrOption(address(1), 1, 2, in);
    }

    private static ClientDataOption clientWithout(Predicate<Option> dropped) {
        List<Option> in = new ArrayList<>(client(new IaNaOption(1, 0, 0, List.of(addr(1)))).options());
        in.removeIf(dropped);
        return new ClientDataOption(in);
    }

    private static String missing(BndUpd u) {
        MissingBindingDataException e = assertThrows(MissingBindingDataException.class, () -> BindingMessages.leases(u, T));
        assertEquals(StatusCode.MISSING_BINDING_INFORMATION, e.statusCode());
        StatusCodeOption s = e.toStatusOption();
        assertEquals(18, s.statusCode());
        assertEquals(e.getMessage(), s.message());
        return e.getMessage();
    }

    @Test
    void noItemAtAll() {
        assertTrue(missing(new BndUpd(1, BASE, List.of())).contains("found 0 and 0"));
    }

    @Test
    void twoClientDataOptions() {
        ClientDataOption cd = client(new IaNaOption(1, 0, 0, List.of(addr(1))));
        assertTrue(missing(new BndUpd(1, BASE, List.of(cd, cd))).contains("found 2 and 0"));
    }

    @Test
    void clientDataAndBarePrefixTogether() {
        ClientDataOption cd = client(new IaNaOption(1, 0, 0, List.of(addr(1))));
        IaPrefixOption bare = SyncFixtures.barePrefix().barePrefix().orElseThrow();
        assertTrue(missing(new BndUpd(1, BASE, List.of(cd, bare))).contains("found 1 and 1"));
    }

    @Test
    void twoBarePrefixes() {
        IaPrefixOption bare = SyncFixtures.barePrefix().barePrefix().orElseThrow();
        assertTrue(missing(new BndUpd(1, BASE, List.of(bare, bare))).contains("found 0 and 2"));
    }

    @Test
    void clientDataWithoutClientId() {
        assertTrue(missing(BndUpd.of(1, BASE, clientWithout(o -> o instanceof ClientIdOption)))
                .contains("OPTION_CLIENTID"));
    }

    @Test
    void clientIdTooLongForADuid() {
        List<Option> in = new ArrayList<>(client(new IaNaOption(1, 0, 0, List.of(addr(1)))).options());
        in.set(0, new ClientIdOption(new byte[131]));
        assertTrue(missing(BndUpd.of(1, BASE, new ClientDataOption(in))).contains("DUID"));
    }

    @Test
    void clientDataWithoutBaseTime() {
        assertTrue(missing(BndUpd.of(1, BASE, clientWithout(o -> o instanceof LqBaseTimeOption)))
                .contains("OPTION_LQ_BASE_TIME"));
    }

    @Test
    void clientDataWithoutIa() {
        assertTrue(missing(BndUpd.of(1, BASE, client())).contains("no OPTION_IA_NA"));
    }

    @Test
    void iaWithoutLease() {
        assertTrue(missing(BndUpd.of(1, BASE, client(new IaNaOption(7, 0, 0, List.of())))).contains("holds no"));
    }

    @Test
    void leaseWithoutBindingStatus() {
        BndUpd u = BndUpd.of(1, BASE, client(new IaNaOption(1, 0, 0, List.of(leaseWithout(BindingStatusOption.class)))));
        assertTrue(missing(u).contains("OPTION_F_BINDING_STATUS"));
    }

    @Test
    void leaseWithoutStartTimeOfState() {
        BndUpd u = BndUpd.of(1, BASE,
                client(new IaNaOption(1, 0, 0, List.of(addr(2), leaseWithout(StartTimeOfStateOption.class)))));
        assertTrue(missing(u).contains("OPTION_F_START_TIME_OF_STATE"));
    }

    @Test
    void unknownBindingStatusCodes() {
        for (int code : new int[] {0, 9, 255}) {
            BndUpd u = BndUpd.of(1, BASE, client(new IaNaOption(1, 0, 0, List.of(leaseWithStatus(code)))));
            assertTrue(missing(u).contains("unknown binding status " + code));
        }
    }

    @Test
    void activeBarePrefixHasNoClient() {
        List<Option> in = leaseOptions(BindingStatus.ACTIVE, 1);
        in.add(new LqBaseTimeOption(BASE));
        BndUpd u = BndUpd.of(1, BASE, new IaPrefixOption(0, 0, 48, prefix(1).address(), in));
        assertTrue(missing(u).contains("ACTIVE but names no client"));
    }

    @Test
    void barePrefixWithoutBaseTime() {
        BndUpd u = BndUpd.of(1, BASE,
                new IaPrefixOption(0, 0, 48, prefix(1).address(), leaseOptions(BindingStatus.FREE, 1)));
        assertTrue(missing(u).contains("OPTION_LQ_BASE_TIME"));
    }

    @Test
    void vssIsReportedWhereverTheItemCarriesIt() {
        assertFalse(BindingMessages.hasVss(SyncFixtures.multiIa()));
        assertFalse(BindingMessages.hasVss(SyncFixtures.barePrefix()));
        List<Option> in = new ArrayList<>(client(new IaNaOption(1, 0, 0, List.of(addr(1)))).options());
        in.add(new VssOption(new byte[] {1, 0, 0, 0, 7}));
        assertTrue(BindingMessages.hasVss(BndUpd.of(1, BASE, new ClientDataOption(in))));
        IaPrefixOption bare = SyncFixtures.barePrefix().barePrefix().orElseThrow();
        List<Option> bareIn = new ArrayList<>(bare.options());
        bareIn.add(new VssOption(new byte[] {1, 2}));
        assertTrue(BindingMessages.hasVss(BndUpd.of(1, BASE, new IaPrefixOption(0, 0, 48, bare.prefix(), bareIn))));
    }
}
