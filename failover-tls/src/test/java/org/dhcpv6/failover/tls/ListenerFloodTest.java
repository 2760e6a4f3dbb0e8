package org.dhcpv6.failover.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.dhcpv6.failover.api.Transport.PeerKind;
import org.dhcpv6.failover.core.testfixtures.RecordingHandler;
import org.dhcpv6.failover.core.transport.ListenerHandle;
import org.dhcpv6.failover.core.transport.TcpTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 17, findings 2 to 4 on the TLS listener and the plaintext refuser: strangers are closed
 * at accept, silent peers cost bounded threads, and a silent peer on the partner's own address
 * cannot keep the partner out.
 */
class ListenerFloodTest {

    private static final InetAddress V4_LOOPBACK = loopback(1);

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    /** Before: each silent connection held a thread for its handshake (threads 34 -> 432). */
    @Test
    void silentConnectionsCostBoundedThreads() throws Exception {
        InetSocketAddress address = listenTls(TlsFixtures.settings(TlsFixtures.B, "dhcp-a.example")
                .handshakeTimeout(Duration.ofMinutes(1)).maxUnauthenticated(4).maxConnectionsPerPartner(2).build(),
                new Kind(PeerKind.UNCHECKED));
        int before = tlsThreads();
        int refused = 0;
        for (int i = 0; i < 30; i++) {
            Socket s = new Socket();
            toClose.add(s);
            s.bind(new InetSocketAddress(loopback(2 + i / 2), 0));
            try {
                s.connect(address, 5_000);
            } catch (IOException e) {
                refused++;
            }
        }
        Thread.sleep(500); // let the listener take every connection in
        int grown = tlsThreads() - before;
        // 4 + 2 handshake threads at most; before the fix, one per connection.
        assertTrue(grown <= 6, "transport threads grew by " + grown + " for 30 silent connections");
        assertTrue(refused <= 26, "refused at connect: " + refused);
    }

    /** Before: the partner check ran only after a full handshake. */
    @Test
    void strangerIsClosedBeforeAnyHandshake() throws Exception {
        Kind handler = new Kind(PeerKind.NOT_A_PARTNER);
        InetSocketAddress address = listenTls(TlsFixtures.secondary(), handler);
        try (RawPeer peer = new RawPeer(address)) {
            peer.sendStartTls();
            // A stranger hears no REPLY at all: closed at accept, before STARTTLS was read.
            assertEquals(0, readQuietly(peer).length, "a stranger got an answer");
        } catch (IOException e) {
            // reset while connecting or sending: refused, as wanted
        }
        assertNull(handler.opened.poll(200, TimeUnit.MILLISECONDS));
    }

    /**
     * Finding 4: a silent peer on the partner's address held all 4 slots and the real partner was
     * refused for a whole minute. Now the partner's connection displaces the oldest silent one.
     */
    @Test
    void silentPeerOnThePartnersAddressCannotKeepThePartnerOut() throws Exception {
        Kind handler = new Kind(PeerKind.CONFIGURED_PARTNER);
        InetSocketAddress address = listenTls(TlsFixtures.settings(TlsFixtures.B, "dhcp-a.example")
                .handshakeTimeout(Duration.ofMinutes(1)).build(), handler);
        for (int i = 0; i < TlsSettings.DEFAULT_MAX_CONNECTIONS_PER_PARTNER; i++) {
            RawPeer silent = new RawPeer(address);
            toClose.add(silent);
        }
        Thread.sleep(300); // all four are admitted and waiting for STARTTLS
        TlsTransport primary = TlsTransport.create(TlsFixtures.primary());
        toClose.add(primary);
        RecordingHandler primaryEvents = new RecordingHandler();
        primary.connect(address, primaryEvents);
        primaryEvents.awaitOpen();
        handler.awaitOpen();
    }

    /** Before: InsecureStartTlsRefuser held onOpen, and with it the partner check, until a frame. */
    @Test
    void plaintextRefuserChecksThePartnerAtAccept() throws Exception {
        TcpTransport plain = TcpTransport.insecurePlaintext();
        InsecureStartTlsRefuser refuser = InsecureStartTlsRefuser.wrap(plain);
        toClose.add(refuser);
        Kind handler = new Kind(PeerKind.NOT_A_PARTNER);
        ListenerHandle handle = (ListenerHandle) refuser.listen(new InetSocketAddress(V4_LOOPBACK, 0), handler);
        assertTrue(RawPeer.refusedAt(handle.localAddress()), "stranger kept open by the plaintext listener");
    }

    private InetSocketAddress listenTls(TlsSettings settings, Kind handler) throws Exception {
        TlsTransport server = TlsTransport.create(settings);
        toClose.add(server);
        return server.listen(new InetSocketAddress(V4_LOOPBACK, 0), handler).localAddress();
    }

    private static byte[] readQuietly(RawPeer peer) {
        try {
            return peer.socket.getInputStream().readNBytes(6);
        } catch (IOException e) {
            return new byte[0];
        }
    }

    private static int tlsThreads() {
        return (int) Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("failover-tls-")).count();
    }

    private static InetAddress loopback(int lastOctet) {
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) lastOctet});
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static final class Kind extends RecordingHandler {
        private final PeerKind kind;

        Kind(PeerKind kind) {
            this.kind = kind;
        }

        @Override
        public PeerKind peerKind(InetSocketAddress remote) {
            return kind;
        }
    }
}
