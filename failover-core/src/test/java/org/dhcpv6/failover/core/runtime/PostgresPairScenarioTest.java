package org.dhcpv6.failover.core.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
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
import org.dhcpv6.failover.core.store.InMemoryLeaseStore;
import org.dhcpv6.failover.core.store.JdbcLeaseStore;
import org.dhcpv6.failover.core.testfixtures.PostgresServer;
import org.dhcpv6.failover.core.transport.TcpTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A primary and a secondary over loopback TCP with their leases in a real PostgreSQL server
 * ({@link PostgresServer}): leases granted through the hooks reach the secondary's database; and
 * the secondary's database stops and starts while both serve, where the secondary answers
 * NOT_COMMITTED, refuses the partner's BNDUPDs it cannot store (the primary keeps them pending),
 * and both recover without a restart.
 */
class PostgresPairScenarioTest {

    private static final String NAME = "pg-pair";
    private final List<FailoverServer> running = new ArrayList<>();
    private final List<HikariDataSource> pools = new ArrayList<>();
    private final AtomicInteger clients = new AtomicInteger();
    private InetSocketAddress secondaryAddress;

    @AfterEach
    void stopAll() {
        running.forEach(FailoverServer::close);
        pools.forEach(HikariDataSource::close);
    }

    @Test
    void bothOnPostgresTheSecondaryEndsWithEveryBinding() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        HikariDataSource pool = pool(pg);
        String secondaryName = PostgresServer.uniqueName("pair-secondary");
        FailoverServer primary = start(Role.PRIMARY, JdbcLeaseStore.open(pool, PostgresServer.uniqueName("pair-primary")),
                FailoverListener.NONE);
        FailoverServer secondary = start(Role.SECONDARY, JdbcLeaseStore.open(pool, secondaryName), FailoverListener.NONE);
        awaitNormal(primary, secondary);

        Map<Ipv6Address, ClientIdentity> granted = new ConcurrentHashMap<>();
        for (int i = 0; i < 1000; i++) {
            grant(primary.hooks(NAME), granted);
        }
        await("every binding at the secondary", Duration.ofSeconds(60), () -> unsynced(primary, secondary, granted) == null);

        // The secondary's database, read by a fresh store, holds every lease.
        LeaseStore reread = JdbcLeaseStore.open(pool, secondaryName);
        for (Map.Entry<Ipv6Address, ClientIdentity> e : granted.entrySet()) {
            Optional<Binding> b = reread.get(e.getKey());
            assertTrue(b.isPresent() && e.getValue().equals(b.get().client()), e.getKey() + ": " + b);
        }
    }

    @Test
    void theSecondarysDatabaseStopsAndStartsUnderLoad() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        HikariDataSource pool = pool(pg);
        String secondaryName = PostgresServer.uniqueName("down-secondary");
        FailoverServer primary = start(Role.PRIMARY, new InMemoryLeaseStore(), FailoverListener.NONE);
        FailoverServer secondary = start(Role.SECONDARY, JdbcLeaseStore.open(pool, secondaryName), FailoverListener.NONE);
        awaitNormal(primary, secondary);
        Map<Ipv6Address, ClientIdentity> granted = new ConcurrentHashMap<>();
        for (int i = 0; i < 100; i++) {
            grant(primary.hooks(NAME), granted);
        }
        await("first leases at the secondary", Duration.ofSeconds(30), () -> unsynced(primary, secondary, granted) == null);
        // The secondary is renew-responsive in NORMAL: it renews a client directed to it, and
        // commits that renewal to its database first.
        List<Map.Entry<Ipv6Address, ClientIdentity>> renewable = new ArrayList<>(granted.entrySet());
        assertEquals(LeaseDecision.Outcome.GRANTED, renew(secondary.hooks(NAME), renewable.get(0)).outcome());

        // Load at the primary all through the stop and the start: a grant every 5 ms.
        AtomicBoolean stopLoad = new AtomicBoolean();
        Thread load = new Thread(() -> {
            for (int i = 0; i < 3000 && !stopLoad.get(); i++) {
                grant(primary.hooks(NAME), granted);
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "primary-load");
        load.start();
        Map<Ipv6Address, ClientIdentity> secondaryGranted = new ConcurrentHashMap<>();
        try {
            pg.stopServer();
            try {
                int before = granted.size();
                await("the primary granting while the database is down", Duration.ofSeconds(10),
                        () -> granted.size() > before + 50);
                for (int i = 1; i <= 20; i++) {
                    Binding stored = secondary.hooks(NAME).binding(renewable.get(i).getKey()).orElseThrow();
                    LeaseDecision d = renew(secondary.hooks(NAME), renewable.get(i));
                    assertEquals(LeaseDecision.Outcome.NOT_COMMITTED, d.outcome(), d.toString());
                    assertEquals(stored, secondary.hooks(NAME).binding(renewable.get(i).getKey()).orElseThrow(),
                            "a renewal the store refused must leave the binding as it was");
                }
                // A turn whose BNDUPDs it cannot store answers none of them and the store outage
                // takes the secondary out of service (docs/decisions/0002-store-outage.md): the
                // primary is cut off and keeps its leases pending.
                await("the secondary out of service and the primary cut off", Duration.ofSeconds(10),
                        () -> !secondary.status(NAME).storeAvailable()
                                && primary.status(NAME).state() == ServerState.COMMUNICATIONS_INTERRUPTED);
                Ipv6Address refused = firstMissingAtSecondary(secondary, granted);
                assertTrue(refused != null, "some lease of the primary must be missing at the secondary");
                assertTrue(primary.hooks(NAME).binding(refused).orElseThrow().partnerUpdatePending(),
                        "the primary keeps a refused lease pending");
            } finally {
                pg.startServer();
            }
            AtomicInteger next = new AtomicInteger(21);
            await("the secondary renewing again", Duration.ofSeconds(20), () -> {
                LeaseDecision d = renew(secondary.hooks(NAME), renewable.get(next.getAndIncrement()));
                if (d.allowed()) {
                    secondaryGranted.put((Ipv6Address) d.request().resource(), d.request().client());
                    secondary.hooks(NAME).afterReply(d);
                }
                return d.allowed();
            });
        } finally {
            stopLoad.set(true);
            load.join();
        }
        // The pending leases go again once the primary is back in touch.
        await("every lease of the primary at the secondary", Duration.ofSeconds(75),
                () -> unsynced(primary, secondary, granted) == null);
        assertEquals(ServerState.NORMAL, primary.status(NAME).state());
        assertEquals(ServerState.NORMAL, secondary.status(NAME).state());
        LeaseStore reread = JdbcLeaseStore.open(pool, secondaryName);
        for (Map<Ipv6Address, ClientIdentity> leases : List.of(granted, secondaryGranted)) {
            for (Map.Entry<Ipv6Address, ClientIdentity> e : leases.entrySet()) {
                Optional<Binding> b = reread.get(e.getKey());
                assertTrue(b.isPresent() && e.getValue().equals(b.get().client()), e.getKey() + ": " + b);
            }
        }
        System.out.printf("%s: %d leases of the primary, all at the secondary after the database came back%n",
                getClass().getSimpleName(), granted.size());
    }

    private HikariDataSource pool(PostgresServer pg) {
        HikariDataSource pool = pg.newPool(8);
        pools.add(pool);
        return pool;
    }

    private FailoverServer start(Role role, LeaseStore store, FailoverListener listener) throws Exception {
        if (secondaryAddress == null) {
            InetAddress loopback = InetAddress.getLoopbackAddress();
            try (ServerSocket s = new ServerSocket(0, 1, loopback)) {
                secondaryAddress = new InetSocketAddress(loopback, s.getLocalPort());
            }
        }
        RelationshipConfig.Builder b = RelationshipConfig.builder(NAME, role)
                .mclt(Duration.ofSeconds(60))
                .keepalive(Duration.ofSeconds(10))
                .startupTime(Duration.ofMillis(500))
                .connectRetry(Duration.ofMillis(100), Duration.ofMillis(400))
                .addressPool(AddressPool.parse("2001:db8:1::/64"));
        if (role == Role.PRIMARY) {
            b.partnerAddress(secondaryAddress);
        } else {
            b.partnerAddress(new InetSocketAddress(secondaryAddress.getAddress(), 647)).localAddress(secondaryAddress);
        }
        FailoverServer server = FailoverServer.builder().transport(TcpTransport.insecurePlaintext())
                .relationship(b.build(), store, listener).build();
        server.start();
        running.add(server);
        return server;
    }

    /** A REQUEST for the next free address of {@code hooks}, by a new client; recorded when granted. */
    private void grant(LeaseHooks hooks, Map<Ipv6Address, ClientIdentity> granted) {
        LeaseDecision d = request(hooks);
        if (d.outcome() != LeaseDecision.Outcome.GRANTED) {
            throw new AssertionError("grant of " + d.request().resource() + ": " + d);
        }
        hooks.afterReply(d);
        granted.put((Ipv6Address) d.request().resource(), d.request().client());
    }

    private LeaseDecision request(LeaseHooks hooks) {
        int n = clients.incrementAndGet();
        ClientIdentity client = new ClientIdentity(Duid.parseHex(String.format("0001000100%06x", n)), n, IaType.IA_NA);
        Ipv6Address address = hooks.nextFreeAddress().orElseThrow(() -> new AssertionError("no free address"));
        return hooks.beforeReply(LeaseRequest.of(MessageKind.REQUEST, client, address, 1800, 3600, false));
    }

    private static LeaseDecision renew(LeaseHooks hooks, Map.Entry<Ipv6Address, ClientIdentity> lease) {
        return hooks.beforeReply(LeaseRequest.of(MessageKind.RENEW, lease.getValue(), lease.getKey(), 1800, 3600, true));
    }

    private static Ipv6Address firstMissingAtSecondary(FailoverServer secondary, Map<Ipv6Address, ClientIdentity> granted) {
        for (Ipv6Address a : granted.keySet()) {
            if (secondary.hooks(NAME).binding(a).isEmpty()) {
                return a;
            }
        }
        return null;
    }

    /** The first lease that differs at the secondary or is still pending at the primary, or null. */
    private static String unsynced(FailoverServer primary, FailoverServer secondary,
            Map<Ipv6Address, ClientIdentity> granted) {
        for (Map.Entry<Ipv6Address, ClientIdentity> e : granted.entrySet()) {
            Binding ours = primary.hooks(NAME).binding(e.getKey()).orElseThrow();
            Optional<Binding> theirs = secondary.hooks(NAME).binding(e.getKey());
            if (ours.partnerUpdatePending() || theirs.isEmpty() || !e.getValue().equals(theirs.get().client())
                    || theirs.get().status() != ours.status()) {
                return e.getKey() + ": primary " + ours + ", secondary " + theirs;
            }
        }
        return null;
    }

    private static void awaitNormal(FailoverServer a, FailoverServer b) throws InterruptedException {
        await("both NORMAL", Duration.ofSeconds(15), () -> a.status(NAME).state() == ServerState.NORMAL
                && b.status(NAME).state() == ServerState.NORMAL);
    }

    private static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            Thread.sleep(20);
        }
    }
}
