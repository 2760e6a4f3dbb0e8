package org.dhcpv6.failover.tls;

import java.io.IOException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

import org.dhcpv6.failover.tls.internal.Fingerprints;

/**
 * A private key with its certificate chain (leaf first), as made by {@link CertificateAuthority}
 * or read from PEM files: what one failover server presents to its partner.
 *
 * @param privateKey the leaf's private key
 * @param chain the leaf certificate first, then any intermediates and optionally the CA
 */
public record IssuedCertificate(PrivateKey privateKey, List<X509Certificate> chain) {

    /** Checks that both parts are present and copies the chain. */
    public IssuedCertificate {
        Objects.requireNonNull(privateKey, "privateKey");
        chain = List.copyOf(Objects.requireNonNull(chain, "chain"));
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("chain must hold at least the leaf certificate");
        }
    }

    /** Reads a chain file and a PKCS#8 key file, as written by {@link #writePem}. */
    public static IssuedCertificate readPem(Path chainFile, Path keyFile) throws IOException {
        return new IssuedCertificate(PemFiles.readPrivateKey(keyFile), PemFiles.readCertificates(chainFile));
    }

    /** The leaf certificate, the one that names this server. */
    public X509Certificate leaf() {
        return chain.get(0);
    }

    /** The leaf's SHA-256 fingerprint in lower-case hex, the value a partner may pin. */
    public String sha256Fingerprint() {
        return Fingerprints.sha256Hex(leaf());
    }

    /** Writes the chain (PEM certificates) and the key (PEM PKCS#8, unencrypted, owner-only). */
    public void writePem(Path chainFile, Path keyFile) throws IOException {
        PemFiles.writeCertificates(chainFile, chain);
        PemFiles.writePrivateKey(keyFile, privateKey);
    }
}
