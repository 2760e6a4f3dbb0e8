package org.dhcpv6.failover.tls.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.dhcpv6.failover.tls.CertificateAuthority;
import org.dhcpv6.failover.tls.IssuedCertificate;
import org.dhcpv6.failover.tls.KeyAlgorithm;
import org.dhcpv6.failover.tls.TlsSettings;
import org.junit.jupiter.api.Test;

class PartnerValidatorTest {

    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    private static final CertificateAuthority CA = CertificateAuthority.create("Validator CA",
            KeyAlgorithm.EC_P256, Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2036-01-01T00:00:00Z"));
    private static final IssuedCertificate OWN = CA.issue("a").dnsNames("dhcp-a.example").sign();

    private static PartnerValidator anchored() {
        return new PartnerValidator(TlsSettings.builder().identity(OWN).trustAnchors(List.of(CA.certificate()))
                .partnerName("dhcp-b.example").clock(Clock.fixed(NOW, ZoneOffset.UTC)).build());
    }

    private static IssuedCertificate partner(String name, Instant from, Instant until) {
        return CA.issue(name).dnsNames(name).validity(from, until).sign();
    }

    private static String reason(PartnerValidator v, IssuedCertificate cert) {
        return v.check(cert.chain()).map(PartnerValidator.Rejection::reason).orElse("accepted");
    }

    @Test
    void acceptsTheConfiguredPartnerWithOrWithoutTheCaInTheChain() {
        IssuedCertificate good = partner("dhcp-b.example", NOW.minusSeconds(60), NOW.plusSeconds(3600));
        assertEquals("accepted", reason(anchored(), good));
        assertEquals("accepted", anchored().check(List.of(good.leaf())).map(Object::toString).orElse("accepted"));
    }

    @Test
    void refusalsAreSentencesAPersonCanActOn() {
        PartnerValidator v = anchored();
        assertEquals("partner certificate for 'dhcp-b.example' expired 2026-10-01T00:00:00Z",
                reason(v, partner("dhcp-b.example", Instant.parse("2026-01-02T00:00:00Z"),
                        Instant.parse("2026-10-01T00:00:00Z"))));
        assertEquals("partner certificate for 'dhcp-b.example' is not yet valid until 2027-01-01T00:00:00Z",
                reason(v, partner("dhcp-b.example", Instant.parse("2027-01-01T00:00:00Z"),
                        Instant.parse("2028-01-01T00:00:00Z"))));
        assertEquals("partner certificate does not name 'dhcp-b.example' (it names [dhcp-x.example])",
                reason(v, partner("dhcp-x.example", NOW.minusSeconds(60), NOW.plusSeconds(60))));
        IssuedCertificate stranger = CertificateAuthority.create("Other CA", KeyAlgorithm.EC_P256,
                NOW.minusSeconds(600), NOW.plusSeconds(6000)).issue("b").dnsNames("dhcp-b.example")
                .validity(NOW.minusSeconds(60), NOW.plusSeconds(60)).sign();
        String unknown = reason(v, stranger);
        assertTrue(unknown.startsWith("partner presented a certificate not signed by the configured trust anchor"),
                unknown);
        assertEquals("no certificate sent by partner", v.check(List.of()).orElseThrow().reason());
    }

    @Test
    void pinnedFingerprint() {
        IssuedCertificate b = partner("dhcp-b.example", NOW.minusSeconds(60), NOW.plusSeconds(60));
        IssuedCertificate c = partner("dhcp-c.example", NOW.minusSeconds(60), NOW.plusSeconds(60));
        PartnerValidator v = new PartnerValidator(TlsSettings.builder().identity(OWN)
                .pinnedFingerprint(b.sha256Fingerprint()).clock(Clock.fixed(NOW, ZoneOffset.UTC)).build());
        assertEquals("accepted", reason(v, b));
        assertEquals("partner certificate fingerprint mismatch: expected " + b.sha256Fingerprint() + ", got "
                + c.sha256Fingerprint(), reason(v, c));
    }
}
