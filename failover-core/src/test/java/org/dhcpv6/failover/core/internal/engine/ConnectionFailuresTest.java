package org.dhcpv6.failover.core.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.dhcpv6.failover.api.ConnectionFailure.Kind;
import org.junit.jupiter.api.Test;

/** The reasons the shipped transports write, sorted into kinds. */
class ConnectionFailuresTest {

    @Test
    void plainTcpReasons() {
        assertEquals(Kind.REFUSED, ConnectionFailures.classify("connection refused by [::1]:647"));
        assertEquals(Kind.UNREACHABLE, ConnectionFailures.classify("no route to [2001:db8::1]:647"));
        assertEquals(Kind.UNREACHABLE, ConnectionFailures.classify("cannot resolve dhcp-b.example"));
        assertEquals(Kind.TIMEOUT, ConnectionFailures.classify("cannot connect to [::1]:647: connect timed out"));
    }

    @Test
    void tlsReasons() {
        assertEquals(Kind.TLS_NAME_MISMATCH, ConnectionFailures.classify(
                "partner certificate does not name 'dhcp-b.example' (it names [dhcp-c.example])"));
        assertEquals(Kind.TLS_UNKNOWN_CA, ConnectionFailures.classify(
                "partner presented a certificate not signed by the configured trust anchor (Path does not chain)"));
        assertEquals(Kind.TLS_CERTIFICATE, ConnectionFailures.classify(
                "partner certificate for 'dhcp-b.example' expired 2026-01-01T00:00:00Z"));
        assertEquals(Kind.TLS_CERTIFICATE, ConnectionFailures.classify("no certificate sent by partner"));
        assertEquals(Kind.TIMEOUT, ConnectionFailures.classify("TLS handshake not finished within PT10S; partner stalled"));
        assertEquals(Kind.TLS_HANDSHAKE, ConnectionFailures.classify(
                "partner refused the TLS handshake with alert unknown_ca (the partner did not accept our certificate)"
                        .replace("unknown_ca", "bad_certificate")));
        assertEquals(Kind.TLS_HANDSHAKE, ConnectionFailures.classify("partner refused STARTTLS (TLSConnectionRefused)"));
    }

    @Test
    void anythingElseIsOtherNeverAnError() {
        assertEquals(Kind.OTHER, ConnectionFailures.classify("transport closed"));
        assertEquals(Kind.OTHER, ConnectionFailures.classify(""));
        assertEquals(Kind.OTHER, ConnectionFailures.classify(null));
    }
}
