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
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.dhcpv6.failover.examples.dhcp.DhcpDecoder;
import org.dhcpv6.failover.examples.dhcp.DhcpEncoder;
import org.dhcpv6.failover.examples.dhcp.DhcpMessage;
import org.dhcpv6.failover.examples.dhcp.MalformedMessageException;
import org.dhcpv6.failover.examples.dhcp.MessageType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts a {@link DhcpServerCore} on a UDP socket (RFC 8415 §7.2: servers listen on port 547 and,
 * on directly attached links, on All_DHCP_Relay_Agents_and_Servers ff02::1:2). One or more
 * receive threads each take datagrams off the socket, decode them, ask the core, send each answer
 * back to the datagram's source (the client, or the relay agent for RELAY-REPL) and then tell the
 * core it was sent. Bad packets are counted and logged at DEBUG; no packet stops the server.
 *
 * <p><b>Receiving.</b> The socket does not block: a receive thread takes everything it holds
 * (a bounded number at a time) into its own {@link ReceiveQueue}, answers up to
 * {@value #DRAIN_EVERY} queued messages, looks at the socket again, and waits in a
 * {@link Selector} only when it has nothing left. The queue answers REQUESTs, RENEWs and the
 * rest before SOLICITs and drops its oldest message when full (counted), so under overload the
 * exchanges clients already started complete instead of drowning in new SOLICITs. While the
 * core answers no SOLICIT ({@link DhcpServerCore#answersSolicits}), SOLICITs are dropped as they
 * are read, undecoded.
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

    /** Queued SOLICITs per receive thread (Kea's packet queue is 64 long by default). */
    static final int SOLICIT_QUEUE = 64;
    /** Queued other messages per receive thread. */
    static final int OTHER_QUEUE = 1024;
    /** Most datagrams taken off the socket in one go. */
    private static final int DRAIN_LIMIT = 32;
    /** Answers between two looks at the socket while the queue is not empty. */
    private static final int DRAIN_EVERY = 8;

    private final DhcpServerCore core;
    private final DatagramChannel channel;
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();
    private final AtomicLong replied = new AtomicLong();
    private final AtomicLong notDurable = new AtomicLong();
    private final AtomicLong shed = new AtomicLong();
    private final AtomicLong sendBufferFull = new AtomicLong();
    private final List<Selector> selectors = new CopyOnWriteArrayList<>();
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

    /** Datagrams dropped unanswered because their thread's queue was full (oldest first; see {@link ReceiveQueue}). */
    public long shedCount() {
        return shed.get();
    }

    /** Replies not sent because the socket's send buffer was full (the client retransmits). */
    public long sendBufferFullCount() {
        return sendBufferFull.get();
    }

    /** Stops receiving, waits for the receive threads to end and closes the socket. */
    @Override
    public void close() {
        closing = true;
        for (Selector s : selectors) {
            s.wakeup();
        }
        for (Thread t : threads) {
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("error closing server socket", e);
        }
    }

    private void receiveLoop() {
        ByteBuffer buf = ByteBuffer.allocate(MAX_DATAGRAM);
        ReceiveQueue queue = new ReceiveQueue(SOLICIT_QUEUE, OTHER_QUEUE);
        Selector selector;
        try {
            selector = Selector.open();
            channel.register(selector, SelectionKey.OP_READ);
        } catch (IOException | RuntimeException e) {
            LOG.error("receive thread {} cannot wait on the socket; it stops", Thread.currentThread().getName(), e);
            return;
        }
        selectors.add(selector);
        try {
            int answeredSinceDrain = DRAIN_EVERY;
            while (!closing) {
                if (queue.isEmpty() || answeredSinceDrain >= DRAIN_EVERY) {
                    drain(buf, queue);
                    answeredSinceDrain = 0;
                }
                ReceiveQueue.Received next = queue.next();
                if (next == null) {
                    selector.select();
                    selector.selectedKeys().clear();
                    continue;
                }
                answeredSinceDrain++;
                try {
                    DhcpMessage msg = next.decoded() != null ? next.decoded() : decode(next.datagram(), next.from());
                    if (msg != null) {
                        handle(msg, next.from());
                    }
                } catch (RuntimeException e) {
                    // A bug in handling one packet must not take the server down with it.
                    LOG.warn("unexpected failure handling a datagram from {}", next.from(), e);
                }
            }
        } catch (ClosedSelectorException | IOException e) {
            if (!closing) {
                LOG.error("receive thread {} stopped", Thread.currentThread().getName(), e);
            }
        } finally {
            try {
                selector.close();
            } catch (IOException e) {
                LOG.debug("error closing a selector", e);
            }
        }
        LOG.debug("receive thread {} stopped", Thread.currentThread().getName());
    }

    /**
     * Takes what the socket holds (up to {@link #DRAIN_LIMIT} datagrams, without waiting) into the
     * queue, decoding each: reading is far cheaper than answering, so the socket's buffer does not
     * overflow and drop REQUESTs while the thread answers.
     */
    private void drain(ByteBuffer buf, ReceiveQueue queue) {
        for (int i = 0; i < DRAIN_LIMIT && !closing; i++) {
            buf.clear();
            SocketAddress from;
            try {
                from = channel.receive(buf);
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                LOG.warn("receive failed; continuing", e);
                return;
            }
            if (from == null) {
                return;
            }
            received.incrementAndGet();
            byte[] datagram = Arrays.copyOf(buf.array(), buf.position());
            InetSocketAddress source = (InetSocketAddress) from;
            boolean solicit;
            DhcpMessage decoded = null;
            if (datagram.length > 0 && (datagram[0] & 0xff) == MessageType.RELAY_FORW.code()) {
                // The client's message type is inside the relay layers.
                decoded = decode(datagram, source);
                if (decoded == null) {
                    continue;
                }
                solicit = ReceiveQueue.innermostType(decoded) == MessageType.SOLICIT;
            } else {
                solicit = datagram.length > 0 && (datagram[0] & 0xff) == MessageType.SOLICIT.code();
            }
            if (solicit && !core.answersSolicits()) {
                continue;
            }
            if (queue.add(new ReceiveQueue.Received(datagram, decoded, source), solicit)) {
                shed.incrementAndGet();
            }
        }
    }

    /** The datagram's message, or null (counted, logged at DEBUG) when it does not decode. */
    private DhcpMessage decode(byte[] datagram, InetSocketAddress from) {
        try {
            return DhcpDecoder.decode(datagram, 0, datagram.length);
        } catch (MalformedMessageException e) {
            malformed.incrementAndGet();
            LOG.debug("dropping {} octets from {}: {}", datagram.length, from, e.getMessage());
        } catch (RuntimeException e) {
            malformed.incrementAndGet();
            LOG.warn("unexpected failure decoding a datagram from {}", from, e);
        }
        return null;
    }

    private void handle(DhcpMessage msg, InetSocketAddress from) {
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
            // The socket does not block (its receive threads drain it): a full send buffer sends nothing.
            if (channel.send(ByteBuffer.wrap(DhcpEncoder.encode(reply.message())), to) > 0) {
                replied.incrementAndGet();
            } else {
                sendBufferFull.incrementAndGet();
                LOG.debug("not sending {} to {}: the socket's send buffer is full", reply.message().type(), to);
            }
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
                ch.configureBlocking(false);
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
