package org.dhcpv6.failover.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/** Pools made from prefixes leave out the Subnet-Router anycast address. */
class AddressPoolTest {

    @Test
    void aPrefixPoolLeavesOutTheSubnetRouterAnycastAddress() {
        AddressPool pool = AddressPool.parse("2001:db8:1::/64");
        assertFalse(pool.contains(Ipv6Address.parse("2001:db8:1::")));
        assertEquals(Ipv6Address.parse("2001:db8:1::1"), pool.first());
        assertEquals(Ipv6Address.parse("2001:db8:1::ffff:ffff:ffff:ffff"), pool.last());
        assertEquals(BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE), pool.size());
    }

    @Test
    void aSlash127KeepsBothAddressesAndAnExplicitRangeIsTakenAsWritten() {
        AddressPool p127 = AddressPool.parse("2001:db8:1::/127");
        assertTrue(p127.contains(Ipv6Address.parse("2001:db8:1::")));
        assertEquals(BigInteger.TWO, p127.size());
        AddressPool range = AddressPool.parse("2001:db8:1::-2001:db8:1::ff");
        assertTrue(range.contains(Ipv6Address.parse("2001:db8:1::")));
    }

    @Test
    void aSlash126HasThreeAddresses() {
        assertEquals(BigInteger.valueOf(3), AddressPool.parse("2001:db8:1::/126").size());
    }
}
