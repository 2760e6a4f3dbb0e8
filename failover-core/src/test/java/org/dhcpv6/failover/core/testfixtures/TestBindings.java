package org.dhcpv6.failover.core.testfixtures;

import java.time.Instant;
import org.dhcpv6.failover.api.Binding;
import org.dhcpv6.failover.api.BindingStatus;
import org.dhcpv6.failover.api.ClientIdentity;
import org.dhcpv6.failover.api.Duid;
import org.dhcpv6.failover.api.EndpointRecord;
import org.dhcpv6.failover.api.IaType;
import org.dhcpv6.failover.api.Ipv6Address;
import org.dhcpv6.failover.api.Ipv6Prefix;
import org.dhcpv6.failover.api.ServerState;

/** Literal bindings and endpoint records for store tests; {@code n} makes each one distinct. */
public final class TestBindings {

    /** A fixed instant with nanoseconds, so truncation to millis or seconds would show. */
    public static final Instant T0 = Instant.parse("2024-05-01T10:00:00.123456789Z");

    private TestBindings() {
    }

    /** The address {@code 2001:db8::n}. */
    public static Ipv6Address address(long n) {
        return new Ipv6Address(0x20010db800000000L, n);
    }

    /** An ACTIVE address binding whose lifetimes and times depend on {@code version}. */
    public static Binding active(long n, int version) {
        ClientIdentity client = new ClientIdentity(Duid.of(new byte[] {0, 1, (byte) n, (byte) (n >> 8)}),
                n, IaType.IA_NA);
        Instant t = T0.plusSeconds(version);
        return Binding.builder(address(n), BindingStatus.ACTIVE, t).client(client)
                .lifetimes(1800, 3600 + version, 900, 1440).stateExpirationTime(t.plusSeconds(3600))
                .clientLastTransactionTime(t).expirationTime(t.plusSeconds(7200)).partnerLifetime(t.plusSeconds(5400))
                .partnerUpdatePending(version % 2 == 0).build();
    }

    /** A FREE binding of the prefix {@code 2001:db8:n::/48}, without client. */
    public static Binding freePrefix(long n) {
        return Binding.free(new Ipv6Prefix(new Ipv6Address(0x20010db800000000L | (n << 16), 0), 48),
                BindingStatus.FREE, T0);
    }

    /** An endpoint record with every optional field set. */
    public static EndpointRecord fullEndpoint() {
        return new EndpointRecord(ServerState.NORMAL, T0, ServerState.COMMUNICATIONS_INTERRUPTED,
                ServerState.NORMAL, T0.minusSeconds(5), T0.plusNanos(1), T0.plusSeconds(60), null, true);
    }

    /** An endpoint record with every optional field empty. */
    public static EndpointRecord bareEndpoint() {
        return new EndpointRecord(ServerState.RECOVER, T0, null, null, null, null, T0, null, false);
    }
}
