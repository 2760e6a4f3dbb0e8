package org.dhcpv6.failover.tls;

import java.time.Duration;
import java.util.List;

/** Certificates and settings shared by the TLS tests: a CA and partners dhcp-a and dhcp-b. */
final class TlsFixtures {

    static final CertificateAuthority CA = CertificateAuthority.create("Failover Test CA");
    static final IssuedCertificate A = CA.issue("dhcp-a").dnsNames("dhcp-a.example").sign();
    static final IssuedCertificate B = CA.issue("dhcp-b").dnsNames("dhcp-b.example").sign();

    private TlsFixtures() {
    }

    /** Settings for a side holding {@code own} that expects a partner named {@code partner}. */
    static TlsSettings.Builder settings(IssuedCertificate own, String partner) {
        return TlsSettings.builder().identity(own).trustAnchors(List.of(CA.certificate())).partnerName(partner)
                .handshakeTimeout(Duration.ofSeconds(2));
    }

    /** Primary dhcp-a, expecting dhcp-b. */
    static TlsSettings primary() {
        return settings(A, "dhcp-b.example").build();
    }

    /** Secondary dhcp-b, expecting dhcp-a. */
    static TlsSettings secondary() {
        return settings(B, "dhcp-a.example").build();
    }
}
