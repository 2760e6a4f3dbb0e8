package org.dhcpv6.failover.examples.hostsrv;

import java.io.IOException;
import org.dhcpv6.failover.api.Transport;
import org.dhcpv6.failover.core.transport.TcpTransport;
import org.dhcpv6.failover.tls.InsecureStartTlsRefuser;
import org.dhcpv6.failover.tls.TlsSettings;
import org.dhcpv6.failover.tls.TlsTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Makes the failover transport a {@link ServerConfig} asks for: TLS, or plaintext by explicit choice. */
final class Transports {

    private static final Logger LOG = LoggerFactory.getLogger(Transports.class);

    private Transports() {
    }

    /**
     * Mutually authenticated TLS from the {@code tls.*} files; with
     * {@code tls.insecure-plaintext=true}, plain TCP that refuses STARTTLS (RFC 7653 §8.2), with a
     * warning, because anyone on the path can then read and forge lease updates.
     *
     * @throws StartupException if a TLS file cannot be read or does not fit
     */
    static Transport forConfig(ServerConfig config) throws StartupException {
        if (config.tls().isEmpty()) {
            LOG.warn("tls.insecure-plaintext=true: failover runs over PLAIN TCP without authentication; "
                    + "use it only on a protected network");
            return InsecureStartTlsRefuser.wrap(TcpTransport.insecurePlaintext());
        }
        ServerConfig.TlsFiles f = config.tls().get();
        try {
            TlsSettings.Builder b = TlsSettings.builder().identityFromPem(f.chain(), f.key());
            if (f.ca().isPresent()) {
                b.trustAnchorsFromPem(f.ca().get());
            }
            f.partnerName().ifPresent(b::partnerName);
            f.pinnedFingerprint().ifPresent(b::pinnedFingerprint);
            return TlsTransport.create(b.build());
        } catch (IOException e) {
            throw new StartupException("tls: cannot read " + f.chain() + ", " + f.key() + " or the CA bundle: "
                    + e.getMessage(), e);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new StartupException("tls: " + e.getMessage(), e);
        }
    }
}
