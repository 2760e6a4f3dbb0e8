package org.dhcpv6.failover.core.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.dhcpv6.failover.api.FailoverListener;
import org.dhcpv6.failover.api.LeaseStore;
import org.dhcpv6.failover.api.RelationshipConfig;
import org.dhcpv6.failover.api.Role;
import org.dhcpv6.failover.api.ServerState;
import org.dhcpv6.failover.api.Transport;
import org.dhcpv6.failover.core.store.InMemoryLeaseStore;
import org.dhcpv6.failover.core.transport.TcpTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A primary and a secondary in one JVM over real loopback TCP: they reach NORMAL, the primary
 * notices the secondary's stop within the keepalive time, and both return to NORMAL through the
 * states RFC 8156 prescribes when the secondary comes back with its store.
 */
class PairOverTcpTest {

    private static final Duration KEEPALIVE = Duration.ofSeconds(2);
    private final List<FailoverServer> running = new ArrayList<>();

    /** Records every transition, for checking the path a server took. */
    static final class Transitions implements FailoverListener {
        final List<String> seen = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void stateChanged(String relationship, ServerState from, ServerState to) {
            seen.add(from + ">" + to);
        }
    }

    @AfterEach
    void stopAll() {
        running.forEach(FailoverServer::close);
    }

    static InetSocketAddress freeLoopbackPort(InetAddress loopback) throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, loopback)) {
            return new InetSocketAddress(loopback, s.getLocalPort());
        }
    }

    static RelationshipConfig config(Role role, InetSocketAddress secondaryAddress, InetAddress loopback) {
        RelationshipConfig.Builder b = RelationshipConfig.builder("pair-test", role)
                .mclt(Duration.ofSeconds(30))
                .keepalive(KEEPALIVE)
                .startupTime(Duration.ofMillis(500))
                .connectRetry(Duration.ofMillis(100), Duration.ofMillis(400));
        if (role == Role.PRIMARY) {
            b.partnerAddress(secondaryAddress);
        } else {
            b.partnerAddress(new InetSocketAddress(loopback, 647)).localAddress(secondaryAddress);
        }
        return b.build();
    }

    private FailoverServer start(RelationshipConfig config, LeaseStore store, FailoverListener listener)
            throws Exception {
        Transport transport = TcpTransport.insecurePlaintext();
        FailoverServer server = FailoverServer.builder().transport(transport)
                .relationship(config, store, listener).build();
        server.start();
        running.add(server);
        return server;
    }

    static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    @Test
    void pairReachesNormalSurvivesSecondaryStopAndRestart() throws Exception {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        InetSocketAddress secondaryAddress = freeLoopbackPort(loopback);
        LeaseStore primaryStore = new InMemoryLeaseStore();
        LeaseStore secondaryStore = new InMemoryLeaseStore();
        Transitions primaryPath = new Transitions();
        Transitions secondaryPath = new Transitions();

        FailoverServer primary = start(config(Role.PRIMARY, secondaryAddress, loopback), primaryStore, primaryPath);
        FailoverServer secondary = start(config(Role.SECONDARY, secondaryAddress, loopback), secondaryStore,
                secondaryPath);
        await("both NORMAL", Duration.ofSeconds(10), () -> primary.status("pair-test").state() == ServerState.NORMAL
                && secondary.status("pair-test").state() == ServerState.NORMAL);
        // Two empty stores: both recover from each other, and skip the MCLT wait (never ran together).
        assertTrue(primaryPath.seen.contains("RECOVER>RECOVER_WAIT"), primaryPath.seen.toString());
        assertTrue(primaryPath.seen.contains("RECOVER_WAIT>RECOVER_DONE"), primaryPath.seen.toString());
        assertTrue(primaryPath.seen.get(primaryPath.seen.size() - 1).endsWith(">NORMAL"), primaryPath.seen.toString());

        // The secondary stops: the primary must notice within its keepalive time.
        secondary.close();
        running.remove(secondary);
        await("primary COMMUNICATIONS-INTERRUPTED", KEEPALIVE,
                () -> primary.status("pair-test").state() == ServerState.COMMUNICATIONS_INTERRUPTED);

        // It comes back with its store: STARTUP -> COMMUNICATIONS-INTERRUPTED (NORMAL's successor) -> NORMAL.
        Transitions restartedPath = new Transitions();
        FailoverServer restarted = start(config(Role.SECONDARY, secondaryAddress, loopback), secondaryStore,
                restartedPath);
        await("both NORMAL again", Duration.ofSeconds(10),
                () -> primary.status("pair-test").state() == ServerState.NORMAL
                        && restarted.status("pair-test").state() == ServerState.NORMAL);
        assertEquals(List.of("STARTUP>COMMUNICATIONS_INTERRUPTED", "COMMUNICATIONS_INTERRUPTED>NORMAL"),
                restartedPath.seen);
        List<String> primaryTail = primaryPath.seen.subList(primaryPath.seen.size() - 2, primaryPath.seen.size());
        assertEquals(List.of("NORMAL>COMMUNICATIONS_INTERRUPTED", "COMMUNICATIONS_INTERRUPTED>NORMAL"), primaryTail);
    }

    @Test
    void primaryNoticesAPartnerThatVanishesWithoutDisconnect() throws Exception {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        InetSocketAddress secondaryAddress = freeLoopbackPort(loopback);
        FailoverServer primary = start(config(Role.PRIMARY, secondaryAddress, loopback), new InMemoryLeaseStore(),
                FailoverListener.NONE);
        // A "secondary" that accepts, completes CONNECT/STATE by hand, then goes silent.
        try (SilentPartner silent = new SilentPartner(secondaryAddress)) {
            await("primary connected", Duration.ofSeconds(5),
                    () -> primary.status("pair-test").communicationsOk());
            long start = System.nanoTime();
            await("primary notices silence", KEEPALIVE.multipliedBy(2),
                    () -> !primary.status("pair-test").communicationsOk());
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertTrue(took.compareTo(KEEPALIVE.plusMillis(500)) < 0, "noticed after " + took);
        }
    }
}
