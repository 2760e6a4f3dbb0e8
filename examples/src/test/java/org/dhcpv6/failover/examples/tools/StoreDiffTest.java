package org.dhcpv6.failover.examples.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.dhcpv6.failover.api.Binding;
import org.dhcpv6.failover.api.BindingStatus;
import org.dhcpv6.failover.api.ClientIdentity;
import org.dhcpv6.failover.api.Duid;
import org.dhcpv6.failover.api.IaType;
import org.dhcpv6.failover.api.Ipv6Address;
import org.dhcpv6.failover.api.Resource;
import org.junit.jupiter.api.Test;

class StoreDiffTest {

    private static final Instant T0 = Instant.parse("2026-12-07T12:00:00Z");
    private static final Ipv6Address A1 = Ipv6Address.parse("2001:db8:1::1");
    private static final Ipv6Address A2 = Ipv6Address.parse("2001:db8:1::2");

    private static ClientIdentity client(int n) {
        return new ClientIdentity(Duid.parseHex(String.format("00010001%08x", n)), 1, IaType.IA_NA);
    }

    private static Binding active(Ipv6Address a, int client, long secondsLeft) {
        return Binding.builder(a, BindingStatus.ACTIVE, T0).client(client(client)).lifetimes(20, 40, 10, 16)
                .stateExpirationTime(T0.plusSeconds(secondsLeft)).clientLastTransactionTime(T0)
                .expirationTime(T0.plusSeconds(secondsLeft)).build();
    }

    @Test
    void agreeingTablesHaveNoDisagreement() {
        Map<Resource, Binding> a = Map.of(A1, active(A1, 1, 60), A2, active(A2, 2, 60));
        Map<Resource, Binding> b = Map.of(A1, active(A1, 1, 61), A2, active(A2, 2, 59));
        assertEquals(List.of(), StoreDiff.compare(a, b, T0.plusSeconds(5)));
    }

    @Test
    void aDoubleHoldingAndAMissingLeaseAreReported() {
        Map<Resource, Binding> a = Map.of(A1, active(A1, 1, 60), A2, active(A2, 2, 60));
        Map<Resource, Binding> b = Map.of(A1, active(A1, 3, 60));
        List<String> problems = StoreDiff.compare(a, b, T0.plusSeconds(5));
        assertEquals(2, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("DOUBLE") || problems.get(1).startsWith("DOUBLE"), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("ONLY-A 2001:db8:1::2")), problems.toString());
    }

    @Test
    void leasesAboutToEndAreLeftOut() {
        Map<Resource, Binding> a = Map.of(A1, active(A1, 1, 3));
        assertEquals(List.of(), StoreDiff.compare(a, Map.of(), T0.plusSeconds(5)));
    }
}
