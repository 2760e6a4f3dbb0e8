package org.dhcpv6.failover.core.runtime;

import static org.dhcpv6.failover.core.testfixtures.PairScenarioContractTest.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.dhcpv6.failover.api.AddressPool;
import org.dhcpv6.failover.api.Binding;
import org.dhcpv6.failover.api.ClientIdentity;
import org.dhcpv6.failover.api.ClockSource;
import org.dhcpv6.failover.api.Duid;
import org.dhcpv6.failover.api.EndpointQueues;
import org.dhcpv6.failover.api.IaType;
import org.dhcpv6.failover.api.Ipv6Address;
import org.dhcpv6.failover.api.Ipv6Prefix;
import org.dhcpv6.failover.api.LeaseDecision;
import org.dhcpv6.failover.api.LeaseDecision.Outcome;
import org.dhcpv6.failover.api.LeaseHooks;
import org.dhcpv6.failover.api.LeaseRequest;
import org.dhcpv6.failover.api.MessageKind;
import org.dhcpv6.failover.api.PrefixPool;
import org.dhcpv6.failover.api.RelationshipConfig;
import org.dhcpv6.failover.api.Role;
import org.dhcpv6.failover.api.ServerState;
import org.dhcpv6.failover.core.store.JournalLeaseStore;
import org.dhcpv6.failover.core.store.JournalOptions;
import org.dhcpv6.failover.core.testfixtures.PairScenarioContractTest;
import org.dhcpv6.failover.core.transport.TcpTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bulk resynchronisation over real loopback TCP with journal stores: 10,000 leases reach the
 * secondary lazily; a secondary, then a primary, that lost its storage gets all of them back with
 * UPDREQALL, and the pair returns to NORMAL. Prints bindings per second for each sync.
 *
 * <p>RECOVER-WAIT lasts MCLT (60 s, the smallest that lets a first lease reach 30 s under the
 * MCLT cap is 30 s); rather than sleep through it, both servers share a clock whose wall time the
 * test steps forward once the data is in. Monotonic time is never stepped, so keepalive is real.
 */
class BulkSyncOverTcpTest {

    private static final String REL = "bulk";
    private static final int LEASES = 10_000;
    private static final long DAY = Duration.ofDays(1).toSeconds();
    private static final Duration MCLT = Duration.ofSeconds(60);
    private static final JournalOptions NO_FSYNC = JournalOptions.defaults().withFsync(false);

    @TempDir
    Path tmp;
    private final SteppedClock clock = new SteppedClock();
    private final List<Node> running = new ArrayList<>();
    private final List<Ipv6Address> leased = new ArrayList<>();
    private InetSocketAddress secondaryAddress;
    private InetAddress loopback;

    /** System time whose wall clock the test can step forward; shared by both servers. */
    static final class SteppedClock implements ClockSource {
        private final AtomicLong offsetMillis = new AtomicLong();

        @Override
        public Instant wallTime() {
            return Instant.now().plusMillis(offsetMillis.get());
        }

        @Override
        public long monotonicNanos() {
            return System.nanoTime();
        }

        void step(Duration d) {
            offsetMillis.addAndGet(d.toMillis());
        }
    }

    /** One running server with its store. */
    private record Node(FailoverServer server, JournalLeaseStore store, PairScenarioContractTest.Transitions path) {
        LeaseHooks hooks() {
            return server.hooks(REL);
        }

        ServerState state() {
            return server.status(REL).state();
        }
    }

    @AfterEach
    void stopAll() throws Exception {
        for (Node n : running) {
            n.server().close();
            n.store().close();
        }
    }

    private static java.util.List<org.dhcpv6.failover.api.Binding> snapshotOf(JournalLeaseStore store)
            throws Exception {
        java.util.List<org.dhcpv6.failover.api.Binding> all = new java.util.ArrayList<>();
        store.forEach(all::add);
        return all;
    }

    private Node start(Role role, Path dir) throws Exception {
        RelationshipConfig.Builder b = RelationshipConfig.builder(REL, role).mclt(MCLT)
                .keepalive(Duration.ofSeconds(2)).startupTime(Duration.ofMillis(500))
                .connectRetry(Duration.ofMillis(100), Duration.ofMillis(400))
                .addressPool(AddressPool.parse("2001:db8:1::/64"))
                .prefixPool(PrefixPool.of(Ipv6Prefix.parse("2001:db8:100::/48"), 56));
        if (role == Role.PRIMARY) {
            b.partnerAddress(secondaryAddress);
        } else {
            b.partnerAddress(new InetSocketAddress(loopback, 647)).localAddress(secondaryAddress);
        }
        JournalLeaseStore store = JournalLeaseStore.open(dir, NO_FSYNC);
        PairScenarioContractTest.Transitions path = new PairScenarioContractTest.Transitions();
        FailoverServer server = FailoverServer.builder().transport(TcpTransport.insecurePlaintext()).clock(clock)
                .relationship(b.build(), store, path).build();
        server.start();
        Node n = new Node(server, store, path);
        running.add(n);
        return n;
    }

    /** Graceful stop (DISCONNECT with ServerShuttingDown), then the store is flushed and closed. */
    private void stop(Node n) throws Exception {
        running.remove(n);
        n.server().close();
        n.store().close();
    }

    static ClientIdentity client(int i) {
        // 1,000 DUIDs with ten IA_NAs each: several leases per client, many clients.
        return new ClientIdentity(Duid.parseHex(String.format("0001000100%06x", i / 10)), i % 10, IaType.IA_NA);
    }

    @Test
    void tenThousandLeasesSyncLazilyAndBothRolesRecoverThemAfterLosingStorage() throws Exception {
        loopback = InetAddress.getLoopbackAddress();
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, loopback)) {
            secondaryAddress = new InetSocketAddress(loopback, probe.getLocalPort());
        }
        Node primary = start(Role.PRIMARY, tmp.resolve("p"));
        Node secondary = start(Role.SECONDARY, tmp.resolve("s"));
        awaitNormal(primary, secondary);

        // 1. New leases: each gets MCLT first; the lazy BNDUPDs carry them to the secondary.
        long t0 = System.nanoTime();
        for (int i = 0; i < LEASES; i++) {
            Ipv6Address a = primary.hooks().nextFreeAddress().orElseThrow();
            assertEquals(Outcome.GRANTED, ask(primary.hooks(), MessageKind.REQUEST, i, a, false).outcome());
            leased.add(a);
        }
        long granted = System.nanoTime();
        awaitSynced(primary, secondary);
        report("grant (REQUEST hooks, journal, no fsync)", granted - t0);
        report("initial lazy sync (grant start to last BNDREPLY)", System.nanoTime() - t0);

        // 2. Renewals: the acknowledged partner lifetime now allows the full day.
        long r0 = System.nanoTime();
        for (int i = 0; i < LEASES; i++) {
            LeaseDecision d = ask(primary.hooks(), MessageKind.RENEW, i, leased.get(i), true);
            assertEquals(DAY, d.validSeconds(), () -> "renewal of " + d.request().resource());
        }
        awaitSynced(primary, secondary);
        report("renewal sync", System.nanoTime() - r0);
        // 10,000 renewals leave one expiry look per lease, not one per grant.
        EndpointQueues q = primary.server().queues(REL);
        assertTrue(q.bindings() >= LEASES, q::toString);
        assertTrue(q.expiryEntries() <= q.bindings(), q::toString);
        assertTrue(q.updatesAwaitingAck() <= q.bindings(), q::toString);

        // 3. What the secondary acknowledged is in its journal, not only in its table.
        stop(secondary);
        try (JournalLeaseStore reopened = JournalLeaseStore.open(tmp.resolve("s"), NO_FSYNC)) {
            // The 10,000 leases, plus the prefixes the primary gave the secondary as FREE-BACKUP.
            long addresses = snapshotOf(reopened).stream().filter(b -> b.resource() instanceof Ipv6Address).count();
            assertEquals(LEASES, addresses);
            for (int i = 0; i < LEASES; i++) {
                Ipv6Address a = leased.get(i);
                assertSame(primary.hooks().binding(a).orElseThrow(), reopened.get(a).orElseThrow(), i);
            }
        }

        // 4. The secondary comes back with an empty store: RECOVER, UPDREQALL, everything again.
        deleteTree(tmp.resolve("s"));
        long s0 = System.nanoTime();
        Node freshSecondary = start(Role.SECONDARY, tmp.resolve("s"));
        awaitHolds(freshSecondary, primary);
        report("secondary recovery (UPDREQALL, restart to last binding)", System.nanoTime() - s0);
        assertEquals("STARTUP>RECOVER", freshSecondary.path().seen.get(0), freshSecondary.path().seen.toString());
        finishRecoverWait(primary, freshSecondary);
        assertTrue(freshSecondary.path().seen.contains("RECOVER_WAIT>RECOVER_DONE"), freshSecondary.path().seen.toString());

        // 5. Then the primary loses its store.
        stop(primary);
        deleteTree(tmp.resolve("p"));
        long p0 = System.nanoTime();
        Node freshPrimary = start(Role.PRIMARY, tmp.resolve("p"));
        awaitHolds(freshPrimary, freshSecondary);
        report("primary recovery (UPDREQALL, restart to last binding)", System.nanoTime() - p0);
        assertEquals("STARTUP>RECOVER", freshPrimary.path().seen.get(0), freshPrimary.path().seen.toString());
        finishRecoverWait(freshPrimary, freshSecondary);
        for (int i = 0; i < LEASES; i++) {
            Ipv6Address a = leased.get(i);
            assertSame(freshSecondary.hooks().binding(a).orElseThrow(), freshPrimary.hooks().binding(a).orElseThrow(), i);
        }
    }

    private LeaseDecision ask(LeaseHooks hooks, MessageKind kind, int i, Ipv6Address a, boolean directed) {
        LeaseDecision d = hooks.beforeReply(LeaseRequest.of(kind, client(i), a, DAY, DAY, directed));
        hooks.afterReply(d);
        return d;
    }

    /** Every lease acknowledged by the secondary and present there with the primary's expiry. */
    private void awaitSynced(Node primary, Node secondary) throws InterruptedException {
        await("secondary acknowledged all " + LEASES, Duration.ofSeconds(30), () -> {
            for (Ipv6Address a : leased) {
                Binding p = primary.hooks().binding(a).orElse(null);
                Binding s = secondary.hooks().binding(a).orElse(null);
                if (p == null || p.partnerUpdatePending() || s == null
                        || !sameSecondWithin1(p.stateExpirationTime(), s.stateExpirationTime())) {
                    return false;
                }
            }
            return true;
        });
    }

    /** The recovering node holds every lease the other one has, with the same client and status. */
    private void awaitHolds(Node recovering, Node source) throws InterruptedException {
        await("recovering server holds all " + LEASES, Duration.ofSeconds(30), () -> {
            for (Ipv6Address a : leased) {
                Binding r = recovering.hooks().binding(a).orElse(null);
                if (r == null || !r.client().equals(source.hooks().binding(a).orElseThrow().client())) {
                    return false;
                }
            }
            return true;
        });
    }

    /** Waits for RECOVER-WAIT, steps the shared wall clock past MCLT, and waits for NORMAL on both. */
    private void finishRecoverWait(Node a, Node b) throws InterruptedException {
        await("RECOVER-WAIT", Duration.ofSeconds(10),
                () -> a.state() == ServerState.RECOVER_WAIT || b.state() == ServerState.RECOVER_WAIT);
        clock.step(MCLT.plusSeconds(2));
        awaitNormal(a, b);
    }

    private static void awaitNormal(Node a, Node b) throws InterruptedException {
        await("both NORMAL", Duration.ofSeconds(15),
                () -> a.state() == ServerState.NORMAL && b.state() == ServerState.NORMAL);
    }

    private static void assertSame(Binding expected, Binding actual, int i) {
        assertEquals(expected.client(), actual.client(), () -> "client of lease " + i);
        assertEquals(expected.resource(), actual.resource());
        assertEquals(expected.status(), actual.status(), () -> "status of " + expected.resource());
        assertTrue(sameSecondWithin1(expected.stateExpirationTime(), actual.stateExpirationTime()),
                () -> "expiry of " + expected.resource() + ": " + expected.stateExpirationTime() + " vs "
                        + actual.stateExpirationTime());
    }

    /**
     * Within one second at the wire's resolution. Times travel in whole seconds and the skew
     * estimate is sampled from whole-second sent-times, so the receiver's copy of an instant
     * t lies in [floor(t) - skew]: up to a second later than floor(t) on synchronised clocks,
     * which can exceed 1 s against the sender's sub-second original (seen: 1.026 s).
     */
    private static boolean sameSecondWithin1(Instant a, Instant b) {
        return Math.abs(a.getEpochSecond() - b.getEpochSecond()) <= 1;
    }

    private static void report(String what, long nanos) {
        double seconds = nanos / 1e9;
        System.out.printf("BULK-SYNC %-55s %,d bindings in %.2f s = %,.0f bindings/s%n", what, LEASES, seconds,
                LEASES / seconds);
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
