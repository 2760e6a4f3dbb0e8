package org.dhcpv6.failover.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificatesAndPemTest {

    private static final CertificateAuthority CA = CertificateAuthority.create("Test Failover CA");

    @TempDir
    Path dir;

    @Test
    void issuedCertificateChainsToTheCaAndNamesItsHost() throws Exception {
        IssuedCertificate cert = CA.issue("dhcp-b").dnsNames("dhcp-b.example").sign();
        X509Certificate leaf = cert.leaf();
        leaf.verify(CA.certificate().getPublicKey());
        assertEquals(List.of(List.of(2, "dhcp-b.example")), List.copyOf(leaf.getSubjectAlternativeNames()));
        assertEquals("EC", cert.privateKey().getAlgorithm());
        assertEquals(2, cert.chain().size());
    }

    @Test
    void validityWindowIsWhatWasAskedFor() {
        Instant from = Instant.parse("2020-01-01T00:00:00Z");
        Instant until = Instant.parse("2021-01-01T00:00:00Z");
        X509Certificate leaf = CA.issue("old").validity(from, until).sign().leaf();
        assertEquals(from, leaf.getNotBefore().toInstant());
        assertEquals(until, leaf.getNotAfter().toInstant());
        assertThrows(IllegalArgumentException.class, () -> CA.issue("x").validity(until, from));
    }

    @Test
    void pemRoundTripForEcAndRsa() throws Exception {
        for (KeyAlgorithm alg : KeyAlgorithm.values()) {
            IssuedCertificate cert = CA.issue("host").dnsNames("host.example").keyAlgorithm(alg).sign();
            Path chain = dir.resolve(alg + "-chain.pem");
            Path key = dir.resolve(alg + "-key.pem");
            cert.writePem(chain, key);
            assertTrue(Files.readString(key).startsWith("-----BEGIN PRIVATE KEY-----"), "PKCS#8 form");
            IssuedCertificate back = IssuedCertificate.readPem(chain, key);
            assertEquals(cert.chain(), back.chain());
            assertEquals(alg.jcaName(), back.privateKey().getAlgorithm());
            assertEquals(List.of(cert.privateKey().getEncoded().length),
                    List.of(back.privateKey().getEncoded().length));
        }
        Path bundle = dir.resolve("ca.pem");
        CA.writeCaBundle(bundle);
        assertEquals(List.of(CA.certificate()), PemFiles.readCertificates(bundle));
    }

    @Test
    void errorsNameTheFile() throws Exception {
        Path missing = dir.resolve("missing.pem");
        IOException e1 = assertThrows(IOException.class, () -> PemFiles.readCertificates(missing));
        assertTrue(e1.getMessage().contains(missing.toString()), e1.getMessage());

        Path empty = dir.resolve("empty.pem");
        Files.writeString(empty, "nothing here\n");
        IOException e2 = assertThrows(IOException.class, () -> PemFiles.readPrivateKey(empty));
        assertTrue(e2.getMessage().contains(empty.toString()) && e2.getMessage().contains("no PEM PRIVATE KEY"),
                e2.getMessage());
        IOException e3 = assertThrows(IOException.class, () -> PemFiles.readCertificates(empty));
        assertTrue(e3.getMessage().contains("no PEM CERTIFICATE"), e3.getMessage());

        Path broken = dir.resolve("broken.pem");
        Files.writeString(broken, "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
        IOException e4 = assertThrows(IOException.class, () -> PemFiles.readCertificates(broken));
        assertTrue(e4.getMessage().contains(broken.toString()), e4.getMessage());
    }

    @Test
    void fingerprintIsSha256OfTheLeaf() {
        IssuedCertificate cert = CA.issue("pin").sign();
        assertEquals(64, cert.sha256Fingerprint().length());
        Instant later = Instant.now().plus(Duration.ofDays(1));
        assertTrue(cert.leaf().getNotAfter().toInstant().isAfter(later));
    }
}
