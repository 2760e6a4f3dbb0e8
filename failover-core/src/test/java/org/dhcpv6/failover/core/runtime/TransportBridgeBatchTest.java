package org.dhcpv6.failover.core.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.dhcpv6.failover.api.ClockSource;
import org.dhcpv6.failover.api.Transport;
import org.dhcpv6.failover.core.internal.engine.ConnectionRouter;
import org.dhcpv6.failover.core.internal.wire.MessageCodec;
import org.dhcpv6.failover.core.internal.wire.MessageType;
import org.dhcpv6.failover.core.internal.wire.UpdDone;
import org.junit.jupiter.api.Test;

/** What the event loop sends in one run reaches each connection in one hand-over, in order. */
class TransportBridgeBatchTest {

    private final FakeTransport transport = new FakeTransport();
    private final TransportBridge bridge = new TransportBridge(transport, task -> { }, new ConnectionRouter(),
            ClockSource.SYSTEM, "test");
    private final TransportBridge.EndpointOutbox outbox = bridge.outboxFor("test/primary");

    @Test
    void aRunsMessagesGoToEachConnectionTogetherInOrder() {
        outbox.connect(new InetSocketAddress("127.0.0.1", 1));
        outbox.connect(new InetSocketAddress("127.0.0.1", 2));
        FakeConnection first = transport.opened.get(0);
        FakeConnection second = transport.opened.get(1);

        bridge.beginBatch();
        outbox.send(1, UpdDone.of(1, 0));
        outbox.sendEncoded(2, MessageType.UPDDONE, MessageCodec.encode(UpdDone.of(2, 0)));
        outbox.send(1, UpdDone.of(3, 0));
        assertEquals(List.of(), first.handOvers, "nothing leaves before the run ends");
        bridge.flush();

        assertEquals(1, first.handOvers.size());
        assertEquals(List.of(1, 3), xids(first.handOvers.get(0)));
        assertEquals(1, second.handOvers.size());
        assertEquals(List.of(2), xids(second.handOvers.get(0)));
    }

    @Test
    void aCloseInARunFollowsWhatWasSentBeforeIt() {
        outbox.connect(new InetSocketAddress("127.0.0.1", 1));
        FakeConnection c = transport.opened.get(0);
        bridge.beginBatch();
        outbox.send(1, UpdDone.of(7, 0));
        outbox.close(1, "done");
        assertEquals(List.of("send [7]", "close"), c.events);
        bridge.flush();
        assertEquals(List.of("send [7]", "close"), c.events);
    }

    @Test
    void outsideARunEachMessageGoesAtOnce() {
        outbox.connect(new InetSocketAddress("127.0.0.1", 1));
        FakeConnection c = transport.opened.get(0);
        outbox.send(1, UpdDone.of(9, 0));
        assertEquals(List.of("send [9]"), c.events);
        assertArrayEquals(MessageCodec.encode(UpdDone.of(9, 0)), c.handOvers.get(0).get(0));
    }

    @Test
    void aThrowingConnectionCostsOnlyItsOwnMessages() {
        outbox.connect(new InetSocketAddress("127.0.0.1", 1));
        outbox.connect(new InetSocketAddress("127.0.0.1", 2));
        transport.opened.get(0).fail = new IllegalStateException("broken");
        bridge.beginBatch();
        outbox.send(1, UpdDone.of(1, 0));
        outbox.send(2, UpdDone.of(2, 0));
        IllegalStateException thrown = assertThrows(IllegalStateException.class, bridge::flush);
        assertSame(transport.opened.get(0).fail, thrown);
        assertEquals(List.of(2), xids(transport.opened.get(1).handOvers.get(0)));
        // The next run starts clean.
        bridge.beginBatch();
        outbox.send(2, UpdDone.of(3, 0));
        bridge.flush();
        assertEquals(List.of(3), xids(transport.opened.get(1).handOvers.get(1)));
    }

    private static List<Integer> xids(List<byte[]> bodies) {
        List<Integer> out = new ArrayList<>();
        for (byte[] body : bodies) {
            try {
                out.add(MessageCodec.decode(body).transactionId());
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
        return out;
    }

    private static final class FakeTransport implements Transport {
        final List<FakeConnection> opened = new ArrayList<>();

        @Override
        public AutoCloseable listen(InetSocketAddress local, ConnectionHandler handler) {
            throw new UnsupportedOperationException("these tests run the connecting side only");
        }

        @Override
        public void connect(InetSocketAddress remote, ConnectionHandler handler) {
            FakeConnection c = new FakeConnection(remote);
            opened.add(c);
            handler.onOpen(c);
        }

        @Override
        public void close() {
        }
    }

    private static final class FakeConnection implements Transport.Connection {
        final InetSocketAddress remote;
        final List<List<byte[]>> handOvers = new ArrayList<>();
        final List<String> events = new ArrayList<>();
        RuntimeException fail;

        FakeConnection(InetSocketAddress remote) {
            this.remote = remote;
        }

        @Override
        public InetSocketAddress remoteAddress() {
            return remote;
        }

        @Override
        public InetSocketAddress localAddress() {
            return remote;
        }

        @Override
        public void send(byte[] message) {
            sendAll(List.of(message));
        }

        @Override
        public void sendAll(List<byte[]> messages) {
            if (fail != null) {
                throw fail;
            }
            handOvers.add(List.copyOf(messages));
            events.add("send " + xids(messages));
        }

        @Override
        public void close() {
            events.add("close");
        }

        @Override
        public boolean isOpen() {
            return true;
        }
    }
}
