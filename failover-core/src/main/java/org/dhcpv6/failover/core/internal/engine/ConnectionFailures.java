package org.dhcpv6.failover.core.internal.engine;

import java.util.Locale;
import org.dhcpv6.failover.api.ConnectionFailure.Kind;

/**
 * Sorts a transport's reason for a failed connection into a {@link Kind}. The {@code Transport}
 * API reports reasons as sentences, so this reads the sentences the shipped transports write
 * (plain TCP: {@code ConnectFailures}; TLS: {@code Reasons} and {@code PartnerValidator}); an
 * unknown sentence is {@link Kind#OTHER}, never an error. A typed reason in the transport API
 * would replace this.
 */
final class ConnectionFailures {

    private ConnectionFailures() {
    }

    static Kind classify(String reason) {
        String r = reason == null ? "" : reason.toLowerCase(Locale.ROOT);
        if (r.contains("does not name")) {
            return Kind.TLS_NAME_MISMATCH;
        }
        if (r.contains("not signed by the configured trust anchor") || r.contains("unknown_ca")) {
            return Kind.TLS_UNKNOWN_CA;
        }
        if (r.contains("no certificate sent") || r.contains("certificate") && (r.contains("expired")
                || r.contains("not yet valid") || r.contains("fingerprint"))) {
            return Kind.TLS_CERTIFICATE;
        }
        if (r.contains("timed out") || r.contains("not finished within") || r.contains("sent nothing for")
                || r.contains("timeout")) {
            return Kind.TIMEOUT;
        }
        if (r.contains("refused") && !r.contains("tls") && !r.contains("starttls")) {
            return Kind.REFUSED;
        }
        if (r.contains("no route") || r.contains("cannot resolve") || r.contains("unreachable")) {
            return Kind.UNREACHABLE;
        }
        if (r.contains("tls") || r.contains("certificate") || r.contains("handshake")) {
            return Kind.TLS_HANDSHAKE;
        }
        return Kind.OTHER;
    }
}
