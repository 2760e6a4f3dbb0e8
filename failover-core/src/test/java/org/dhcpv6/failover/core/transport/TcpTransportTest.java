package org.dhcpv6.failover.core.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.dhcpv6.failover.api.Transport;
import org.dhcpv6.failover.api.Transport.Connection;
import org.dhcpv6.failover.core.testfixtures.RecordingHandler;
import org.dhcpv6.failover.core.testfixtures.TransportContractTest;
import org.dhcpv6.failover.core.internal.wire.Frames;
import org.junit.jupiter.api.Test;

/** The transport contract for plain TCP, plus what only a raw socket can provoke. */
class TcpTransportTest extends TransportContractTest {

    private static final int SMALL_MAX_FRAME = 100;
    /** Far below the transport's own 5 s stop wait, so a thread that only ends late still fails. */
    private static final long JOIN_MILLIS = 1_000;

    @Override
    protected Transport newServerTransport() {
        return TcpTransport.insecurePlaintext();
    }

    @Override
    protected Transport newClientTransport() {
        return TcpTransport.insecurePlaintext();
    }

    @Test
    void refusedConnectNamesTheAddress() throws Exception {
        InetSocketAddress closed;
        try (ServerSocket socket = new ServerSocket(0, 1, loopbackAddress())) {
            closed = new InetSocketAddress(loopbackAddress(), socket.getLocalPort());
        }
        client.connect(closed, clientEvents);
        assertEquals("connection refused by " + Addresses.describe(closed),
                clientEvents.awaitConnectFailed());
    }

    @Test
    void zeroSizeFrameClosesOnlyThatConnection() throws Exception {
        try (TcpTransport strict = strictServer(); Socket raw = new Socket()) {
            RecordingHandler events = new RecordingHandler();
            InetSocketAddress address = strict.listen(loopback(), events).localAddress();
            client.connect(address, clientEvents);
            Connection good = clientEvents.awaitOpen();
            events.awaitOpen();

            raw.connect(address);
            events.awaitOpen();
            // One good 5-octet frame, then in a later read a size of 0 at stream offset 7. Sent
            // apart because a framing error drops the frames completed in the same read.
            raw.getOutputStream().write(new byte[] {0, 5, 1, 2, 3, 4, 5});
            assertArrayEquals(new byte[] {1, 2, 3, 4, 5}, events.awaitMessage());
            raw.getOutputStream().write(new byte[] {0, 0});
            assertEquals("malformed frame at offset 7: frame size 0 is outside 1..100",
                    events.awaitClose());
            assertPeerClosed(raw);

            good.send(pattern(4, 50));
            assertArrayEquals(pattern(4, 50), events.awaitMessage());
        }
    }

    @Test
    void frameAboveTheMaximumClosesTheConnection() throws Exception {
        try (TcpTransport strict = strictServer(); Socket raw = new Socket()) {
            RecordingHandler events = new RecordingHandler();
            raw.connect(strict.listen(loopback(), events).localAddress());
            events.awaitOpen();
            raw.getOutputStream().write(new byte[] {0, (byte) (SMALL_MAX_FRAME + 1)});
            assertEquals("malformed frame at offset 0: frame size 101 is outside 1..100",
                    events.awaitClose());
            assertPeerClosed(raw);
        }
    }

    @Test
    void framesSplitAndJoinedByTheStreamArriveWhole() throws Exception {
        try (Socket raw = new Socket()) {
            raw.setTcpNoDelay(true);
            raw.connect(boundAddress(listener));
            serverEvents.awaitOpen();
            OutputStream out = raw.getOutputStream();
            ByteBuffer three = ByteBuffer.allocate(3 * 12);
            for (int i = 0; i < 3; i++) {
                three.put(Frames.frame(pattern(i, 10)));
            }
            out.write(three.array());
            for (byte octet : Frames.frame(pattern(9, 300))) {
                out.write(octet);
                out.flush();
            }
            for (int i = 0; i < 3; i++) {
                assertArrayEquals(pattern(i, 10), serverEvents.awaitMessage());
            }
            assertArrayEquals(pattern(9, 300), serverEvents.awaitMessage());
        }
    }

    @Test
    void partnerThatStopsReadingHitsTheOutboundLimit() throws Exception {
        TcpTransport limited = TcpTransport.insecurePlaintextBuilder()
                .maxQueuedBytes(256 * 1024)
                .build();
        try (limited; Socket raw = new Socket()) {
            raw.setReceiveBufferSize(4096);
            RecordingHandler events = new RecordingHandler();
            raw.connect(limited.listen(loopback(), events).localAddress());
            Connection toStalled = events.awaitOpen();
            byte[] message = pattern(1, 1024);
            // The kernel's buffers take some megabytes first; the cap only guards against a bug.
            for (int i = 0; i < 1_000_000 && toStalled.isOpen(); i++) {
                toStalled.send(message);
            }
            assertFalse(toStalled.isOpen());
            String reason = events.awaitClose();
            assertTrue(reason.startsWith("outbound queue limit of 262144 octets exceeded"), reason);
        }
    }

    @Test
    void handlerExceptionsDoNotStopTheConnection() throws Exception {
        RecordingHandler events = new RecordingHandler() {
            @Override
            public void onMessage(Connection connection, byte[] message) {
                super.onMessage(connection, message);
                throw new IllegalStateException("handler bug (expected by the test)");
            }
        };
        try (TcpTransport other = TcpTransport.insecurePlaintext()) {
            client.connect(other.listen(loopback(), events).localAddress(), clientEvents);
            Connection connection = clientEvents.awaitOpen();
            connection.send(pattern(1, 20));
            connection.send(pattern(2, 20));
            assertArrayEquals(pattern(1, 20), events.awaitMessage());
            assertArrayEquals(pattern(2, 20), events.awaitMessage());
            assertTrue(connection.isOpen());
        }
    }

    @Test
    void closingTheTransportClosesConnectionsAndStopsTheThread() throws Exception {
        Connection[] pair = connectPair();
        Thread clientIo = ((TcpTransport) client).ioThread();
        Thread serverIo = ((TcpTransport) server).ioThread();
        client.close();
        // close() promises the thread has ended when it returns; the short bounded join only
        // keeps a regression from hanging the build, it must not be needed.
        clientIo.join(JOIN_MILLIS);
        assertFalse(clientIo.isAlive(), "client I/O thread still alive after close()");
        assertEquals("transport closed", clientEvents.awaitClose());
        assertEquals("closed by peer", serverEvents.awaitClose());
        assertFalse(pair[0].isOpen());
        server.close();
        serverIo.join(JOIN_MILLIS);
        assertFalse(serverIo.isAlive(), "server I/O thread still alive after close()");
        assertThrows(IllegalStateException.class, () -> client.connect(boundAddress(listener), clientEvents));
    }

    @Test
    void closeReturnsOnlyOnceTheThreadHasEnded() throws Exception {
        Connection[] pair = connectPair();
        pair[0].send(pattern(3, 40));
        Thread io = ((TcpTransport) client).ioThread();
        // slf4j-simple writes to whatever System.err is at the time, so the log can be read here.
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream stderr = System.err;
        long start = System.nanoTime();
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        try {
            client.close();
        } finally {
            System.setErr(stderr);
        }
        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        // Checked without any join: close() itself must have waited for the thread.
        assertFalse(io.isAlive(), "I/O thread still alive when close() returned");
        assertTrue(tookMillis < JOIN_MILLIS, "close() took " + tookMillis + " ms");
        String logged = log.toString(StandardCharsets.UTF_8);
        assertFalse(logged.contains("did not stop"), logged);
        // The send queued before close() is flushed before the connection is dropped.
        assertArrayEquals(pattern(3, 40), serverEvents.awaitMessage());
    }

    @Test
    void closeNeverWarnsThatTheThreadDidNotStop() throws Exception {
        // The old race (thread checked right after it signalled, before it returned) lost only
        // some of the time, so several transports are closed to give it many chances.
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream stderr = System.err;
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        try {
            for (int i = 0; i < 10; i++) {
                TcpTransport accepting = TcpTransport.insecurePlaintext();
                TcpTransport connecting = TcpTransport.insecurePlaintext();
                RecordingHandler accepted = new RecordingHandler();
                RecordingHandler connected = new RecordingHandler();
                connecting.connect(accepting.listen(loopback(), accepted).localAddress(), connected);
                connected.awaitOpen();
                accepted.awaitOpen();
                for (TcpTransport transport : new TcpTransport[] {connecting, accepting}) {
                    Thread io = transport.ioThread();
                    transport.close();
                    assertFalse(io.isAlive(), "I/O thread still alive when close() returned");
                }
            }
        } finally {
            System.setErr(stderr);
        }
        String logged = log.toString(StandardCharsets.UTF_8);
        assertFalse(logged.contains("did not stop"), logged);
    }

    @Test
    void builderRefusesNonsense() {
        assertThrows(IllegalArgumentException.class,
                () -> TcpTransport.insecurePlaintextBuilder().maxFrameSize(7));
        assertThrows(IllegalArgumentException.class,
                () -> TcpTransport.insecurePlaintextBuilder().maxFrameSize(65536));
        assertThrows(IllegalArgumentException.class,
                () -> TcpTransport.insecurePlaintextBuilder().maxQueuedBytes(1000));
    }

    private static TcpTransport strictServer() {
        return TcpTransport.insecurePlaintextBuilder().maxFrameSize(SMALL_MAX_FRAME).build();
    }

    /** The transport closed {@code raw}: reading gives end of stream (or a reset). */
    private static void assertPeerClosed(Socket raw) throws IOException {
        raw.setSoTimeout((int) (RecordingHandler.WAIT_SECONDS * 1000));
        InputStream in = raw.getInputStream();
        try {
            assertEquals(-1, in.read());
        } catch (java.net.SocketException reset) {
            // A reset also shows the connection is gone.
        }
    }
}
