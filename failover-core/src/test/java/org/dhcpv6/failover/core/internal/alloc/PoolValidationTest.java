package org.dhcpv6.failover.core.internal.alloc;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetSocketAddress;
import java.util.List;
import org.dhcpv6.failover.api.AddressPool;
import org.dhcpv6.failover.api.Ipv6Prefix;
import org.dhcpv6.failover.api.PrefixPool;
import org.dhcpv6.failover.api.RelationshipConfig;
import org.dhcpv6.failover.api.Role;
import org.junit.jupiter.api.Test;

class PoolValidationTest {

    private static RelationshipConfig.Builder relationship(String name) {
        return RelationshipConfig.builder(name, Role.PRIMARY)
                .partnerAddress(new InetSocketAddress("192.0.2.2", 647));
    }

    @Test
    void twoAddressPoolsGiveEachRoleOne() {
        assertDoesNotThrow(() -> PoolValidation.validate("r1",
                List.of(AddressPool.parse("2001:db8::10-2001:db8::11"), AddressPool.parse("2001:db8::21-2001:db8::22")),
                List.of()));
    }

    @Test
    void prefixShareTooSmallForThePoolIsNamed() {
        PrefixPool two = new PrefixPool(Ipv6Prefix.parse("2001:db8:1::/63"), 64, 0.3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PoolValidation.validate("east", List.of(), List.of(two)));
        assertEquals("relationship 'east': prefix pool 2001:db8:1::/63 delegating /64 has 2 prefixes, so a"
                + " secondary share of 0.3 never gives the secondary one; use a larger pool or share", e.getMessage());
        assertDoesNotThrow(() -> PoolValidation.validate("east", List.of(),
                List.of(new PrefixPool(Ipv6Prefix.parse("2001:db8:1::/63"), 64, 0.5),
                        new PrefixPool(Ipv6Prefix.parse("2001:db8:2::/63"), 64, 0.0))));
    }

    @Test
    void addressPoolClaimedByTwoRelationshipsNamesBoth() {
        RelationshipConfig east = relationship("east").addressPool(AddressPool.parse("2001:db8::/120")).build();
        RelationshipConfig west = relationship("west")
                .addressPool(AddressPool.parse("2001:db8::80-2001:db8::1ff")).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PoolValidation.validateAcrossRelationships(List.of(east, west)));
        assertEquals("address pool 2001:db8::1-2001:db8::ff of relationship 'east' and address pool"
                + " 2001:db8::80-2001:db8::1ff of relationship 'west' overlap; a pool belongs to one relationship"
                + " only", e.getMessage());
    }

    @Test
    void prefixPoolClaimedByTwoRelationshipsNamesBoth() {
        RelationshipConfig east = relationship("east")
                .prefixPool(PrefixPool.of(Ipv6Prefix.parse("2001:db8:ff00::/40"), 56)).build();
        RelationshipConfig west = relationship("west")
                .prefixPool(PrefixPool.of(Ipv6Prefix.parse("2001:db8:ff10::/48"), 60)).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PoolValidation.validateAcrossRelationships(List.of(east, west)));
        assertEquals("prefix pool 2001:db8:ff00::/40 delegating /56 of relationship 'east' and prefix pool"
                + " 2001:db8:ff10::/48 delegating /60 of relationship 'west' overlap; a pool belongs to one"
                + " relationship only", e.getMessage());
    }

    @Test
    void addressRangeCoveringAnotherRelationshipsPrefixPoolIsCaught() {
        RelationshipConfig east = relationship("east")
                .addressPool(AddressPool.parse("2001:db8::-2001:db8:ffff::")).build();
        RelationshipConfig west = relationship("west")
                .prefixPool(PrefixPool.of(Ipv6Prefix.parse("2001:db8:10::/48"), 56)).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PoolValidation.validateAcrossRelationships(List.of(east, west)));
        assertEquals(true, e.getMessage().contains("'east'") && e.getMessage().contains("'west'"), e.getMessage());
    }

    @Test
    void disjointRelationshipsPass() {
        RelationshipConfig east = relationship("east").addressPool(AddressPool.parse("2001:db8::/120"))
                .prefixPool(PrefixPool.of(Ipv6Prefix.parse("2001:db8:ff00::/48"), 56)).build();
        RelationshipConfig west = relationship("west").addressPool(AddressPool.parse("2001:db8::100/120"))
                .prefixPool(PrefixPool.of(Ipv6Prefix.parse("2001:db8:ff01::/48"), 56)).build();
        assertDoesNotThrow(() -> PoolValidation.validateAcrossRelationships(List.of(east, west)));
    }

    @Test
    void duplicateRelationshipNamesAreRefused() {
        RelationshipConfig one = relationship("east").build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PoolValidation.validateAcrossRelationships(List.of(one, relationship("east").build())));
        assertEquals("relationship name 'east' is used twice", e.getMessage());
    }
}
