package org.dhcpv6.failover.core.runtime;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.dhcpv6.failover.api.ClockSource;
import org.dhcpv6.failover.api.Transport;
import org.dhcpv6.failover.api.Transport.Connection;
import org.dhcpv6.failover.api.TransportException;
import org.dhcpv6.failover.core.internal.engine.ConnectionRouter;
import org.dhcpv6.failover.core.internal.engine.FailoverEndpoint;
import org.dhcpv6.failover.core.internal.engine.Now;
import org.dhcpv6.failover.core.internal.engine.Outbox;
import org.dhcpv6.failover.core.transport.LogLimiter;
import org.dhcpv6.failover.core.internal.wire.Connect;
import org.dhcpv6.failover.core.internal.wire.FailoverMessage;
import org.dhcpv6.failover.core.internal.wire.MalformedMessageException;
import org.dhcpv6.failover.core.internal.wire.MessageCodec;
import org.dhcpv6.failover.core.internal.wire.MessageType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Joins a {@link Transport} to the engines: transport callbacks (on I/O threads) become tasks on
 * the event loop; engine output ({@link Outbox}) becomes encoded messages on connections. Bytes
 * that do not decode cost their connection only.
 */
final class TransportBridge {

    private static final Logger LOG = LoggerFactory.getLogger(TransportBridge.class);
    /** Accepted connections that fail early can come in floods; their lines are rate-limited. */
    private final LogLimiter acceptedTrouble = new LogLimiter(java.time.Duration.ofSeconds(10));

    private final Transport transport;
    private final Consumer<Runnable> loop;
    private final ConnectionRouter router;
    private final ClockSource clock;
    private final AtomicLong ids = new AtomicLong();
    /** Every open connection by id; written on I/O threads, read on the loop. */
    private final Map<Long, Connection> connections = new ConcurrentHashMap<>();
    /** Accepted connections and the endpoint their CONNECT was routed to (touched on the loop only). */
    private final Map<Long, FailoverEndpoint> routed = new ConcurrentHashMap<>();
    /** The server's relationships and roles ("campus/primary"), for lines written on I/O threads. */
    private final String serverLabel;
    /**
     * Messages the event loop sent since {@link #beginBatch}, by connection, in order: handed to
     * the transport together at {@link #flush}, so a turn's BNDUPDs cost one wake-up of the
     * connection's writer and fill its records instead of one each. Touched by the batching
     * thread only.
     */
    private final Map<Long, List<byte[]>> batched = new LinkedHashMap<>();
    /** The list of {@link #batched} last added to, and its connection: most runs send on one. */
    private List<byte[]> lastBatch;
    private long lastBatchId;
    /** The thread whose sends are batched now (the event loop inside a run), or null. */
    private volatile Thread batching;

    TransportBridge(Transport transport, Consumer<Runnable> loop, ConnectionRouter router, ClockSource clock,
            String serverLabel) {
        this.serverLabel = serverLabel;
        this.transport = transport;
        this.loop = loop;
        this.router = router;
        this.clock = clock;
    }

    /** The outbox of one endpoint, {@code label} naming its relationship and role in log lines. */
    EndpointOutbox outboxFor(String label) {
        return new EndpointOutbox(label);
    }

    /**
     * Listens on {@code local} for the partner's connections. A bind refused on a privileged port
     * says how to fix it, since the RFC's port 647 is one.
     */
    AutoCloseable listen(InetSocketAddress local) throws TransportException {
        try {
            return transport.listen(local, acceptHandler());
        } catch (TransportException e) {
            if (local.getPort() < 1024 && String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT)
                    .contains("permission denied")) {
                throw new TransportException(e.getMessage() + " (port " + local.getPort() + " is privileged: run with "
                        + "CAP_NET_BIND_SERVICE, or set RelationshipConfig.localAddress to a port above 1023 on "
                        + "both partners)", e);
            }
            throw e;
        }
    }

    /** The handler for connections accepted by a secondary's listener. */
    Transport.ConnectionHandler acceptHandler() {
        return new AcceptHandler();
    }

    private FailoverMessage decode(byte[] bytes, Connection c) {
        try {
            return MessageCodec.decode(bytes);
        } catch (MalformedMessageException e) {
            warnLimited("closing connection from " + c.remoteAddress() + ": " + e.getMessage());
            c.close();
            return null;
        }
    }

    private void warnLimited(String line) {
        long held = acceptedTrouble.tryLog();
        if (held >= 0) {
            LOG.warn("{}: {}{}", serverLabel, line, LogLimiter.heldBack(held));
        }
    }

    /** Batches what the calling thread (the event loop) sends until {@link #flush}. */
    void beginBatch() {
        batching = Thread.currentThread();
    }

    /**
     * Hands every batched message to its connection, in order, and stops batching. A transport
     * that throws costs its own connection's messages only; the first failure is rethrown after
     * every connection had its turn.
     */
    void flush() {
        batching = null;
        if (batched.isEmpty()) {
            return;
        }
        RuntimeException failed = null;
        for (Map.Entry<Long, List<byte[]>> e : batched.entrySet()) {
            Connection c = connections.get(e.getKey());
            try {
                if (c != null) {
                    c.sendAll(e.getValue());
                }
            } catch (RuntimeException ex) {
                if (failed == null) {
                    failed = ex;
                }
            }
        }
        batched.clear();
        lastBatch = null;
        if (failed != null) {
            throw failed;
        }
    }

    private void send(long connectionId, byte[] message) {
        if (batching == Thread.currentThread()) {
            if (lastBatch == null || lastBatchId != connectionId || batched.isEmpty()) {
                lastBatchId = connectionId;
                lastBatch = batched.computeIfAbsent(connectionId, id -> new ArrayList<>());
            }
            lastBatch.add(message);
            return;
        }
        Connection c = connections.get(connectionId);
        if (c != null) {
            c.send(message);
        }
    }

    /** Hands what is batched for {@code connectionId} over first, so that a close follows it. */
    private void flushFor(long connectionId) {
        if (batching != Thread.currentThread()) {
            return;
        }
        List<byte[]> waiting = batched.remove(connectionId);
        lastBatch = null;
        Connection c = connections.get(connectionId);
        if (waiting != null && c != null) {
            c.sendAll(waiting);
        }
    }

    /** The engine's outbox: one per endpoint, so outgoing connections report to their endpoint. */
    final class EndpointOutbox implements Outbox {
        private final String label;
        private FailoverEndpoint endpoint;

        EndpointOutbox(String label) {
            this.label = label;
        }

        void attach(FailoverEndpoint e) {
            this.endpoint = e;
        }

        @Override
        public void send(long connectionId, FailoverMessage message) {
            TransportBridge.this.send(connectionId, MessageCodec.encode(message));
        }

        @Override
        public void sendEncoded(long connectionId, MessageType type, byte[] body) {
            TransportBridge.this.send(connectionId, body);
        }

        @Override
        public void close(long connectionId, String reason) {
            flushFor(connectionId);
            Connection c = connections.remove(connectionId);
            if (c != null) {
                LOG.debug("{}: closing connection {} to {}: {}", label, connectionId, c.remoteAddress(), reason);
                c.close();
            }
        }

        @Override
        public void connect(InetSocketAddress partner) {
            transport.connect(partner, new Transport.ConnectionHandler() {
                private final long id = ids.incrementAndGet();
                private final ConnectionInbox inbox = new ConnectionInbox(loop);

                @Override
                public void onOpen(Connection connection) {
                    connections.put(id, connection);
                    loop.accept(() -> endpoint.connectionOpened(id, Now.of(clock)));
                }

                @Override
                public void onMessage(Connection connection, byte[] message) {
                    FailoverMessage m = decode(message, connection);
                    if (m != null) {
                        inbox.add(() -> endpoint.messageReceived(id, m, Now.of(clock)));
                    }
                }

                @Override
                public void onClose(Connection connection, String reason) {
                    connections.remove(id);
                    inbox.add(() -> endpoint.connectionClosed(id, reason, Now.of(clock)));
                }

                @Override
                public void onConnectFailed(InetSocketAddress remote, String reason) {
                    loop.accept(() -> endpoint.connectFailed(reason, Now.of(clock)));
                }

                @Override
                public String logContext() {
                    return label;
                }
            });
        }
    }

    /** Routes accepted connections: unknown partners are dropped, the first message must be CONNECT. */
    private final class AcceptHandler implements Transport.ConnectionHandler {
        private final Map<Connection, Accepted> accepted = new ConcurrentHashMap<>();

        @Override
        public String logContext() {
            return serverLabel;
        }

        /** Lets the listener refuse strangers at accept time, before any handshake or read. */
        @Override
        public Transport.PeerKind peerKind(InetSocketAddress remote) {
            return router.knowsPartner(remote.getAddress())
                    ? Transport.PeerKind.CONFIGURED_PARTNER : Transport.PeerKind.NOT_A_PARTNER;
        }

        @Override
        public void onOpen(Connection connection) {
            if (!router.knowsPartner(connection.remoteAddress().getAddress())) {
                warnLimited("dropping connection from " + connection.remoteAddress() + ": not a configured failover partner");
                connection.close();
                return;
            }
            long id = ids.incrementAndGet();
            accepted.put(connection, new Accepted(id, new ConnectionInbox(loop)));
            connections.put(id, connection);
        }

        @Override
        public void onMessage(Connection connection, byte[] bytes) {
            Accepted a = accepted.get(connection);
            if (a == null) {
                return;
            }
            FailoverMessage m = decode(bytes, connection);
            if (m != null) {
                a.inbox().add(() -> deliver(a.id(), connection, m));
            }
        }

        private void deliver(long id, Connection connection, FailoverMessage m) {
            FailoverEndpoint endpoint = routed.get(id);
            if (endpoint != null) {
                endpoint.messageReceived(id, m, Now.of(clock));
                return;
            }
            if (!(m instanceof Connect connect)) {
                warnLimited("dropping connection from " + connection.remoteAddress() + ": first message was "
                        + m.type().rfcName() + ", not CONNECT");
                connections.remove(id);
                connection.close();
                return;
            }
            endpoint = router.route(connection.remoteAddress().getAddress(), connect).orElse(null);
            if (endpoint == null) {
                warnLimited("dropping connection from " + connection.remoteAddress() + ": no relationship '"
                        + connect.relationshipName().orElse("(unnamed)") + "' with that partner");
                connections.remove(id);
                connection.close();
                return;
            }
            routed.put(id, endpoint);
            endpoint.connectReceived(id, connect, connection.remoteAddress(), Now.of(clock));
        }

        @Override
        public void onClose(Connection connection, String reason) {
            Accepted a = accepted.remove(connection);
            if (a == null) {
                return;
            }
            long id = a.id();
            connections.remove(id);
            a.inbox().add(() -> {
                FailoverEndpoint endpoint = routed.remove(id);
                if (endpoint != null) {
                    endpoint.connectionClosed(id, reason, Now.of(clock));
                }
            });
        }
    }

    /** An accepted connection's id and the inbox that carries its messages and close to the loop, in order. */
    private record Accepted(long id, ConnectionInbox inbox) {
    }
}
