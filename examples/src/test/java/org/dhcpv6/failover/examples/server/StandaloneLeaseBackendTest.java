package org.dhcpv6.failover.examples.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.dhcpv6.failover.api.ClientIdentity;
import org.dhcpv6.failover.api.Duid;
import org.dhcpv6.failover.api.IaType;
import org.dhcpv6.failover.api.Ipv6Address;
import org.dhcpv6.failover.api.Ipv6Prefix;
import org.dhcpv6.failover.examples.dhcp.Duids;
import org.dhcpv6.failover.examples.dhcp.MessageType;
import org.junit.jupiter.api.Test;

class StandaloneLeaseBackendTest {

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
    private final InstantSource clock = now::get;
    private final StandaloneLeaseBackend backend = StandaloneLeaseBackend.builder()
            .addressPool(Ipv6Prefix.parse("2001:db8:1::/124"))
            .prefixPool(Ipv6Prefix.parse("2001:db8:100::/48"), 56)
            .offerHold(Duration.ofSeconds(10))
            .clock(clock)
            .build();
    private final Lifetimes life = new Lifetimes(100, 200);

    private static ClientIdentity na(int n) {
        return new ClientIdentity(Duids.fromHex("00030001" + String.format("%012x", n)), 1, IaType.IA_NA);
    }

    private static ClientIdentity pd(int n) {
        return new ClientIdentity(Duids.fromHex("00030001" + String.format("%012x", n)), 2, IaType.IA_PD);
    }

    @Test
    void handsOutAddressesInOrderSkippingLeasedAndOffered() {
        Ipv6Address a1 = backend.chooseAddress(na(1), null).orElseThrow();
        assertEquals(Ipv6Address.parse("2001:db8:1::1"), a1);
        assertTrue(backend.grant(MessageType.REQUEST, false, na(1), a1, life).isGranted());
        Ipv6Address a2 = backend.chooseAddress(na(2), a1).orElseThrow();
        assertEquals(Ipv6Address.parse("2001:db8:1::2"), a2, "the hint is leased, so the next one");
        assertTrue(backend.grant(MessageType.SOLICIT, true, na(2), a2, life).isGranted());
        assertFalse(backend.grant(MessageType.REQUEST, false, na(3), a2, life).isGranted(), "offered to client 2");
        assertEquals(Optional.of(a1), backend.currentLease(na(1)).map(Lease::resource));
    }

    @Test
    void delegatesSequentialPrefixes() {
        Ipv6Prefix p0 = backend.choosePrefix(pd(1), null).orElseThrow();
        assertTrue(backend.grant(MessageType.REQUEST, false, pd(1), p0, life).isGranted());
        Ipv6Prefix p1 = backend.choosePrefix(pd(2), null).orElseThrow();
        assertEquals(Ipv6Prefix.parse("2001:db8:100::/56"), p0);
        assertEquals(Ipv6Prefix.parse("2001:db8:100:100::/56"), p1);
        assertFalse(backend.grant(MessageType.REQUEST, false, pd(2), Ipv6Prefix.parse("2001:db8:100::/60"), life)
                .isGranted(), "wrong length");
    }

    @Test
    void expiryReleaseAndDeclineFreeOrRetireResources() {
        Ipv6Address a = backend.chooseAddress(na(1), null).orElseThrow();
        backend.grant(MessageType.REQUEST, false, na(1), a, life);
        now.set(now.get().plusSeconds(201));
        assertTrue(backend.currentLease(na(1)).isEmpty());
        assertTrue(backend.grant(MessageType.REQUEST, false, na(2), a, life).isGranted(), "expired is free");
        assertFalse(backend.release(na(1), a), "no longer client 1's");
        assertTrue(backend.decline(na(2), a));
        assertFalse(backend.grant(MessageType.REQUEST, false, na(3), a, life).isGranted(), "declined");
    }

    @Test
    void lifetimesAreCappedAndPoolExhaustionIsReported() {
        StandaloneLeaseBackend tiny = StandaloneLeaseBackend.builder()
                .addressPool(Ipv6Prefix.parse("2001:db8:1::/127")).maxLifetimes(new Lifetimes(50, 60)).clock(clock)
                .build();
        Ipv6Address only = tiny.chooseAddress(na(1), null).orElseThrow();
        assertEquals(new Lifetimes(50, 60), tiny.grant(MessageType.REQUEST, false, na(1), only, life).lifetimes());
        assertTrue(tiny.chooseAddress(na(2), null).isEmpty());
    }
}
