package org.dhcpv6.failover.examples.bench;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import org.dhcpv6.failover.api.AddressPool;
import org.dhcpv6.failover.api.Binding;
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
 * One measured round of {@link SyncThroughputBenchmark}: a fresh primary and secondary on
 * loopback with fresh stores (in memory by default, so the disk is not what is measured; journal
 * or PostgreSQL stores when asked), NORMAL, then the primary
 * grants {@code n} address leases through its hooks and the round ends when the secondary holds
 * every one and the primary has none pending.
 */
final class SyncRound {

    private static final String NAME = "bench";
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    /** What one round measured; times in seconds from the first grant. */
    record Result(String transport, int bindings, double grantSeconds, double totalSeconds) {
        double bindingsPerSecond() {
            return bindings / totalSeconds;
        }
    }

    private SyncRound() {
    }

    /** Runs one round with fresh transports from the two factories and in-memory stores. */
    static Result run(String transportName, Callable<Transport> primaryTransport,
            Callable<Transport> secondaryTransport, int n) throws Exception {
        return run(transportName, primaryTransport, secondaryTransport, RoundStores.memory(), n);
    }

    /** Runs one round with fresh transports and the given stores, which it closes at the end. */
    static Result run(String transportName, Callable<Transport> primaryTransport,
            Callable<Transport> secondaryTransport, RoundStores stores, int n) throws Exception {
        try (stores) {
            return runOn(transportName, primaryTransport, secondaryTransport, stores, n);
        }
    }

    private static Result runOn(String transportName, Callable<Transport> primaryTransport,
            Callable<Transport> secondaryTransport, RoundStores stores, int n) throws Exception {
        InetSocketAddress secondaryAddress;
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (ServerSocket probe = new ServerSocket(0, 1, loopback)) {
            secondaryAddress = new InetSocketAddress(loopback, probe.getLocalPort());
        }
        FailoverServer primary = server(Role.PRIMARY, primaryTransport.call(), secondaryAddress,
                stores.open(Role.PRIMARY));
        FailoverServer secondary = server(Role.SECONDARY, secondaryTransport.call(), secondaryAddress,
                stores.open(Role.SECONDARY));
        try {
            secondary.start();
            primary.start();
            await("both NORMAL", () -> primary.status(NAME).state() == ServerState.NORMAL
                    && secondary.status(NAME).state() == ServerState.NORMAL);
            LeaseHooks hooks = primary.hooks(NAME);
            List<Ipv6Address> granted = new ArrayList<>(n);
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                granted.add(grant(hooks, i));
            }
            long grantsDone = System.nanoTime();
            LeaseHooks theirs = secondary.hooks(NAME);
            // Walks from where the last poll stopped, so a poll costs only the newly synced bindings.
            int[] next = {0};
            await("secondary holds all " + n + " and the primary has none pending", () -> {
                while (next[0] < n && synced(hooks, theirs, granted.get(next[0]))) {
                    next[0]++;
                }
                return next[0] == n;
            });
            long end = System.nanoTime();
            // A binding seen synced early could only change again through a later grant of the same
            // address; next-free never gives one twice, but check the whole table once at the end anyway.
            for (Ipv6Address a : granted) {
                if (!synced(hooks, theirs, a)) {
                    throw new IllegalStateException("not synced at the end: " + a);
                }
            }
            return new Result(transportName, n, (grantsDone - start) / 1e9, (end - start) / 1e9);
        } finally {
            secondary.close();
            primary.close();
        }
    }

    private static Ipv6Address grant(LeaseHooks hooks, int i) {
        ClientIdentity client = new ClientIdentity(Duid.parseHex(String.format("0001000100%06x", i)), i,
                IaType.IA_NA);
        Ipv6Address address = hooks.nextFreeAddress()
                .orElseThrow(() -> new IllegalStateException("no free address at grant " + i));
        LeaseDecision d = hooks.beforeReply(LeaseRequest.of(MessageKind.REQUEST, client, address, 1800, 3600,
                false));
        if (d.outcome() != LeaseDecision.Outcome.GRANTED) {
            throw new IllegalStateException("grant " + i + " of " + address + " refused: " + d);
        }
        hooks.afterReply(d);
        return address;
    }

    private static boolean synced(LeaseHooks ours, LeaseHooks theirs, Ipv6Address a) {
        Binding mine = ours.binding(a).orElseThrow();
        Binding copy = theirs.binding(a).orElse(null);
        return !mine.partnerUpdatePending() && copy != null && mine.client().equals(copy.client())
                && mine.status() == copy.status();
    }

    private static FailoverServer server(Role role, Transport transport, InetSocketAddress secondaryAddress,
            LeaseStore store) throws Exception {
        RelationshipConfig.Builder config = RelationshipConfig.builder(NAME, role)
                .mclt(Duration.ofSeconds(60))
                .keepalive(Duration.ofSeconds(10))
                .startupTime(Duration.ofMillis(500))
                .connectRetry(Duration.ofMillis(100), Duration.ofMillis(400))
                .addressPool(AddressPool.parse("2001:db8:1::/64"));
        if (role == Role.PRIMARY) {
            config.partnerAddress(secondaryAddress);
        } else {
            config.partnerAddress(new InetSocketAddress(secondaryAddress.getAddress(), 647))
                    .localAddress(secondaryAddress);
        }
        return FailoverServer.builder().transport(transport)
                .relationship(config.build(), store, FailoverListener.NONE).build();
    }

    private static void await(String what, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out after " + TIMEOUT + " waiting for " + what);
            }
            Thread.sleep(2);
        }
    }
}
