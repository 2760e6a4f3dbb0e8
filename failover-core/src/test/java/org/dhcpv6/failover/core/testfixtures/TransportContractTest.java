package org.dhcpv6.failover.core.testfixtures;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.dhcpv6.failover.api.Transport;
import org.dhcpv6.failover.api.Transport.Connection;
import org.dhcpv6.failover.core.transport.ListenerHandle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link Transport} must show, written once (STYLE 25). A module with a
 * transport extends this class and supplies the two factories; the cases run over loopback.
 *
 * <p>Transports are expected to return a {@link ListenerHandle} from {@code listen}; a transport
 * that does not can override {@link #boundAddress}.
 */
public abstract class TransportContractTest {

    private static final int MAX_MESSAGE = 65535;

    /** The transport that listens; a fresh one per test, closed after it. */
    protected Transport server;
    /** The transport that connects; a fresh one per test, closed after it. */
    protected Transport client;
    /** Events seen by the listening side. */
    protected RecordingHandler serverEvents;
    /** Events seen by the connecting side. */
    protected RecordingHandler clientEvents;
    /** The running listener of {@link #server}. */
    protected AutoCloseable listener;

    /** A new transport for the listening side. */
    protected abstract Transport newServerTransport() throws Exception;

    /** A new transport for the connecting side. */
    protected abstract Transport newClientTransport() throws Exception;

    /** Loopback with port 0: {@code [::1]} when the host has IPv6 loopback, else 127.0.0.1. */
    protected InetSocketAddress loopback() {
        return new InetSocketAddress(loopbackAddress(), 0);
    }

    /** The address {@code listener} is bound to. */
    protected InetSocketAddress boundAddress(AutoCloseable listenerHandle) {
        if (listenerHandle instanceof ListenerHandle handle) {
            return handle.localAddress();
        }
        throw new AssertionError("listen() did not return a ListenerHandle; override boundAddress()");
    }

    @BeforeEach
    void startTransports() throws Exception {
        server = newServerTransport();
        client = newClientTransport();
        serverEvents = new RecordingHandler();
        clientEvents = new RecordingHandler();
        listener = server.listen(loopback(), serverEvents);
    }

    @AfterEach
    void closeTransports() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /** Connects the client to the server and returns {client side, server side}. */
    protected Connection[] connectPair() throws InterruptedException {
        client.connect(boundAddress(listener), clientEvents);
        Connection clientSide = clientEvents.awaitOpen();
        Connection serverSide = serverEvents.awaitOpen();
        return new Connection[] {clientSide, serverSide};
    }

    @Test
    void reportsAddressesOfBothEnds() throws Exception {
        Connection[] pair = connectPair();
        assertTrue(pair[0].isOpen());
        assertTrue(pair[1].isOpen());
        assertEquals(boundAddress(listener), pair[0].remoteAddress());
        assertEquals(pair[0].localAddress(), pair[1].remoteAddress());
    }

    @Test
    void exchangesManyMessagesBothWaysInOrder() throws Exception {
        Connection[] pair = connectPair();
        List<byte[]> sent = randomMessages(new SplittableRandom(8156), 1000);
        // Sent in batches so the test measures ordering and integrity, not the outbound limit.
        sendAndExpect(pair[0], serverEvents, sent);
        sendAndExpect(pair[1], clientEvents, sent);
    }

    @Test
    void messagesWrittenTogetherArriveWhole() throws Exception {
        Connection[] pair = connectPair();
        List<byte[]> sent = new ArrayList<>();
        for (int i = 1; i <= 200; i++) {
            sent.add(pattern(i, i % 37 + 1));
        }
        sent.forEach(pair[0]::send);
        for (byte[] expected : sent) {
            assertArrayEquals(expected, serverEvents.awaitMessage());
        }
    }

    @Test
    void carriesTheLargestMessage() throws Exception {
        Connection[] pair = connectPair();
        byte[] largest = pattern(7, MAX_MESSAGE);
        pair[0].send(largest);
        assertArrayEquals(largest, serverEvents.awaitMessage());
        pair[1].send(largest);
        assertArrayEquals(largest, clientEvents.awaitMessage());
    }

    @Test
    void connectToClosedPortReportsFailure() throws Exception {
        InetSocketAddress closed;
        try (ServerSocket socket = new ServerSocket(0, 1, loopbackAddress())) {
            closed = new InetSocketAddress(loopbackAddress(), socket.getLocalPort());
        }
        client.connect(closed, clientEvents);
        String reason = clientEvents.awaitConnectFailed();
        assertFalse(reason.isBlank());
        assertNull(clientEvents.opened.poll());
    }

    @Test
    void peerCloseIsReportedOnceOnBothSides() throws Exception {
        Connection[] pair = connectPair();
        pair[0].close();
        clientEvents.awaitClose();
        serverEvents.awaitClose();
        assertFalse(pair[0].isOpen());
        assertFalse(pair[1].isOpen());
        pair[0].close();
        pair[1].close();
        // Closing the transports stops their threads, so no callback can still be on its way.
        client.close();
        server.close();
        assertEquals(1, clientEvents.closeCount(pair[0]));
        assertEquals(1, serverEvents.closeCount(pair[1]));
    }

    @Test
    void closeSendsWhatIsQueuedFirst() throws Exception {
        Connection[] pair = connectPair();
        List<byte[]> sent = randomMessages(new SplittableRandom(647), 100);
        sent.forEach(pair[0]::send);
        pair[0].close();
        for (byte[] expected : sent) {
            assertArrayEquals(expected, serverEvents.awaitMessage());
        }
        serverEvents.awaitClose();
    }

    @Test
    void sendAfterCloseIsDroppedSilently() throws Exception {
        Connection[] pair = connectPair();
        pair[0].send(pattern(1, 10));
        pair[0].close();
        pair[0].send(pattern(2, 10));
        assertFalse(pair[0].isOpen());
        assertArrayEquals(pattern(1, 10), serverEvents.awaitMessage());
        serverEvents.awaitClose();
        assertTrue(serverEvents.messages.isEmpty());
    }

    @Test
    void closedListenerStopsAcceptingButKeepsConnections() throws Exception {
        Connection[] pair = connectPair();
        InetSocketAddress address = boundAddress(listener);
        listener.close();
        client.connect(address, clientEvents);
        clientEvents.awaitConnectFailed();
        pair[0].send(pattern(3, 100));
        assertArrayEquals(pattern(3, 100), serverEvents.awaitMessage());
    }

    @Test
    void concurrentSendersKeepEachMessageWhole() throws Exception {
        Connection[] pair = connectPair();
        int threads = 8;
        int perThread = 250;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> senders = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            Thread sender = new Thread(() -> {
                awaitQuietly(start);
                for (int seq = 0; seq < perThread; seq++) {
                    pair[0].send(tagged(id, seq));
                }
            }, "sender-" + t);
            sender.start();
            senders.add(sender);
        }
        start.countDown();
        int[] nextSeq = new int[threads];
        for (int i = 0; i < threads * perThread; i++) {
            byte[] message = serverEvents.awaitMessage();
            int id = message[0];
            int seq = ((message[1] & 0xff) << 8) | (message[2] & 0xff);
            assertArrayEquals(tagged(id, seq), message, "message torn");
            assertEquals(nextSeq[id]++, seq, "order of sender " + id);
        }
        for (Thread sender : senders) {
            sender.join(TimeUnit.SECONDS.toMillis(RecordingHandler.WAIT_SECONDS));
        }
    }

    /** Sends {@code messages} on {@code from} in batches and checks each arrives at {@code to}. */
    public static void sendAndExpect(Connection from, RecordingHandler to, List<byte[]> messages)
            throws InterruptedException {
        int batch = 100;
        for (int start = 0; start < messages.size(); start += batch) {
            List<byte[]> slice = messages.subList(start, Math.min(messages.size(), start + batch));
            slice.forEach(from::send);
            for (byte[] expected : slice) {
                assertArrayEquals(expected, to.awaitMessage());
            }
        }
    }

    /** {@code count} messages of sizes 1..65535 (both ends included) with random content. */
    public static List<byte[]> randomMessages(SplittableRandom random, int count) {
        List<byte[]> messages = new ArrayList<>();
        messages.add(pattern(0, 1));
        messages.add(pattern(0, MAX_MESSAGE));
        while (messages.size() < count) {
            byte[] message = new byte[random.nextInt(1, MAX_MESSAGE + 1)];
            random.nextBytes(message);
            messages.add(message);
        }
        return messages;
    }

    /** A message of {@code size} octets whose content depends on {@code seed}. */
    public static byte[] pattern(int seed, int size) {
        byte[] message = new byte[size];
        for (int i = 0; i < size; i++) {
            message[i] = (byte) (seed * 31 + i);
        }
        return message;
    }

    /** A message that names its sender and sequence number and can be rebuilt from them. */
    private static byte[] tagged(int sender, int seq) {
        byte[] message = pattern(sender * 1000 + seq, 3 + (seq * 131) % 4000);
        message[0] = (byte) sender;
        message[1] = (byte) (seq >> 8);
        message[2] = (byte) seq;
        return message;
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            if (!latch.await(RecordingHandler.WAIT_SECONDS, TimeUnit.SECONDS)) {
                fail("start signal not given");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@code ::1} when the loopback interface has it, else {@code 127.0.0.1}. */
    public static InetAddress loopbackAddress() {
        try {
            InetAddress v6 = InetAddress.getByName("::1");
            if (NetworkInterface.getByInetAddress(v6) != null) {
                return v6;
            }
            return InetAddress.getByName("127.0.0.1");
        } catch (IOException e) {
            throw new IllegalStateException("no loopback address", e);
        }
    }
}
