package org.dhcpv6.failover.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RelationshipConfigTest {

    private static RelationshipConfig.Builder base() {
        return RelationshipConfig.builder("rel-a", Role.PRIMARY)
                .partnerAddress(new InetSocketAddress("::1", 647));
    }

    @Test
    void defaultsFollowRfc8156() {
        RelationshipConfig c = base().build();
        assertEquals(3600, c.mcltSeconds());
        assertEquals(Duration.ofSeconds(60), c.keepalive());
        assertEquals(647, c.localAddress().getPort());
        assertEquals(SkewPolicy.TOLERATE, c.skewPolicy());
        assertTrue(c.autoPartnerDown().isEmpty());
    }

    @Test
    void aSecondaryGivesItsPartnersAddressWithoutAPort() throws Exception {
        java.net.InetAddress primary = java.net.InetAddress.getByName("2001:db8::a");
        RelationshipConfig c = RelationshipConfig.builder("rel-a", Role.SECONDARY).partnerAddress(primary).build();
        assertEquals(primary, c.partnerAddress().getAddress());
        assertEquals(RelationshipConfig.FAILOVER_PORT, c.partnerAddress().getPort());
    }

    @Test
    void errorsNameTheBadValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> base().mclt(Duration.ZERO).build());
        assertTrue(e.getMessage().contains("mclt") && e.getMessage().contains("PT0S"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> RelationshipConfig.builder("x", Role.SECONDARY).build());
        assertTrue(e.getMessage().contains("partnerAddress"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> base()
                .addressPool(AddressPool.parse("2001:db8::/64"))
                .addressPool(AddressPool.parse("2001:db8::100-2001:db8::200")).build());
        assertTrue(e.getMessage().contains("overlap"), e.getMessage());
    }

    @Test
    void leaseRequestChecksIaTypeAgainstResource() {
        ClientIdentity client = new ClientIdentity(Duid.parseHex("000100010203"), 1, IaType.IA_PD);
        assertThrows(IllegalArgumentException.class, () -> LeaseRequest.of(MessageKind.REQUEST, client,
                Ipv6Address.parse("2001:db8::1"), 100, 200, false));
    }
}
