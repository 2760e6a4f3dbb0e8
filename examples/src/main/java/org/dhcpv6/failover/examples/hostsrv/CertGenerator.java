package org.dhcpv6.failover.examples.hostsrv;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dhcpv6.failover.tls.CertificateAuthority;
import org.dhcpv6.failover.tls.IssuedCertificate;

/**
 * Makes a demo PKI for a failover pair: a fresh CA and one certificate per server name. Meant
 * for trying the example server; a real deployment uses its own CA.
 */
public final class CertGenerator {

    /** File name of the CA bundle written into the directory. */
    public static final String CA_FILE = "ca.pem";

    private CertGenerator() {
    }

    /**
     * Writes {@code ca.pem}, and {@code NAME-chain.pem} and {@code NAME-key.pem} (owner-only) for
     * each name, into {@code dir}.
     *
     * @return the files written, CA bundle first
     * @throws IOException if a file cannot be written
     */
    public static List<Path> generate(Path dir, List<String> names) throws IOException {
        if (names.isEmpty()) {
            throw new IllegalArgumentException("at least one name is needed");
        }
        Files.createDirectories(dir);
        CertificateAuthority ca = CertificateAuthority.create("dhcpv6-failover example CA");
        List<Path> written = new ArrayList<>();
        Path bundle = dir.resolve(CA_FILE);
        ca.writeCaBundle(bundle);
        written.add(bundle);
        for (String name : names) {
            IssuedCertificate cert = ca.issue(name).dnsNames(name).sign();
            Path chain = dir.resolve(name + "-chain.pem");
            Path key = dir.resolve(name + "-key.pem");
            cert.writePem(chain, key);
            written.add(chain);
            written.add(key);
        }
        return written;
    }
}
