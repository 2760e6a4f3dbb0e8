package org.dhcpv6.failover.core.internal.binding;

import java.time.Instant;
import org.dhcpv6.failover.api.Binding;
import org.dhcpv6.failover.api.BindingStatus;
import org.dhcpv6.failover.api.ClientIdentity;
import org.dhcpv6.failover.api.Duid;
import org.dhcpv6.failover.api.IaType;
import org.dhcpv6.failover.api.Ipv6Address;

/** Literal clients, addresses and bindings for the binding-rule tests. */
final class Fixtures {

    static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");
    static final Ipv6Address ODD = Ipv6Address.parse("2001:db8::11");
    static final Ipv6Address EVEN = Ipv6Address.parse("2001:db8::10");
    static final ClientIdentity ALICE = new ClientIdentity(Duid.parseHex("00:01:aa"), 1, IaType.IA_NA);
    static final ClientIdentity BOB = new ClientIdentity(Duid.parseHex("00:01:bb"), 1, IaType.IA_NA);

    private Fixtures() {
    }

    /** A binding of {@link #ODD} with only the times the conflict rules read. */
    static Binding local(BindingStatus status, ClientIdentity client, Instant start, Instant stateExpiration,
            Instant cltt) {
        return new Binding(ODD, client, status, 0, 0, 0, 0, start, stateExpiration, cltt, null, null, null, null,
                false);
    }

    /** A binding of {@link #ODD} with the times the reuse rules read. */
    static Binding reuse(BindingStatus status, Instant start, Instant stateExpiration, Instant expiration,
            Instant acked, Instant partnerLifetime, boolean pending) {
        return new Binding(ODD, ALICE, status, 0, 0, 0, 0, start, stateExpiration, null, null, expiration, acked,
                partnerLifetime, pending);
    }
}
