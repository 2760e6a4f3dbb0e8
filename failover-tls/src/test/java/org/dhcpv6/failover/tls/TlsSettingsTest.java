package org.dhcpv6.failover.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

class TlsSettingsTest {

    private static final CertificateAuthority CA = CertificateAuthority.create("Settings CA");
    private static final IssuedCertificate OWN = CA.issue("a").dnsNames("dhcp-a.example").sign();

    @Test
    void defaults() {
        TlsSettings s = TlsSettings.builder().identity(OWN).trustAnchors(List.of(CA.certificate()))
                .partnerName("DHCP-B.example.").build();
        assertEquals(Duration.ofSeconds(10), s.handshakeTimeout());
        assertEquals(4, s.maxConnectionsPerPartner());
        assertEquals(Duration.ofMinutes(5), s.idleTimeout());
        assertEquals("dhcp-b.example", s.partnerName().orElseThrow());
    }

    @Test
    void refusesIncompleteOrAmbiguousPartnerIdentity() {
        String missingName = assertThrows(IllegalStateException.class, () -> TlsSettings.builder().identity(OWN)
                .trustAnchors(List.of(CA.certificate())).build()).getMessage();
        assertTrue(missingName.contains("partner name"), missingName);
        assertThrows(IllegalStateException.class, () -> TlsSettings.builder().identity(OWN).build());
        assertThrows(IllegalStateException.class, () -> TlsSettings.builder().identity(OWN)
                .trustAnchors(List.of(CA.certificate())).partnerName("b")
                .pinnedFingerprint(OWN.sha256Fingerprint()).build());
        assertThrows(IllegalStateException.class, () -> TlsSettings.builder()
                .pinnedFingerprint(OWN.sha256Fingerprint()).build());
    }

    @Test
    void refusesKeyThatDoesNotMatchCertificate() {
        IssuedCertificate other = CA.issue("b").sign();
        String msg = assertThrows(IllegalStateException.class, () -> TlsSettings.builder()
                .identity(other.privateKey(), OWN.chain()).pinnedFingerprint(OWN.sha256Fingerprint())
                .build()).getMessage();
        assertTrue(msg.contains("does not belong"), msg);
    }

    @Test
    void refusesBadValues() {
        assertThrows(IllegalArgumentException.class, () -> TlsSettings.builder().pinnedFingerprint("abcd"));
        assertThrows(IllegalArgumentException.class, () -> TlsSettings.builder().partnerName("*.example"));
        assertThrows(IllegalArgumentException.class, () -> TlsSettings.builder().handshakeTimeout(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> TlsSettings.builder().maxConnectionsPerPartner(0));
        String colons = OWN.sha256Fingerprint().toUpperCase().replaceAll("(..)(?!$)", "$1:");
        TlsSettings s = TlsSettings.builder().identity(OWN).pinnedFingerprint(colons).build();
        assertEquals(OWN.sha256Fingerprint(), s.pinnedFingerprint().orElseThrow());
    }
}
