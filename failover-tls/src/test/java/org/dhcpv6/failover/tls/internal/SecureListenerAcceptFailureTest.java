package org.dhcpv6.failover.tls.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.dhcpv6.failover.core.testfixtures.RecordingHandler;
import org.dhcpv6.failover.tls.CertificateAuthority;
import org.dhcpv6.failover.tls.IssuedCertificate;
import org.dhcpv6.failover.tls.TlsSettings;
import org.dhcpv6.failover.tls.TlsTransport;
import org.junit.jupiter.api.Test;

/**
 * Issue 17, finding 3: when file descriptors ran out, the TLS listener's accept loop returned
 * ("listener ... stopped: Too many open files") and never accepted again. Here accept fails as
 * EMFILE makes it fail; the listener must pause, not spin, and serve the partner once it passes.
 */
class SecureListenerAcceptFailureTest {

    private static final CertificateAuthority CA = CertificateAuthority.create("Accept Failure CA");
    private static final IssuedCertificate A = CA.issue("dhcp-a").dnsNames("dhcp-a.example").sign();
    private static final IssuedCertificate B = CA.issue("dhcp-b").dnsNames("dhcp-b.example").sign();

    @Test
    void listenerSurvivesFailingAccepts() throws Exception {
        AtomicBoolean failing = new AtomicBoolean(true);
        AtomicInteger failures = new AtomicInteger();
        ServerSocket flaky = new ServerSocket() {
            @Override
            public Socket accept() throws IOException {
                if (failing.get()) {
                    failures.incrementAndGet();
                    throw new IOException("Too many open files");
                }
                return super.accept();
            }
        };
        TransportRuntime runtime = new TransportRuntime(settings(B, "dhcp-a.example"));
        RecordingHandler serverEvents = new RecordingHandler();
        SecureListener listener = SecureListener.start(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), runtime, serverEvents, flaky);
        try (TlsTransport primary = TlsTransport.create(settings(A, "dhcp-b.example"))) {
            Thread.sleep(1_000);
            int failed = failures.get();
            assertTrue(failed >= 1 && failed <= 8, "accept tried " + failed + " times in 1 s");
            failing.set(false);
            RecordingHandler primaryEvents = new RecordingHandler();
            primary.connect(listener.localAddress(), primaryEvents);
            primaryEvents.awaitOpen();
            serverEvents.awaitOpen();
        } finally {
            runtime.close();
        }
    }

    private static TlsSettings settings(IssuedCertificate own, String partner) {
        return TlsSettings.builder().identity(own).trustAnchors(List.of(CA.certificate())).partnerName(partner)
                .handshakeTimeout(Duration.ofSeconds(10)).build();
    }
}
