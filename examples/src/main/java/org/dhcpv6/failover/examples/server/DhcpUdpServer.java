package org.dhcpv6.failover.examples.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.dhcpv6.failover.examples.dhcp.DhcpDecoder;
import org.dhcpv6.failover.examples.dhcp.DhcpEncoder;
import org.dhcpv6.failover.examples.dhcp.DhcpMessage;
import org.dhcpv6.failover.examples.dhcp.MalformedMessageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts a {@link DhcpServerCore} on a UDP socket (RFC 8415 §7.2: servers listen on port 547 and,
 * on directly attached links, on All_DHCP_Relay_Agents_and_Servers ff02::1:2). One or more
 * receive threads each take a datagram, decode it, ask the core, send the answer back to the
 * datagram's source (the client, or the relay agent for RELAY-REPL) and then tell the core it
 * was sent. Bad packets are counted and logged at DEBUG; no packet stops the server.
 *
 * <p><b>Pipelining.</b> A reply goes out only when its bindings are durable
 * ({@link ServerReply#durable()}). When the backend queued its writes, the receive thread does
 * not wait: it goes on to the next datagram, and the reply is sent by the thread that completes
 * the write (the lease store's flusher), together with the rest of its batch. A reply whose
 * write failed is dropped (counted); the client retransmits.
 */
public final class DhcpUdpServer implements AutoCloseable {

    /** The DHCPv6 server and relay agent port (RFC 8415 §7.2). */
    public static final int SERVER_PORT = 547;

    /** All_DHCP_Relay_Agents_and_Servers, link-scoped (RFC 8415 §7.1). */
    public static final String ALL_RELAY_AGENTS_AND_SERVERS = "ff02::1:2";

    private static final Logger LOG = LoggerFactory.getLogger(DhcpUdpServer.class);

    /** Largest UDP payload; DHCPv6 messages are far smaller but a datagram must fit whole. */
    private static final int MAX_DATAGRAM = 65_535;

    private final DhcpServerCore core;
    private final DatagramChannel channel;
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();
    private final AtomicLong replied = new AtomicLong();
    private final AtomicLong notDurable = new AtomicLong();
    private volatile boolean closing;

    private DhcpUdpServer(DhcpServerCore core, DatagramChannel channel) {
        this.core = core;
        this.channel = channel;
    }

    /** A builder for a server answering with {@code core}. */
    public static Builder builder(DhcpServerCore core) {
        return new Builder(core);
    }

    /** The bound address and port (useful with an ephemeral port). */
    public InetSocketAddress localAddress() {
        try {
            return (InetSocketAddress) channel.getLocalAddress();
        } catch (IOException e) {
            throw new IllegalStateException("server socket is closed", e);
        }
    }

    /** Datagrams received so far. */
    public long receivedCount() {
        return received.get();
    }

    /** Datagrams dropped because they did not decode. */
    public long malformedCount() {
        return malformed.get();
    }

    /** Replies sent. */
    public long repliedCount() {
        return replied.get();
    }

    /** Replies dropped because their bindings could not be made durable. */
    public long notDurableCount() {
        return notDurable.get();
    }

    /** Stops receiving, closes the socket and waits for the receive threads to end. */
    @Override
    public void close() {
        closing = true;
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("error closing server socket", e);
        }
        for (Thread t : threads) {
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void receiveLoop() {
        ByteBuffer buf = ByteBuffer.allocate(MAX_DATAGRAM);
        while (!closing) {
            buf.clear();
            SocketAddress from;
            try {
                from = channel.receive(buf);
            } catch (ClosedChannelException e) {
                break;
            } catch (IOException e) {
                LOG.warn("receive failed; continuing", e);
                continue;
            }
            received.incrementAndGet();
            try {
                handleDatagram(buf.array(), buf.position(), (InetSocketAddress) from);
            } catch (RuntimeException e) {
                // A bug in handling one packet must not take the server down with it.
                LOG.warn("unexpected failure handling a datagram from {}", from, e);
            }
        }
        LOG.debug("receive thread {} stopped", Thread.currentThread().getName());
    }

    private void handleDatagram(byte[] data, int length, InetSocketAddress from) {
        DhcpMessage msg;
        try {
            msg = DhcpDecoder.decode(data, 0, length);
        } catch (MalformedMessageException e) {
            malformed.incrementAndGet();
            LOG.debug("dropping {} octets from {}: {}", length, from, e.getMessage());
            return;
        }
        Optional<ServerReply> reply = core.handle(msg, from);
        if (reply.isEmpty()) {
            return;
        }
        java.util.concurrent.CompletableFuture<Boolean> durable = reply.get().durable().toCompletableFuture();
        if (durable.isDone()) {
            sendIfDurable(reply.get(), durable.getNow(false), from);
        } else {
            durable.whenComplete((ok, e) -> sendIfDurable(reply.get(), e == null && ok, from));
        }
    }

    private void sendIfDurable(ServerReply reply, boolean durable, InetSocketAddress to) {
        if (!durable) {
            notDurable.incrementAndGet();
            LOG.debug("not sending {} to {}: its bindings are not durable", reply.message().type(), to);
            return;
        }
        try {
            channel.send(ByteBuffer.wrap(DhcpEncoder.encode(reply.message())), to);
            replied.incrementAndGet();
        } catch (IOException | RuntimeException e) {
            if (!closing) {
                // The reason is the whole story ("Message too long", "Network is unreachable").
                LOG.warn("sending {} to {} failed: {}", reply.message().type(), to, e.getMessage());
            }
        } finally {
            // The bindings are committed whether or not the datagram left; the partner must hear.
            core.replySent(reply);
        }
    }

    /** Builds and starts a {@link DhcpUdpServer}. */
    public static final class Builder {
        private final DhcpServerCore core;
        private InetSocketAddress bind = new InetSocketAddress(SERVER_PORT);
        private String multicastInterface;
        private int receiveThreads = 1;

        private Builder(DhcpServerCore core) {
            this.core = Objects.requireNonNull(core, "core");
        }

        /** Local address and port; default {@code [::]:547}. Port 0 picks a free port. */
        public Builder bind(InetSocketAddress value) {
            bind = Objects.requireNonNull(value, "bind");
            return this;
        }

        /** Interface on which to join ff02::1:2, e.g. {@code eth0}; default none (relayed or unicast only). */
        public Builder multicastInterface(String name) {
            multicastInterface = Objects.requireNonNull(name, "name");
            return this;
        }

        /** Number of receive threads, default 1. */
        public Builder receiveThreads(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("receiveThreads must be at least 1: " + value);
            }
            receiveThreads = value;
            return this;
        }

        /**
         * Binds the socket, joins the multicast group if asked, starts the receive threads.
         *
         * @throws IOException if the socket cannot be bound or the interface is unknown
         */
        public DhcpUdpServer start() throws IOException {
            DatagramChannel ch = DatagramChannel.open(StandardProtocolFamily.INET6);
            try {
                ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                ch.bind(bind);
                if (multicastInterface != null) {
                    NetworkInterface ni = NetworkInterface.getByName(multicastInterface);
                    if (ni == null) {
                        throw new IOException("no network interface named " + multicastInterface);
                    }
                    ch.join(InetAddress.getByName(ALL_RELAY_AGENTS_AND_SERVERS), ni);
                }
            } catch (IOException | RuntimeException e) {
                ch.close();
                throw e;
            }
            DhcpUdpServer server = new DhcpUdpServer(core, ch);
            for (int i = 0; i < receiveThreads; i++) {
                Thread t = new Thread(server::receiveLoop, "dhcpv6-server-" + i);
                t.setDaemon(true);
                server.threads.add(t);
                t.start();
            }
            LOG.info("DHCPv6 server {} listening on {}{}", core.serverDuid(), server.localAddress(),
                    multicastInterface == null ? "" : " and " + ALL_RELAY_AGENTS_AND_SERVERS + "%" + multicastInterface);
            return server;
        }
    }
}
