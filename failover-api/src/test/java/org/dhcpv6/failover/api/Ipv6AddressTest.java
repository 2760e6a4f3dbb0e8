package org.dhcpv6.failover.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class Ipv6AddressTest {

    @Test
    void parsesAndPrintsRfc5952Text() {
        assertEquals("2001:db8::1", Ipv6Address.parse("2001:0db8:0:0:0:0:0:1").toString());
        assertEquals("::", Ipv6Address.parse("::").toString());
        assertEquals("2001:db8:0:1:1:1:1:1", Ipv6Address.parse("2001:db8:0:1:1:1:1:1").toString());
        assertEquals("2001:0:0:1::1", Ipv6Address.parse("2001:0:0:1:0:0:0:1").toString());
    }

    @Test
    void rejectsNonIpv6Text() {
        assertThrows(IllegalArgumentException.class, () -> Ipv6Address.parse("192.0.2.1"));
        assertThrows(IllegalArgumentException.class, () -> Ipv6Address.parse("example.com"));
        assertThrows(IllegalArgumentException.class, () -> Ipv6Address.parse("2001:db8::/64"));
    }

    @Test
    void bit127DecidesOddness() {
        assertTrue(Ipv6Address.parse("2001:db8::1").isOdd());
        assertFalse(Ipv6Address.parse("2001:db8::2").isOdd());
    }

    @Test
    void plusCarriesAcrossTheHalves() {
        Ipv6Address a = Ipv6Address.parse("2001:db8::ffff:ffff:ffff:ffff");
        assertEquals("2001:db8:0:1::", a.plus(1).toString());
        assertEquals(a, a.plus(1).plus(-1));
    }

    @Property
    void bytesRoundTripAndMatchTheJdk(@ForAll long high, @ForAll long low) throws Exception {
        Ipv6Address a = new Ipv6Address(high, low);
        assertEquals(a, Ipv6Address.fromBytes(a.toBytes()));
        assertEquals(a, Ipv6Address.parse(a.toString()));
        assertEquals(InetAddress.getByAddress(a.toBytes()), a.toInet6Address());
    }

    @Test
    void prefixChecksHostBitsAndContainment() {
        Ipv6Prefix p = Ipv6Prefix.parse("2001:db8:100::/48");
        assertTrue(p.contains(Ipv6Address.parse("2001:db8:100:ff::1")));
        assertFalse(p.contains(Ipv6Address.parse("2001:db8:101::1")));
        assertEquals("2001:db8:100:ffff:ffff:ffff:ffff:ffff", p.lastAddress().toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Ipv6Prefix.parse("2001:db8::1/64"));
        assertTrue(e.getMessage().contains("2001:db8::1/64"), e.getMessage());
    }

    @Test
    void prefixPoolEnumeratesDelegatedPrefixes() {
        PrefixPool pool = PrefixPool.of(Ipv6Prefix.parse("2001:db8:100::/48"), 56);
        assertEquals(256, pool.prefixCount());
        assertEquals("2001:db8:100::/56", pool.prefixAt(0).toString());
        assertEquals("2001:db8:100:100::/56", pool.prefixAt(1).toString());
        assertEquals("2001:db8:100:ff00::/56", pool.prefixAt(255).toString());
        PrefixPool fine = PrefixPool.of(Ipv6Prefix.parse("2001:db8:0:ff00::/56"), 80);
        assertEquals("2001:db8:0:ff00:1::/80", fine.prefixAt(1).toString());
        assertTrue(pool.holds(pool.prefixAt(7)));
        assertThrows(IllegalArgumentException.class, () -> PrefixPool.of(Ipv6Prefix.parse("2001:db8::/56"), 48));
    }
}
