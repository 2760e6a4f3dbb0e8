package org.dhcpv6.failover.examples.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import org.dhcpv6.failover.api.AddressPool;
import org.dhcpv6.failover.api.Binding;
import org.dhcpv6.failover.api.BindingStatus;
import org.dhcpv6.failover.api.ClientIdentity;
import org.dhcpv6.failover.api.Duid;
import org.dhcpv6.failover.api.FailoverListener;
import org.dhcpv6.failover.api.IaType;
import org.dhcpv6.failover.api.Ipv6Address;
import org.dhcpv6.failover.api.LeaseDecision;
import org.dhcpv6.failover.api.LeaseHooks;
import org.dhcpv6.failover.api.LeaseRequest;
import org.dhcpv6.failover.api.LeaseStore;
import org.dhcpv6.failover.api.MessageKind;
import org.dhcpv6.failover.api.RelationshipConfig;
import org.dhcpv6.failover.api.Role;
import org.dhcpv6.failover.api.ServerState;
import org.dhcpv6.failover.api.Transport;
import org.dhcpv6.failover.core.runtime.FailoverServer;

/**
 * One round of {@link ResyncBenchmark}: a primary that has served alone (PARTNER-DOWN, as after its
 * partner's disk was replaced) holds {@code n} address leases granted through its hooks; a secondary
 * with an empty store starts, goes to RECOVER and asks for everything (UPDREQALL). The round times
 * the secondary from its start until the primary's UPDDONE has taken it out of RECOVER and it holds
 * every binding, with the primary's client and status.
 */
final class ResyncRound {

    private static final String NAME = "resync";
    private static final Duration TIMEOUT = Duration.ofMinutes(30);
    /** Concurrent granting threads: the journal's group commit shares one flush among them. */
    private static final int GRANT_THREADS = 64;

    /** What one round measured. Heap figures are bytes retained after a full GC. */
    record Result(String link, String store, int bindings, double grantSeconds, double resyncSeconds,
            long primaryHeap, long secondaryHeap, long peakHeap, double cpuSeconds, long primaryFlushes,
            long secondaryFlushes) {
        double bindingsPerSecond() {
            return bindings / resyncSeconds;
        }

        /** CPU of the whole process (both servers) during the resync, per binding, in microseconds. */
        double cpuMicrosPerBinding() {
            return cpuSeconds * 1e6 / bindings;
        }

        /** Durable flushes of one side's store during the resync per binding, or -1 when its store does not count them. */
        double flushesPerBinding(Role side) {
            long flushes = side == Role.PRIMARY ? primaryFlushes : secondaryFlushes;
            return flushes < 0 ? -1 : (double) flushes / bindings;
        }
    }

    private ResyncRound() {
    }

    /** Runs one round on the given stores ({@code store} names them in the result) and closes them at the end. */
    static Result run(String link, Callable<Transport> primaryTransport, Callable<Transport> secondaryTransport,
            String store, RoundStores stores, int n, int maxUnacked) throws Exception {
        return run(link, primaryTransport, secondaryTransport, store, stores, n, maxUnacked, false);
    }

    /**
     * As above; with {@code synced}, a first secondary (in memory, not timed) takes every binding
     * and acknowledges it before the secondary with the empty store starts: the primary then has
     * nothing flagged for its partner, as after a disk replaced on a pair that was in NORMAL.
     */
    static Result run(String link, Callable<Transport> primaryTransport, Callable<Transport> secondaryTransport,
            String store, RoundStores stores, int n, int maxUnacked, boolean synced) throws Exception {
        try (stores) {
            return runOn(link, primaryTransport, secondaryTransport, store, stores, n, maxUnacked, synced);
        }
    }

    private static Result runOn(String link, Callable<Transport> primaryTransport,
            Callable<Transport> secondaryTransport, String store, RoundStores stores, int n, int maxUnacked,
            boolean synced) throws Exception {
        InetSocketAddress secondaryAddress = freeLoopbackPort();
        resetPeakHeap();
        long baseHeap = retainedHeap();
        FailoverServer primary = server(Role.PRIMARY, primaryTransport.call(), secondaryAddress,
                stores.open(Role.PRIMARY), maxUnacked);
        FailoverServer secondary = null;
        try {
            primary.start();
            await("the primary alone in PARTNER-DOWN", () -> primary.status(NAME).state() == ServerState.PARTNER_DOWN);
            long grantStart = System.nanoTime();
            List<Ipv6Address> granted = grantAll(primary.hooks(NAME), n);
            double grantSeconds = (System.nanoTime() - grantStart) / 1e9;
            if (synced) {
                syncFirst(primary, secondaryTransport.call(), secondaryAddress, n, maxUnacked);
            }
            long primaryHeap = retainedHeap() - baseHeap;

            FailoverServer second = server(Role.SECONDARY, secondaryTransport.call(), secondaryAddress,
                    stores.open(Role.SECONDARY), maxUnacked);
            secondary = second;
            phase("resync start");
            double cpuStart = ProcessCpu.seconds();
            long primaryFlushStart = stores.flushes(Role.PRIMARY);
            long secondaryFlushStart = stores.flushes(Role.SECONDARY);
            long start = System.nanoTime();
            second.start();
            LeaseHooks ours = primary.hooks(NAME);
            LeaseHooks theirs = second.hooks(NAME);
            await("the secondary's UPDREQALL answered and all " + n + " bindings held", () -> {
                ServerState s = second.status(NAME).state();
                return s != ServerState.STARTUP && s != ServerState.RECOVER && tableSize(second) >= n;
            });
            double resyncSeconds = (System.nanoTime() - start) / 1e9;
            double cpuSeconds = ProcessCpu.seconds() - cpuStart;
            long primaryFlushes = flushesSince(stores, Role.PRIMARY, primaryFlushStart);
            long secondaryFlushes = flushesSince(stores, Role.SECONDARY, secondaryFlushStart);
            phase("resync end");
            for (Ipv6Address a : granted) {
                Binding mine = ours.binding(a).orElseThrow();
                Binding copy = theirs.binding(a).orElseThrow(() -> new IllegalStateException("not resynced: " + a));
                if (!sameLease(mine, copy)) {
                    throw new IllegalStateException("resynced wrongly: " + a + " " + copy + " vs " + mine);
                }
            }
            if (tableSize(second) != tableSize(primary)) {
                throw new IllegalStateException("tables differ in size: secondary " + tableSize(second)
                        + ", primary " + tableSize(primary));
            }
            long secondaryHeap = retainedHeap() - baseHeap - primaryHeap;
            return new Result(link, store, n, grantSeconds, resyncSeconds, primaryHeap, secondaryHeap, peakHeap(),
                    cpuSeconds, primaryFlushes, secondaryFlushes);
        } finally {
            if (secondary != null) {
                secondary.close();
            }
            primary.close();
        }
    }

    private static long flushesSince(RoundStores stores, Role side, long start) {
        long now = stores.flushes(side);
        return now < 0 || start < 0 ? -1 : now - start;
    }

    /** Lets a throwaway secondary take and acknowledge all {@code n} bindings, then stops it. */
    private static void syncFirst(FailoverServer primary, Transport transport, InetSocketAddress secondaryAddress,
            int n, int maxUnacked) throws Exception {
        try (FailoverServer first = server(Role.SECONDARY, transport, secondaryAddress,
                new org.dhcpv6.failover.core.store.InMemoryLeaseStore(), maxUnacked)) {
            first.start();
            await("a first secondary holding all " + n + " bindings, each acknowledged", () -> {
                org.dhcpv6.failover.api.EndpointQueues q = queues(primary);
                return first.status(NAME).state() == ServerState.NORMAL && tableSize(first) >= n
                        && q != null && q.queuedUpdates() == 0 && q.updatesAwaitingAck() == 0;
            });
        }
        await("the primary without its partner", () -> primary.status(NAME).state() != ServerState.NORMAL);
    }

    private static org.dhcpv6.failover.api.EndpointQueues queues(FailoverServer server) {
        try {
            return server.queues(NAME);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /**
     * With {@code -Dbench.phases=true}, marks a phase on stderr with the wall-clock time, so that a
     * trace of the process (strace -ttt) can be cut to the resync alone.
     */
    private static void phase(String what) {
        if (Boolean.getBoolean("bench.phases")) {
            java.time.Instant t = java.time.Instant.now();
            System.err.printf(java.util.Locale.ROOT, "phase %s %d.%06d%n", what, t.getEpochSecond(), t.getNano() / 1000);
        }
    }

    private static List<Ipv6Address> grantAll(LeaseHooks hooks, int n) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(GRANT_THREADS);
        try {
            List<Future<List<Ipv6Address>>> parts = new ArrayList<>();
            for (int t = 0; t < GRANT_THREADS; t++) {
                int first = t;
                parts.add(pool.submit(() -> {
                    List<Ipv6Address> mine = new ArrayList<>();
                    for (int i = first; i < n; i += GRANT_THREADS) {
                        mine.add(grant(hooks, i));
                    }
                    return mine;
                }));
            }
            List<Ipv6Address> all = new ArrayList<>(n);
            for (Future<List<Ipv6Address>> part : parts) {
                all.addAll(part.get());
            }
            return all;
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Grants one lease. Next-free is a candidate that a concurrent caller may take first; the
     * loser sees IN_USE and asks again.
     */
    private static Ipv6Address grant(LeaseHooks hooks, int i) {
        ClientIdentity client = new ClientIdentity(Duid.parseHex(String.format("0001000100%08x", i)), 1,
                IaType.IA_NA);
        for (int attempt = 0; attempt < 1000; attempt++) {
            Ipv6Address address = hooks.nextFreeAddress()
                    .orElseThrow(() -> new IllegalStateException("no free address at grant " + i));
            LeaseDecision d = hooks.beforeReply(LeaseRequest.of(MessageKind.REQUEST, client, address, 1800, 3600,
                    false));
            if (d.outcome() == LeaseDecision.Outcome.GRANTED) {
                hooks.afterReply(d);
                return address;
            }
            if (d.outcome() != LeaseDecision.Outcome.IN_USE) {
                throw new IllegalStateException("grant " + i + " of " + address + " refused: " + d);
            }
        }
        throw new IllegalStateException("grant " + i + " lost the race for a free address 1000 times");
    }

    /**
     * The same lease: client, status and lifetimes alike, and the end of the lease within the
     * skew estimate's error (partner times are translated by it, RFC 8156 times are whole seconds).
     */
    private static boolean sameLease(Binding mine, Binding copy) {
        return mine.client().equals(copy.client()) && copy.status() == BindingStatus.ACTIVE
                && mine.status() == BindingStatus.ACTIVE && mine.validLifetimeSeconds() == copy.validLifetimeSeconds()
                && mine.preferredLifetimeSeconds() == copy.preferredLifetimeSeconds()
                && Duration.between(mine.stateExpirationTime(), copy.stateExpirationTime()).abs()
                        .compareTo(Duration.ofSeconds(2)) <= 0;
    }

    private static int tableSize(FailoverServer server) {
        try {
            return server.queues(NAME).bindings();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static FailoverServer server(Role role, Transport transport, InetSocketAddress secondaryAddress,
            LeaseStore store, int maxUnacked) throws Exception {
        RelationshipConfig.Builder config = RelationshipConfig.builder(NAME, role)
                .mclt(Duration.ofSeconds(60))
                .keepalive(Duration.ofSeconds(30))
                .maxUnackedBndupd(maxUnacked)
                .startupTime(Duration.ofMillis(500))
                .connectRetry(Duration.ofMillis(100), Duration.ofMillis(400))
                .addressPool(AddressPool.parse("2001:db8:1::/64"));
        if (role == Role.PRIMARY) {
            // A fresh primary with no partner history: it may serve alone after startup.
            config.partnerAddress(secondaryAddress).startAloneIfPartnerNeverSeen(true);
        } else {
            config.partnerAddress(new InetSocketAddress(secondaryAddress.getAddress(), 647))
                    .localAddress(secondaryAddress);
        }
        return FailoverServer.builder().transport(transport)
                .relationship(config.build(), store, FailoverListener.NONE).build();
    }

    private static InetSocketAddress freeLoopbackPort() throws IOException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (ServerSocket probe = new ServerSocket(0, 1, loopback)) {
            return new InetSocketAddress(loopback, probe.getLocalPort());
        }
    }

    private static long retainedHeap() {
        for (int i = 0; i < 2; i++) {
            System.gc();
        }
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    private static void resetPeakHeap() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    /** The sum of the heap pools' peaks: an upper bound of the peak heap in use. */
    private static long peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    private static void await(String what, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out after " + TIMEOUT + " waiting for " + what);
            }
            Thread.sleep(5);
        }
    }
}
