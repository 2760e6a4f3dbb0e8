package org.dhcpv6.failover.examples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.dhcpv6.failover.tls.CertificateAuthority;
import org.dhcpv6.failover.tls.IssuedCertificate;
import org.dhcpv6.failover.tls.TlsSettings;
import org.dhcpv6.failover.tls.TlsTransport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole UPDREQALL at scale, not timed: an empty secondary recovers 100,000 bindings from its
 * primary over mutual TLS, both on durable journal stores, and ends with the primary's table
 * binding by binding ({@link ResyncRound} compares every lease and throws on the first difference).
 */
class ResyncRoundTest {

    @Test
    void anEmptySecondaryRecoversEveryBindingOverTlsOnJournalStores(@TempDir Path dir) throws Exception {
        CertificateAuthority ca = CertificateAuthority.create("resync test CA");
        IssuedCertificate a = ca.issue("dhcp-a.example").dnsNames("dhcp-a.example").sign();
        IssuedCertificate b = ca.issue("dhcp-b.example").dnsNames("dhcp-b.example").sign();
        TlsSettings primaryTls = TlsSettings.builder().identity(a).trustAnchors(List.of(ca.certificate()))
                .partnerName("dhcp-b.example").build();
        TlsSettings secondaryTls = TlsSettings.builder().identity(b).trustAnchors(List.of(ca.certificate()))
                .partnerName("dhcp-a.example").build();

        ResyncRound.Result r = ResyncRound.run("tls", () -> TlsTransport.create(primaryTls),
                () -> TlsTransport.create(secondaryTls), "journal", RoundStores.journal(dir), 100_000, 100);

        assertEquals(100_000, r.bindings());
        // The secondary stores each read's BNDUPDs with one flush: with a window of 100, one flush
        // per binding would mean the batching broke, and none would mean the count is not read.
        double secondaryFlushes = r.flushesPerBinding(org.dhcpv6.failover.api.Role.SECONDARY);
        assertTrue(secondaryFlushes > 0 && secondaryFlushes < 0.1, "secondary flushes per binding: " + secondaryFlushes);
    }
}
