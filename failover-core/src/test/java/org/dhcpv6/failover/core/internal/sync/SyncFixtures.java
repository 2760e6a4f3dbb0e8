package org.dhcpv6.failover.core.internal.sync;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.dhcpv6.failover.api.BindingStatus;
import org.dhcpv6.failover.api.Duid;
import org.dhcpv6.failover.api.Ipv6Address;
import org.dhcpv6.failover.api.Ipv6Prefix;
import org.dhcpv6.failover.core.internal.time.WireTime;
import org.dhcpv6.failover.core.internal.wire.BindingStatusOption;
import org.dhcpv6.failover.core.internal.wire.BndUpd;
import org.dhcpv6.failover.core.internal.wire.ClientDataOption;
import org.dhcpv6.failover.core.internal.wire.ClientIdOption;
import org.dhcpv6.failover.core.internal.wire.FailoverMessage;
import org.dhcpv6.failover.core.internal.wire.IaAddrOption;
import org.dhcpv6.failover.core.internal.wire.IaNaOption;
import org.dhcpv6.failover.core.internal.wire.IaPdOption;
import org.dhcpv6.failover.core.internal.wire.IaPrefixOption;
import org.dhcpv6.failover.core.internal.wire.LqBaseTimeOption;
import org.dhcpv6.failover.core.internal.wire.MalformedMessageException;
import org.dhcpv6.failover.core.internal.wire.MessageCodec;
import org.dhcpv6.failover.core.internal.wire.Option;
import org.dhcpv6.failover.core.internal.wire.PartnerLifetimeOption;
import org.dhcpv6.failover.core.internal.wire.StartTimeOfStateOption;
import org.dhcpv6.failover.core.internal.wire.StateExpirationTimeOption;

/** Literal times, addresses and hand-built BNDUPDs for the sync codec tests. */
final class SyncFixtures {

    /** The partner's wall clock at sending; whole seconds so that wire times are exact. */
    static final Instant PARTNER_NOW = Instant.parse("2024-05-01T10:00:00Z");
    /** Our wall clock at the same moment: the partner runs one day ahead. */
    static final Instant LOCAL_NOW = PARTNER_NOW.minusSeconds(86_400);
    static final Duid DUID = Duid.parseHex("00:01:00:01:aa:bb:cc:dd");
    static final long BASE = WireTime.toWire(PARTNER_NOW);

    private SyncFixtures() {
    }

    static Ipv6Address address(long n) {
        return new Ipv6Address(0x20010db800000000L, n);
    }

    static Ipv6Prefix prefix(long n) {
        return new Ipv6Prefix(new Ipv6Address(0x20010db800000000L | (n << 16), 0), 48);
    }

    /** Encodes and decodes, as the partner would see the message. */
    @SuppressWarnings("unchecked")
    static <M extends FailoverMessage> M overTheWire(M m) {
        try {
            return (M) MessageCodec.decode(MessageCodec.encode(m));
        } catch (MalformedMessageException e) {
            throw new AssertionError(e);
        }
    }

    /** The lease options every valid lease needs, plus STATE_EXPIRATION_TIME and PARTNER_LIFETIME. */
    static List<Option> leaseOptions(BindingStatus status, long n) {
        return new ArrayList<>(List.of(BindingStatusOption.of(status), new StartTimeOfStateOption(BASE - n),
                new StateExpirationTimeOption(BASE + 1000 + n), new PartnerLifetimeOption(BASE + 2000 + n)));
    }

    static IaAddrOption addr(long n) {
        return new IaAddrOption(address(n), 100 + n, 200 + n, leaseOptions(BindingStatus.ACTIVE, n));
    }

    /**
     * A CLIENT_DATA with IA_NA 1 (::1, ::2), IA_NA 2 (::3, ::4) and IA_PD 3 (2001:db8:5::/48):
     * five leases, indexes 0 to 4.
     */
    static BndUpd multiIa() {
        IaPrefixOption p = new IaPrefixOption(300, 400, 48, prefix(5).address(), leaseOptions(BindingStatus.ACTIVE, 5));
        ClientDataOption cd = new ClientDataOption(List.of(new ClientIdOption(DUID.toBytes()),
                new LqBaseTimeOption(BASE),
                new IaNaOption(1, 10, 20, List.of(addr(1), addr(2))),
                new IaNaOption(2, 11, 21, List.of(addr(3), addr(4))),
                new IaPdOption(3, 12, 22, List.of(p))));
        return BndUpd.of(77, BASE, cd);
    }

    /** A bare IAPREFIX BNDUPD for 2001:db8:9::/48 in FREE-BACKUP. */
    static BndUpd barePrefix() {
        List<Option> in = leaseOptions(BindingStatus.FREE_BACKUP, 9);
        in.add(0, new LqBaseTimeOption(BASE));
        return BndUpd.of(78, BASE, new IaPrefixOption(0, 0, 48, prefix(9).address(), in));
    }
}
