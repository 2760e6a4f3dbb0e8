package org.dhcpv6.failover.examples.client;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.dhcpv6.failover.api.Duid;
import org.dhcpv6.failover.api.Resource;
import org.dhcpv6.failover.examples.dhcp.ClientServerMessage;
import org.dhcpv6.failover.examples.dhcp.DhcpDecoder;
import org.dhcpv6.failover.examples.dhcp.DhcpEncoder;
import org.dhcpv6.failover.examples.dhcp.DhcpMessage;
import org.dhcpv6.failover.examples.dhcp.MalformedMessageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Simulates many DHCPv6 clients over UDP against one or more servers, for the demo and load
 * tests. Each client has its own DUID-LL and runs SOLICIT / ADVERTISE / REQUEST / REPLY for an
 * IA_NA and/or an IA_PD, RENEW at T1 to its server and REBIND at T2 to all servers (RFC 8415
 * §18.2). {@link #holdings()} shows what every client holds, so callers can check that leases
 * are kept and never given to two clients.
 *
 * <p>Time scaling: every protocol second (lifetimes, T1, T2) lasts {@code wireSecond} of real
 * time, so a demo can use ordinary lifetimes and still renew quickly.
 *
 * <p>Threads: one receive thread and one loop thread that owns all client state; public methods
 * may be called from any thread.
 */
public final class DhcpClientDriver implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DhcpClientDriver.class);

    private final Builder config;
    private final List<InetSocketAddress> servers;
    private final DatagramChannel channel;
    private final ScheduledExecutorService loop;
    private final Thread receiver;
    private final List<SimulatedClient> clients = new ArrayList<>();
    private final Map<Integer, SimulatedClient> byXid = new HashMap<>(); // loop thread only
    private final SplittableRandom random; // loop thread only
    private final Map<Duid, List<Holding>> holdings = new ConcurrentHashMap<>();
    private final Object changed = new Object();
    private final AtomicLong bound = new AtomicLong();
    private final AtomicLong renewed = new AtomicLong();
    private final AtomicLong rebound = new AtomicLong();
    private final AtomicLong retransmissions = new AtomicLong();
    private final AtomicLong restarts = new AtomicLong();
    private volatile boolean closing;

    private DhcpClientDriver(Builder b) throws IOException {
        this.config = b;
        this.servers = List.copyOf(b.servers); // the builder may be reused; the server list must not move
        this.random = new SplittableRandom(b.seed);
        this.channel = DatagramChannel.open(StandardProtocolFamily.INET6);
        channel.bind(b.bind);
        this.loop = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "dhcpv6-clients");
            t.setDaemon(true);
            return t;
        });
        for (int i = 0; i < b.clients; i++) {
            // DUID-LL (RFC 8415 §11.4), Ethernet, locally administered MAC 02:ss:ii:ii:ii:ii.
            byte[] d = {0, 3, 0, 1, 2, (byte) b.seed, (byte) (i >>> 24), (byte) (i >>> 16), (byte) (i >>> 8), (byte) i};
            clients.add(new SimulatedClient(this, Duid.of(d)));
        }
        this.receiver = new Thread(this::receiveLoop, "dhcpv6-clients-rx");
        receiver.setDaemon(true);
    }

    /** A builder; at least one server is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** Starts every client's first SOLICIT. */
    public void start() {
        receiver.start();
        loop.execute(() -> clients.forEach(SimulatedClient::start));
    }

    /** What each client holds now, by client DUID; clients holding nothing map to an empty list. */
    public Map<Duid, List<Holding>> holdings() {
        return Map.copyOf(holdings);
    }

    /** The counters so far. */
    public ClientStats stats() {
        return new ClientStats(bound.get(), renewed.get(), rebound.get(), retransmissions.get(), restarts.get());
    }

    /** Every resource held by more than one client: empty when there are no duplicates. */
    public List<Resource> duplicates() {
        Map<Resource, Integer> count = new HashMap<>();
        holdings.values().forEach(list -> list.forEach(h -> count.merge(h.resource(), 1, Integer::sum)));
        return count.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList();
    }

    /** Waits until every client holds every resource kind it asks for, or the timeout passes. */
    public boolean awaitAllBound(Duration timeout) throws InterruptedException {
        int kinds = (config.wantAddress ? 1 : 0) + (config.wantPrefix ? 1 : 0);
        return await(timeout, () -> holdings.size() == clients.size()
                && holdings.values().stream().allMatch(h -> h.size() == kinds));
    }

    /** Waits until {@code condition} holds for the counters, or the timeout passes. */
    public boolean awaitStats(Predicate<ClientStats> condition, Duration timeout) throws InterruptedException {
        return await(timeout, () -> condition.test(stats()));
    }

    private boolean await(Duration timeout, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (changed) {
            while (!done.getAsBoolean()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(changed, left);
            }
            return true;
        }
    }

    /** Stops all clients (without RELEASE) and closes the socket. */
    @Override
    public void close() {
        closing = true;
        loop.shutdownNow();
        try {
            channel.close();
            receiver.join(5_000);
        } catch (IOException e) {
            LOG.debug("error closing client socket", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void receiveLoop() {
        ByteBuffer buf = ByteBuffer.allocate(65_535);
        while (!closing) {
            buf.clear();
            SocketAddress from;
            try {
                from = channel.receive(buf);
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                LOG.warn("client receive failed; continuing", e);
                continue;
            }
            try {
                DhcpMessage m = DhcpDecoder.decode(buf.array(), 0, buf.position());
                if (m instanceof ClientServerMessage csm) {
                    loop.execute(() -> dispatch(csm, (InetSocketAddress) from));
                }
            } catch (MalformedMessageException e) {
                LOG.debug("dropping malformed reply from {}: {}", from, e.getMessage());
            } catch (RejectedExecutionException e) {
                return;
            }
        }
    }

    private void dispatch(ClientServerMessage m, InetSocketAddress from) {
        SimulatedClient c = byXid.get(m.transactionId());
        if (c != null) {
            c.onMessage(m, from);
        }
    }

    // ---- services for SimulatedClient, called on the loop thread ----

    int newXid(SimulatedClient c) {
        int xid;
        do {
            xid = random.nextInt(1 << 24);
        } while (byXid.containsKey(xid));
        byXid.put(xid, c);
        return xid;
    }

    void forgetXid(int xid) {
        byXid.remove(xid);
    }

    void sendToAll(DhcpMessage m) {
        servers.forEach(s -> send(m, s));
    }

    void send(DhcpMessage m, InetSocketAddress to) {
        try {
            channel.send(ByteBuffer.wrap(DhcpEncoder.encode(m)), to);
        } catch (IOException e) {
            if (!closing) {
                LOG.debug("send {} to {} failed: {}", m.type(), to, e.toString());
            }
        }
    }

    ScheduledFuture<?> schedule(Runnable task, Duration delay) {
        return loop.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    Duration scaled(long protocolSeconds) {
        long nanos = config.wireSecond.toNanos();
        return protocolSeconds > Long.MAX_VALUE / Math.max(nanos, 1)
                ? Duration.ofNanos(Long.MAX_VALUE) : Duration.ofNanos(protocolSeconds * nanos);
    }

    Instant after(Instant from, long protocolSeconds) {
        return protocolSeconds >= 0xFFFF_FFFFL ? Instant.MAX : from.plus(scaled(protocolSeconds));
    }

    Instant now() {
        return config.clock.instant();
    }

    Duration retransmitInterval() {
        return config.retransmit;
    }

    int maxAttempts() {
        return config.maxAttempts;
    }

    boolean wantsAddress() {
        return config.wantAddress;
    }

    boolean wantsPrefix() {
        return config.wantPrefix;
    }

    void publish(Duid client, List<Holding> held) {
        holdings.put(client, List.copyOf(held));
        signal();
    }

    void countBound() {
        bound.incrementAndGet();
    }

    void countRenewed() {
        renewed.incrementAndGet();
        signal();
    }

    void countRebound() {
        rebound.incrementAndGet();
        signal();
    }

    void countRetransmission() {
        retransmissions.incrementAndGet();
    }

    void countRestart() {
        restarts.incrementAndGet();
    }

    private void signal() {
        synchronized (changed) {
            changed.notifyAll();
        }
    }

    /** Configures and opens a {@link DhcpClientDriver}; setters check their arguments. */
    public static final class Builder {
        private final List<InetSocketAddress> servers = new ArrayList<>();
        private int clients = 1;
        private boolean wantAddress = true;
        private boolean wantPrefix;
        private Duration wireSecond = Duration.ofSeconds(1);
        private Duration retransmit = Duration.ofSeconds(1);
        private int maxAttempts = 5;
        private InetSocketAddress bind = new InetSocketAddress(0);
        private long seed = 1;
        private InstantSource clock = InstantSource.system();

        private Builder() {
        }

        /** Adds a server to send to (unicast; SOLICIT and REBIND go to every server added). */
        public Builder server(InetSocketAddress value) {
            servers.add(Objects.requireNonNull(value, "server"));
            return this;
        }

        /** Number of simulated clients, default 1. */
        public Builder clients(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("clients must be at least 1: " + value);
            }
            clients = value;
            return this;
        }

        /** Which IAs each client asks for: an IA_NA, an IA_PD, or both. Default: IA_NA only. */
        public Builder want(boolean address, boolean prefix) {
            if (!address && !prefix) {
                throw new IllegalArgumentException("clients must want an address, a prefix or both");
            }
            wantAddress = address;
            wantPrefix = prefix;
            return this;
        }

        /** Real duration of one protocol second (lifetimes, T1, T2); default 1 s. */
        public Builder wireSecond(Duration value) {
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException("wireSecond must be positive: " + value);
            }
            wireSecond = value;
            return this;
        }

        /** Fixed retransmission interval (real time), and tries before SOLICIT/REQUEST start over. */
        public Builder retransmit(Duration interval, int attempts) {
            if (interval.isNegative() || interval.isZero() || attempts < 1) {
                throw new IllegalArgumentException("retransmit needs a positive interval and attempts: "
                        + interval + ", " + attempts);
            }
            retransmit = interval;
            maxAttempts = attempts;
            return this;
        }

        /** Local address of the client socket; default {@code [::]} with an ephemeral port. */
        public Builder bind(InetSocketAddress value) {
            bind = Objects.requireNonNull(value, "bind");
            return this;
        }

        /** Seed for DUIDs and transaction ids; drivers running side by side need different seeds. */
        public Builder seed(long value) {
            seed = value;
            return this;
        }

        /** Clock for {@link Holding#validUntil()}; default the system clock. */
        public Builder clock(InstantSource value) {
            clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /**
         * Opens the socket; call {@link DhcpClientDriver#start()} to begin.
         *
         * @throws IOException if the socket cannot be bound
         */
        public DhcpClientDriver build() throws IOException {
            if (servers.isEmpty()) {
                throw new IllegalStateException("at least one server is required");
            }
            return new DhcpClientDriver(this);
        }
    }
}
