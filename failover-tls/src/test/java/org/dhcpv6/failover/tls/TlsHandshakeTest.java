package org.dhcpv6.failover.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.dhcpv6.failover.api.Transport;
import org.dhcpv6.failover.api.Transport.Connection;
import org.dhcpv6.failover.core.testfixtures.RecordingHandler;
import org.dhcpv6.failover.core.transport.ListenerHandle;
import org.dhcpv6.failover.core.transport.TcpTransport;
import org.dhcpv6.failover.core.internal.wire.Frames;
import org.dhcpv6.failover.core.internal.wire.MessageCodec;
import org.dhcpv6.failover.core.internal.wire.StartTls;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The handshake and every way it is refused, with the sentence each refusal produces. */
class TlsHandshakeTest {

    private static final Instant NOW = Instant.now();
    private static final byte[] START_TLS_FRAME = Frames.frame(MessageCodec.encode(StartTls.of(42)));

    private final RecordingHandler serverEvents = new RecordingHandler();
    private final RecordingHandler clientEvents = new RecordingHandler();
    private Transport server;
    private TlsTransport client;
    private InetSocketAddress address;

    @AfterEach
    void close() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private void listen(Transport transport) throws Exception {
        server = transport;
        AutoCloseable handle = server.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), serverEvents);
        address = ((ListenerHandle) handle).localAddress();
    }

    private void listen(TlsSettings settings) throws Exception {
        listen(TlsTransport.create(settings));
    }

    private String connectFails(TlsSettings clientSettings) throws InterruptedException {
        client = TlsTransport.create(clientSettings);
        client.connect(address, clientEvents);
        String reason = clientEvents.awaitConnectFailed();
        assertNull(clientEvents.opened.poll(), "no onOpen after a refusal");
        return reason;
    }

    private void assertServerSawNothing() throws InterruptedException {
        assertNull(serverEvents.opened.poll(200, TimeUnit.MILLISECONDS), "server must not report onOpen");
        assertTrue(serverEvents.messages.isEmpty(), "server must not deliver any message");
    }

    private static IssuedCertificate b(Instant from, Instant until) {
        return TlsFixtures.CA.issue("dhcp-b").dnsNames("dhcp-b.example").validity(from, until).sign();
    }

    @Test
    void goodPairExchangesFramedMessagesBothWays() throws Exception {
        listen(TlsFixtures.secondary());
        client = TlsTransport.create(TlsFixtures.primary());
        client.connect(address, clientEvents);
        Connection primary = clientEvents.awaitOpen();
        Connection secondary = serverEvents.awaitOpen();
        primary.send(new byte[] {5, 0, 0, 1});
        assertArrayEquals(new byte[] {5, 0, 0, 1}, serverEvents.awaitMessage());
        secondary.send(new byte[] {6, 0, 0, 1, 9});
        assertArrayEquals(new byte[] {6, 0, 0, 1, 9}, clientEvents.awaitMessage());
    }

    @Test
    void rsaKeysWorkToo() throws Exception {
        IssuedCertificate rsaB = TlsFixtures.CA.issue("dhcp-b").dnsNames("dhcp-b.example")
                .keyAlgorithm(KeyAlgorithm.RSA_2048).sign();
        listen(TlsFixtures.settings(rsaB, "dhcp-a.example").build());
        client = TlsTransport.create(TlsFixtures.primary());
        client.connect(address, clientEvents);
        clientEvents.awaitOpen().send(new byte[] {1});
        assertArrayEquals(new byte[] {1}, serverEvents.awaitMessage());
    }

    @Test
    void unknownCa() throws Exception {
        IssuedCertificate stranger = CertificateAuthority.create("Other CA").issue("dhcp-b")
                .dnsNames("dhcp-b.example").sign();
        listen(TlsFixtures.settings(stranger, "dhcp-a.example").build());
        String reason = connectFails(TlsFixtures.primary());
        assertTrue(reason.startsWith("partner presented a certificate not signed by the configured trust anchor"),
                reason);
        assertServerSawNothing();
    }

    @Test
    void wrongPartnerName() throws Exception {
        listen(TlsFixtures.secondary());
        String reason = connectFails(TlsFixtures.settings(TlsFixtures.A, "dhcp-c.example").build());
        assertEquals("partner certificate does not name 'dhcp-c.example' (it names [dhcp-b.example])", reason);
        assertServerSawNothing();
    }

    @Test
    void expiredCertificate() throws Exception {
        Instant until = Instant.parse("2026-10-01T00:00:00Z").isBefore(NOW)
                ? Instant.parse("2026-10-01T00:00:00Z") : NOW.minus(Duration.ofDays(1));
        listen(TlsFixtures.settings(b(until.minus(Duration.ofDays(90)), until), "dhcp-a.example").build());
        String reason = connectFails(TlsFixtures.primary());
        assertEquals("partner certificate for 'dhcp-b.example' expired " + until, reason);
        assertServerSawNothing();
    }

    @Test
    void notYetValidCertificate() throws Exception {
        Instant from = NOW.plus(Duration.ofDays(2)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        listen(TlsFixtures.settings(b(from, from.plus(Duration.ofDays(90))), "dhcp-a.example").build());
        String reason = connectFails(TlsFixtures.primary());
        assertEquals("partner certificate for 'dhcp-b.example' is not yet valid until " + from, reason);
        assertServerSawNothing();
    }

    @Test
    void pinnedFingerprintMismatch() throws Exception {
        listen(TlsFixtures.secondary());
        String reason = connectFails(TlsSettings.builder().identity(TlsFixtures.A)
                .pinnedFingerprint(TlsFixtures.A.sha256Fingerprint()).build());
        assertEquals("partner certificate fingerprint mismatch: expected " + TlsFixtures.A.sha256Fingerprint()
                + ", got " + TlsFixtures.B.sha256Fingerprint(), reason);
        assertServerSawNothing();
    }

    @Test
    void pinnedFingerprintMatch() throws Exception {
        listen(TlsFixtures.secondary());
        client = TlsTransport.create(TlsSettings.builder().identity(TlsFixtures.A)
                .pinnedFingerprint(TlsFixtures.B.sha256Fingerprint()).build());
        client.connect(address, clientEvents);
        assertNotNull(clientEvents.awaitOpen());
        assertNotNull(serverEvents.awaitOpen());
    }

    @Test
    void serverRefusesAClientCertificateItDoesNotAccept() throws Exception {
        listen(TlsFixtures.secondary());
        IssuedCertificate expiredA = TlsFixtures.CA.issue("dhcp-a").dnsNames("dhcp-a.example")
                .validity(NOW.minus(Duration.ofDays(30)), NOW.minus(Duration.ofDays(1))).sign();
        client = TlsTransport.create(TlsFixtures.settings(expiredA, "dhcp-b.example").build());
        client.connect(address, clientEvents);
        // TLS 1.3 lets the client finish first, so the refusal shows as a failure or a close.
        String reason = null;
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(RecordingHandler.WAIT_SECONDS);
        while (reason == null && System.nanoTime() < end) {
            reason = clientEvents.connectFailures.poll(20, TimeUnit.MILLISECONDS);
            if (reason == null) {
                reason = clientEvents.closeReasons.poll(20, TimeUnit.MILLISECONDS);
            }
        }
        assertNotNull(reason, "client told of the refusal");
        assertTrue(reason.contains("did not accept our certificate"), reason);
        assertServerSawNothing();
    }

    @Test
    void clientWithoutCertificateIsRefused() throws Exception {
        listen(TlsFixtures.secondary());
        try (RawPeer peer = new RawPeer(address)) {
            peer.sendStartTls();
            assertEquals(6, peer.readReplyFrame().length);
            try {
                var protocol = peer.handshakeWithoutCertificate();
                OutputStream out = protocol.getOutputStream();
                out.write(new byte[] {0, 4, 5, 0, 0, 1});
                out.flush();
                assertTrue(protocol.getInputStream().read() < 0, "server must end the session");
            } catch (IOException expected) {
                // Refused inside the handshake (TLS 1.2 order) or right after it (TLS 1.3).
            }
        }
        assertServerSawNothing();
    }

    @Test
    void plaintextPeerIsClosed() throws Exception {
        listen(TlsFixtures.secondary());
        try (RawPeer peer = new RawPeer(address)) {
            peer.sendConnect();
            assertTrue(peer.closedByServer());
        }
        assertServerSawNothing();
    }

    @Test
    void secureClientAgainstInsecureListener() throws Exception {
        listen(InsecureStartTlsRefuser.wrap(TcpTransport.insecurePlaintext()));
        String reason = connectFails(TlsFixtures.primary());
        assertTrue(reason.startsWith("partner refused TLS (TLSConnectionRefused)"), reason);
        assertServerSawNothing();
    }

    @Test
    void insecureListenerStillServesPlainPartners() throws Exception {
        listen(InsecureStartTlsRefuser.wrap(TcpTransport.insecurePlaintext()));
        try (Transport plain = TcpTransport.insecurePlaintext()) {
            plain.connect(address, clientEvents);
            clientEvents.awaitOpen().send(new byte[] {5, 0, 0, 1, 0, 0, 0, 0});
            assertNotNull(serverEvents.awaitOpen());
            assertArrayEquals(new byte[] {5, 0, 0, 1, 0, 0, 0, 0}, serverEvents.awaitMessage());
        }
    }

    @Test
    void peerStallingAfterStartTlsIsClosedAfterTheTimeout() throws Exception {
        listen(TlsFixtures.settings(TlsFixtures.B, "dhcp-a.example").handshakeTimeout(Duration.ofMillis(500)).build());
        try (RawPeer peer = new RawPeer(address)) {
            peer.sendStartTls();
            peer.readReplyFrame();
            assertTrue(peer.closedByServer());
        }
        assertServerSawNothing();
    }

    @Test
    void peerSendingHalfAClientHelloIsClosedAfterTheTimeout() throws Exception {
        listen(TlsFixtures.settings(TlsFixtures.B, "dhcp-a.example").handshakeTimeout(Duration.ofMillis(500)).build());
        try (RawPeer peer = new RawPeer(address)) {
            peer.sendStartTls();
            peer.readReplyFrame();
            peer.sendRaw(new byte[] {0x16, 0x03, 0x01, 0x01, 0x00, 0x01, 0x00, 0x00, (byte) 0xfc, 0x03, 0x03});
            assertTrue(peer.closedByServer());
        }
        assertServerSawNothing();
    }

    @Test
    void connectionsPerPartnerAddressAreCapped() throws Exception {
        listen(TlsFixtures.settings(TlsFixtures.B, "dhcp-a.example").maxConnectionsPerPartner(1).build());
        try (RawPeer first = new RawPeer(address)) {
            first.sendStartTls();
            first.readReplyFrame();
            assertTrue(RawPeer.refusedAt(address), "second connection from the same address is closed");
        }
    }

    @Test
    void idleConnectionIsClosed() throws Exception {
        listen(TlsFixtures.settings(TlsFixtures.B, "dhcp-a.example").idleTimeout(Duration.ofMillis(300)).build());
        client = TlsTransport.create(TlsFixtures.primary());
        client.connect(address, clientEvents);
        clientEvents.awaitOpen();
        serverEvents.awaitOpen();
        String reason = serverEvents.awaitClose();
        assertTrue(reason.contains("idle"), reason);
        assertFalse(clientEvents.awaitClose().isBlank());
    }

    /**
     * ServerSocket.close() alone leaves the port listening until the accept thread leaves
     * accept(), and that thread may even be handed the next connection; on a busy machine (here:
     * more spinning threads than cores) that happened in most rounds. close() must return only
     * once the port refuses.
     */
    @Test
    void closedListenerRefusesAtOnceEvenOnABusyMachine() throws Exception {
        server = TlsTransport.create(TlsFixtures.secondary());
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> spinners = new ArrayList<>();
        for (int i = 0; i < 2 * Runtime.getRuntime().availableProcessors() + 2; i++) {
            Thread spinner = new Thread(() -> {
                while (!stop.get()) {
                    Thread.onSpinWait();
                }
            }, "spinner-" + i);
            spinner.setDaemon(true);
            spinner.start();
            spinners.add(spinner);
        }
        try {
            for (int round = 0; round < 50; round++) {
                ListenerHandle handle = (ListenerHandle) server.listen(
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), serverEvents);
                InetSocketAddress bound = handle.localAddress();
                Thread.sleep(5); // lets the accept thread block in accept()
                handle.close();
                try (Socket socket = new Socket()) {
                    socket.connect(bound, 2000);
                    // Connected anyway: then the listener must at least not serve it.
                    socket.setSoTimeout(3000);
                    socket.getOutputStream().write(START_TLS_FRAME);
                    assertEquals(-1, readOrEof(socket), "round " + round + ": closed listener served a connection");
                } catch (java.net.ConnectException expected) {
                    // refused: what a closed port does
                }
            }
        } finally {
            stop.set(true);
            for (Thread spinner : spinners) {
                spinner.join();
            }
        }
        assertServerSawNothing();
    }

    private static int readOrEof(Socket socket) throws IOException {
        try {
            return socket.getInputStream().read();
        } catch (java.net.SocketException reset) {
            return -1;
        }
    }

    /**
     * A peer that closes before answering STARTTLS fails the connect at once, not after the
     * handshake timeout (30 s here, far beyond the 5 s the handler waits).
     */
    @Test
    void peerClosingBeforeStartTlsReplyFailsTheConnectAtOnce() throws Exception {
        TlsSettings patient = TlsFixtures.settings(TlsFixtures.A, "dhcp-b.example")
                .handshakeTimeout(Duration.ofSeconds(30)).build();
        for (boolean readFirst : new boolean[] {false, true}) {
            RecordingHandler events = new RecordingHandler();
            try (ServerSocket peer = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                    TlsTransport primary = TlsTransport.create(patient)) {
                Thread closer = new Thread(() -> {
                    try (Socket accepted = peer.accept()) {
                        if (readFirst) {
                            accepted.getInputStream().readNBytes(START_TLS_FRAME.length);
                        }
                    } catch (IOException e) {
                        // the test fails on the client side if this matters
                    }
                }, "closing-peer");
                closer.start();
                long start = System.nanoTime();
                primary.connect((InetSocketAddress) peer.getLocalSocketAddress(), events);
                String reason = events.awaitConnectFailed();
                long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                assertTrue(millis < 4000, "took " + millis + " ms: " + reason);
                assertTrue(reason.startsWith("partner closed the connection"), reason);
                assertNull(events.opened.poll());
                closer.join();
            }
        }
    }

    @Test
    void unusedIssuedListIsImmutable() {
        assertEquals(List.of(TlsFixtures.A.leaf(), TlsFixtures.CA.certificate()), TlsFixtures.A.chain());
    }
}
