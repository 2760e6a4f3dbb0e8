package org.dhcpv6.failover.core.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.dhcpv6.failover.api.Transport.PeerKind;
import org.dhcpv6.failover.core.testfixtures.RecordingHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 17, finding 2: what the plain listener does with connections that never send a whole
 * frame, with strangers, with a flood from the partner's own address, and when accept fails.
 */
class TcpListenerAdmissionTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private final List<Socket> sockets = new ArrayList<>();
    private TcpTransport transport;

    @AfterEach
    void close() throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
        if (transport != null) {
            transport.close();
        }
    }

    /** Before: a connection that never completes a frame was kept forever. */
    @Test
    void silentConnectionIsClosedAfterTheFirstFrameTimeout() throws Exception {
        transport = TcpTransport.insecurePlaintextBuilder().firstFrameTimeout(Duration.ofMillis(300)).build();
        InetSocketAddress address = listen(new Handler(PeerKind.UNCHECKED));
        Socket silent = connect(address);
        Socket partial = connect(address);
        partial.getOutputStream().write(new byte[] {(byte) 0xff, (byte) 0xff, 1, 2, 3});
        assertTrue(closedByServer(silent), "silent connection still open");
        assertTrue(closedByServer(partial), "connection with a partial 64 KiB frame still open");
    }

    /** Before: the partner check ran in onOpen, after the first frame, so a stranger was kept. */
    @Test
    void strangerIsClosedAtAcceptWithoutBeingReported() throws Exception {
        transport = TcpTransport.insecurePlaintext();
        Handler handler = new Handler(PeerKind.NOT_A_PARTNER);
        InetSocketAddress address = listen(handler);
        assertTrue(refused(address), "connection from a stranger not closed at accept");
        assertNull(handler.opened.poll(200, TimeUnit.MILLISECONDS), "a stranger reached onOpen");
    }

    /** Before: no overall cap; every silent connection was kept. */
    @Test
    void unauthenticatedConnectionsAreCappedInAll() throws Exception {
        transport = TcpTransport.insecurePlaintextBuilder().maxUnauthenticated(3).maxPendingPerAddress(2)
                .firstFrameTimeout(Duration.ofMinutes(1)).build();
        Handler handler = new Handler(PeerKind.UNCHECKED);
        InetSocketAddress address = listen(handler);
        for (int i = 0; i < 3; i++) {
            connectFrom(address, i + 2);
            handler.awaitOpen();
        }
        assertTrue(refused(address, 10), "a fourth silent connection was admitted past the cap of 3");
        assertTrue(refused(address, 2), "a third silent connection from one address was admitted");
    }

    /**
     * A silent peer on the partner's address fills the partner's reserve; the real partner's
     * connection still gets in, displacing the oldest silent one, and is served (finding 4).
     */
    @Test
    void partnerAddressAlwaysGetsInByDisplacingItsOldestSilentConnection() throws Exception {
        transport = TcpTransport.insecurePlaintextBuilder().maxUnauthenticated(1).maxPendingPerAddress(2)
                .firstFrameTimeout(Duration.ofMinutes(1)).build();
        Handler handler = new Handler(PeerKind.CONFIGURED_PARTNER);
        InetSocketAddress address = listen(handler);
        Socket oldest = connect(address);
        handler.awaitOpen();
        Socket younger = connect(address);
        handler.awaitOpen();
        Socket partner = connect(address);
        handler.awaitOpen();
        assertTrue(closedByServer(oldest), "the oldest silent connection was not displaced");
        partner.getOutputStream().write(new byte[] {0, 3, 7, 8, 9});
        assertArrayEquals(new byte[] {7, 8, 9}, handler.awaitMessage());
        younger.setSoTimeout(300);
        assertFalse(closedByServer(younger), "the younger silent connection should still be held");
    }

    /**
     * Before: a failed accept returned to the selector, which fired again at once (100 % CPU and
     * one log line per spin). Now accepting pauses with a back-off and resumes by itself.
     */
    @Test
    void failingAcceptBacksOffAndRecovers() throws Exception {
        AtomicBoolean failing = new AtomicBoolean(true);
        AtomicInteger failures = new AtomicInteger();
        transport = TcpTransport.insecurePlaintextBuilder().acceptor(channel -> {
            if (failing.get()) {
                failures.incrementAndGet();
                throw new IOException("Too many open files");
            }
            return channel.accept();
        }).build();
        Handler handler = new Handler(PeerKind.UNCHECKED);
        InetSocketAddress address = listen(handler);
        Socket waiting = connect(address);
        Thread.sleep(1_000);
        int failed = failures.get();
        // 50 + 100 + 200 + 400 ms of pauses fit in a second: about 5 tries, not a spin.
        assertTrue(failed >= 1 && failed <= 8, "accept tried " + failed + " times in 1 s");
        failing.set(false);
        handler.awaitOpen();
        waiting.getOutputStream().write(new byte[] {0, 1, 42});
        assertArrayEquals(new byte[] {42}, handler.awaitMessage());
    }

    private InetSocketAddress listen(Handler handler) throws Exception {
        return transport.listen(new InetSocketAddress(LOOPBACK, 0), handler).localAddress();
    }

    private Socket connect(InetSocketAddress address) throws IOException {
        Socket s = new Socket();
        sockets.add(s);
        s.connect(address, 5_000);
        s.setSoTimeout((int) TimeUnit.SECONDS.toMillis(RecordingHandler.WAIT_SECONDS));
        return s;
    }

    /** Connects from 127.0.0.{@code lastOctet} (IPv4 loopback is a whole /8) to an IPv4 listener. */
    private Socket connectFrom(InetSocketAddress address, int lastOctet) throws IOException {
        Socket s = new Socket();
        sockets.add(s);
        s.bind(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) lastOctet}), 0));
        s.connect(address, 5_000);
        return s;
    }

    private boolean refused(InetSocketAddress address) {
        try {
            return closedByServer(connect(address));
        } catch (IOException e) {
            return true; // reset before connect() returned
        }
    }

    private boolean refused(InetSocketAddress address, int lastOctet) {
        try {
            Socket s = connectFrom(address, lastOctet);
            s.setSoTimeout(5_000);
            return closedByServer(s);
        } catch (IOException e) {
            return true;
        }
    }

    /** True if the server closed the connection (EOF or reset) within the socket's timeout. */
    private static boolean closedByServer(Socket socket) {
        try {
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[1024];
            while (true) {
                if (in.read(buffer) < 0) {
                    return true;
                }
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    private static final class Handler extends RecordingHandler {
        private final PeerKind kind;

        Handler(PeerKind kind) {
            this.kind = kind;
        }

        @Override
        public PeerKind peerKind(InetSocketAddress remote) {
            return kind;
        }
    }
}
