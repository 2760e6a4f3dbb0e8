package org.dhcpv6.failover.core.testfixtures;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.dhcpv6.failover.api.Transport.Connection;
import org.dhcpv6.failover.api.Transport.ConnectionHandler;

/**
 * A {@link ConnectionHandler} for tests that records every event in queues, so a test can wait for
 * an event with a timeout instead of sleeping. Also counts {@code onClose} per connection so a
 * test can check it came exactly once.
 */
public class RecordingHandler implements ConnectionHandler {

    /**
     * How long a test waits for one event before it fails. Only a bound for an event that is
     * expected, never a speed claim: a passing test waits no longer than the event takes. 5 s was
     * too short for a TLS handshake on two cores shared with a long simulation run.
     */
    public static final long WAIT_SECONDS = 30;

    /** Connections reported by {@code onOpen}, in order. */
    public final BlockingQueue<Connection> opened = new LinkedBlockingQueue<>();
    /** Message bodies reported by {@code onMessage}, in order. */
    public final BlockingQueue<byte[]> messages = new LinkedBlockingQueue<>();
    /** Reasons reported by {@code onClose}, in order. */
    public final BlockingQueue<String> closeReasons = new LinkedBlockingQueue<>();
    /** Reasons reported by {@code onConnectFailed}, in order. */
    public final BlockingQueue<String> connectFailures = new LinkedBlockingQueue<>();

    private final Map<Connection, AtomicInteger> closeCounts = new ConcurrentHashMap<>();

    @Override
    public void onOpen(Connection connection) {
        opened.add(connection);
    }

    @Override
    public void onMessage(Connection connection, byte[] message) {
        messages.add(message);
    }

    @Override
    public void onClose(Connection connection, String reason) {
        closeCounts.computeIfAbsent(connection, c -> new AtomicInteger()).incrementAndGet();
        closeReasons.add(reason);
    }

    @Override
    public void onConnectFailed(InetSocketAddress remote, String reason) {
        connectFailures.add(reason);
    }

    /** How many times {@code onClose} was called for {@code connection}. */
    public int closeCount(Connection connection) {
        AtomicInteger count = closeCounts.get(connection);
        return count == null ? 0 : count.get();
    }

    /** Waits for the next opened connection; fails the test after {@link #WAIT_SECONDS}. */
    public Connection awaitOpen() throws InterruptedException {
        return await(opened, "onOpen");
    }

    /** Waits for the next message; fails the test after {@link #WAIT_SECONDS}. */
    public byte[] awaitMessage() throws InterruptedException {
        return await(messages, "onMessage");
    }

    /** Waits for the next close reason; fails the test after {@link #WAIT_SECONDS}. */
    public String awaitClose() throws InterruptedException {
        return await(closeReasons, "onClose");
    }

    /** Waits for the next connect failure; fails the test after {@link #WAIT_SECONDS}. */
    public String awaitConnectFailed() throws InterruptedException {
        return await(connectFailures, "onConnectFailed");
    }

    private static <T> T await(BlockingQueue<T> queue, String event) throws InterruptedException {
        T value = queue.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        assertNotNull(value, "no " + event + " within " + WAIT_SECONDS + " s");
        return value;
    }
}
