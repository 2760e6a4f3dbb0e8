package org.dhcpv6.failover.core.testfixtures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
import org.dhcpv6.failover.core.runtime.FailoverServer;
import org.dhcpv6.failover.core.store.InMemoryLeaseStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The loopback scenarios of a primary and a secondary in one JVM, written once for every
 * transport (STYLE 25): both reach NORMAL; the secondary stops and returns with its store; the
 * primary grants 10,000 leases and every one reaches the secondary by BNDUPD/BNDREPLY. A module
 * with a transport extends this class and supplies {@link #transports()}.
 */
public abstract class PairScenarioContractTest {

    /** The relationship name both servers use. */
    public static final String NAME = "pair-test";
    /** Short, so that a stop is noticed within a test's time. */
    public static final Duration KEEPALIVE = Duration.ofSeconds(2);
    private static final int SYNC_BINDINGS = 10_000;

    private final List<FailoverServer> running = new ArrayList<>();
    private TransportPair transports;
    /** Where the secondary listens; a free loopback port per test. */
    protected InetSocketAddress secondaryAddress;

    /** Fresh transports for this test's primary and secondary. */
    protected abstract TransportPair transports() throws Exception;

    /** Records every transition, for checking the path a server took. */
    public static final class Transitions implements FailoverListener {
        public final List<String> seen = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void stateChanged(String relationship, ServerState from, ServerState to) {
            seen.add(from + ">" + to);
        }
    }

    @BeforeEach
    void pickPortAndTransports() throws Exception {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (ServerSocket s = new ServerSocket(0, 1, loopback)) {
            secondaryAddress = new InetSocketAddress(loopback, s.getLocalPort());
        }
        transports = transports();
    }

    @AfterEach
    void stopAll() {
        running.forEach(FailoverServer::close);
    }

    /** The configuration of one side; the secondary listens on {@link #secondaryAddress}. */
    protected RelationshipConfig config(Role role) {
        RelationshipConfig.Builder b = RelationshipConfig.builder(NAME, role)
                // Above the 30 s minimum grant, so first leases (capped at MCLT) are not refused.
                .mclt(Duration.ofSeconds(60))
                .keepalive(KEEPALIVE)
                .startupTime(Duration.ofMillis(500))
                .connectRetry(Duration.ofMillis(100), Duration.ofMillis(400))
                .addressPool(AddressPool.parse("2001:db8:1::/64"));
        if (role == Role.PRIMARY) {
            b.partnerAddress(secondaryAddress);
        } else {
            b.partnerAddress(new InetSocketAddress(secondaryAddress.getAddress(), 647)).localAddress(secondaryAddress);
        }
        return b.build();
    }

    /** Starts the primary on a fresh transport; closed after the test. */
    protected FailoverServer startPrimary(LeaseStore store, FailoverListener listener) throws Exception {
        return start(FailoverServer.builder().transport(transports.primary()), Role.PRIMARY, store, listener);
    }

    /** Starts a secondary on a fresh transport; closed after the test unless {@link #stop}ped. */
    protected FailoverServer startSecondary(LeaseStore store, FailoverListener listener) throws Exception {
        return start(FailoverServer.builder().transport(transports.secondary()), Role.SECONDARY, store, listener);
    }

    private FailoverServer start(FailoverServer.Builder builder, Role role, LeaseStore store,
            FailoverListener listener) throws Exception {
        FailoverServer server = builder.relationship(config(role), store, listener).build();
        server.start();
        running.add(server);
        return server;
    }

    /** Stops a server now (DISCONNECT, then close). */
    protected void stop(FailoverServer server) {
        server.close();
        running.remove(server);
    }

    /** Polls {@code condition} until it holds, or fails after {@code timeout}. */
    public static void await(String what, Duration timeout, BooleanSupplier condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    /** Waits until both servers are in NORMAL. */
    public static void awaitNormal(String what, FailoverServer a, FailoverServer b) throws InterruptedException {
        await(what, Duration.ofSeconds(10), () -> a.status(NAME).state() == ServerState.NORMAL
                && b.status(NAME).state() == ServerState.NORMAL);
    }

    @Test
    void bothReachNormal() throws Exception {
        Transitions primaryPath = new Transitions();
        FailoverServer primary = startPrimary(new InMemoryLeaseStore(), primaryPath);
        FailoverServer secondary = startSecondary(new InMemoryLeaseStore(), FailoverListener.NONE);
        awaitNormal("both NORMAL", primary, secondary);
        // Two empty stores: both recover from each other, and skip the MCLT wait (never ran together).
        assertTrue(primaryPath.seen.contains("RECOVER>RECOVER_WAIT"), primaryPath.seen.toString());
        assertTrue(primaryPath.seen.contains("RECOVER_WAIT>RECOVER_DONE"), primaryPath.seen.toString());
        assertTrue(primaryPath.seen.get(primaryPath.seen.size() - 1).endsWith(">NORMAL"), primaryPath.seen.toString());
        assertTrue(primary.status(NAME).communicationsOk() && secondary.status(NAME).communicationsOk());
    }

    @Test
    void secondaryStopsIsNoticedAndReturnsWithItsStore() throws Exception {
        LeaseStore secondaryStore = new InMemoryLeaseStore();
        Transitions primaryPath = new Transitions();
        FailoverServer primary = startPrimary(new InMemoryLeaseStore(), primaryPath);
        FailoverServer secondary = startSecondary(secondaryStore, FailoverListener.NONE);
        awaitNormal("both NORMAL", primary, secondary);

        // The secondary stops: the primary must notice within its keepalive time.
        stop(secondary);
        await("primary COMMUNICATIONS-INTERRUPTED", KEEPALIVE,
                () -> primary.status(NAME).state() == ServerState.COMMUNICATIONS_INTERRUPTED);

        // It comes back with its store: STARTUP -> COMMUNICATIONS-INTERRUPTED (NORMAL's successor) -> NORMAL.
        Transitions restartedPath = new Transitions();
        FailoverServer restarted = startSecondary(secondaryStore, restartedPath);
        awaitNormal("both NORMAL again", primary, restarted);
        assertEquals(List.of("STARTUP>COMMUNICATIONS_INTERRUPTED", "COMMUNICATIONS_INTERRUPTED>NORMAL"),
                restartedPath.seen);
        List<String> primaryTail = primaryPath.seen.subList(primaryPath.seen.size() - 2, primaryPath.seen.size());
        assertEquals(List.of("NORMAL>COMMUNICATIONS_INTERRUPTED", "COMMUNICATIONS_INTERRUPTED>NORMAL"), primaryTail);
    }

    @Test
    void tenThousandGrantsReachTheSecondary() throws Exception {
        FailoverServer primary = startPrimary(new InMemoryLeaseStore(), FailoverListener.NONE);
        FailoverServer secondary = startSecondary(new InMemoryLeaseStore(), FailoverListener.NONE);
        awaitNormal("both NORMAL", primary, secondary);
        LeaseHooks hooks = primary.hooks(NAME);
        Map<Ipv6Address, ClientIdentity> granted = new LinkedHashMap<>();

        long start = System.nanoTime();
        for (int i = 0; i < SYNC_BINDINGS; i++) {
            ClientIdentity client = new ClientIdentity(Duid.parseHex(String.format("0001000100%06x", i)), i,
                    IaType.IA_NA);
            Ipv6Address address = hooks.nextFreeAddress()
                    .orElseThrow(() -> new AssertionError("no free address after " + granted.size() + " grants"));
            LeaseDecision d = hooks.beforeReply(LeaseRequest.of(MessageKind.REQUEST, client, address, 1800, 3600,
                    false));
            if (d.outcome() != LeaseDecision.Outcome.GRANTED) {
                throw new AssertionError("grant " + i + " of " + address + ": " + d);
            }
            hooks.afterReply(d);
            granted.put(address, client);
        }
        double grantSeconds = (System.nanoTime() - start) / 1e9;
        assertEquals(SYNC_BINDINGS, granted.size(), "next-free never offers an address twice");
        await("every binding at the secondary, none pending at the primary", Duration.ofSeconds(30),
                () -> unsynced(primary, secondary, granted).isEmpty());
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("%s: %d bindings synced in %.2f s (grants took %.2f s), %.0f bindings/s%n",
                getClass().getSimpleName(), SYNC_BINDINGS, seconds, grantSeconds, SYNC_BINDINGS / seconds);
        assertEquals(ServerState.NORMAL, primary.status(NAME).state());
    }

    /** The first granted address whose binding differs at the secondary or is still pending at the primary. */
    private static Optional<String> unsynced(FailoverServer primary, FailoverServer secondary,
            Map<Ipv6Address, ClientIdentity> granted) {
        LeaseHooks p = primary.hooks(NAME);
        LeaseHooks s = secondary.hooks(NAME);
        for (Map.Entry<Ipv6Address, ClientIdentity> e : granted.entrySet()) {
            Binding ours = p.binding(e.getKey()).orElseThrow();
            Optional<Binding> theirs = s.binding(e.getKey());
            if (ours.partnerUpdatePending() || !e.getValue().equals(ours.client()) || theirs.isEmpty()
                    || !theirs.get().resource().equals(ours.resource())
                    || !e.getValue().equals(theirs.get().client()) || theirs.get().status() != ours.status()) {
                return Optional.of(e.getKey() + ": primary " + ours + ", secondary " + theirs);
            }
        }
        return Optional.empty();
    }
}
