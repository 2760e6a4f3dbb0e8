package org.dhcpv6.failover.core.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.dhcpv6.failover.api.AddressPool;
import org.dhcpv6.failover.api.Binding;
import org.dhcpv6.failover.api.ClientIdentity;
import org.dhcpv6.failover.api.ClientService;
import org.dhcpv6.failover.api.Duid;
import org.dhcpv6.failover.api.EndpointStatus;
import org.dhcpv6.failover.api.FailoverListener;
import org.dhcpv6.failover.api.IaType;
import org.dhcpv6.failover.api.Ipv6Address;
import org.dhcpv6.failover.api.LeaseDecision;
import org.dhcpv6.failover.api.LeaseDecision.Outcome;
import org.dhcpv6.failover.api.LeaseHooks;
import org.dhcpv6.failover.api.LeaseRequest;
import org.dhcpv6.failover.api.LeaseStore;
import org.dhcpv6.failover.api.LeaseStoreException;
import org.dhcpv6.failover.api.MessageKind;
import org.dhcpv6.failover.api.RelationshipConfig;
import org.dhcpv6.failover.api.Role;
import org.dhcpv6.failover.api.ServerState;
import org.dhcpv6.failover.core.store.InMemoryLeaseStore;
import org.dhcpv6.failover.core.testfixtures.ForwardingLeaseStore;
import org.dhcpv6.failover.core.testfixtures.PairScenarioContractTest;
import org.dhcpv6.failover.core.transport.TcpTransport;
import org.junit.jupiter.api.Test;

/**
 * A closed server serves nobody: every hook refuses and writes nothing (also for calls racing
 * with close), status says closed, close twice is harmless, and the stores stay open for the host.
 */
class ClosedServerTest {

    private static final String REL = "closing";
    private static final long DAY = Duration.ofDays(1).toSeconds();

    /** Counts writes and closes; delegates the rest. */
    static final class CountingStore extends ForwardingLeaseStore {
        final AtomicInteger puts = new AtomicInteger();
        final AtomicInteger closes = new AtomicInteger();

        @Override
        public void put(Binding binding) throws LeaseStoreException {
            puts.incrementAndGet();
            super.put(binding);
        }

        @Override
        public void putAll(Collection<Binding> bindings) throws LeaseStoreException {
            puts.addAndGet(bindings.size());
            super.putAll(bindings);
        }

        @Override
        public void close() throws LeaseStoreException {
            closes.incrementAndGet();
            super.close();
        }
    }

    @Test
    void aClosedServerRefusesEveryHookAndReportsClosed() throws Exception {
        CountingStore store = new CountingStore();
        InetSocketAddress secondaryAddress;
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (ServerSocket probe = new ServerSocket(0, 1, loopback)) {
            secondaryAddress = new InetSocketAddress(loopback, probe.getLocalPort());
        }
        FailoverServer server = start(pairConfig(Role.PRIMARY, secondaryAddress), store);
        FailoverServer secondary = start(pairConfig(Role.SECONDARY, secondaryAddress), new InMemoryLeaseStore());
        LeaseHooks hooks = server.hooks(REL);
        // Two servers of one relationship in one JVM: their loop threads say which is which.
        assertTrue(Thread.getAllStackTraces().keySet().stream().map(Thread::getName).toList()
                .containsAll(List.of("failover-event-loop-" + REL + "/primary", "failover-event-loop-" + REL + "/secondary")));
        try {
            CompletableFuture<EndpointStatus> normal = server.whenState(REL, ServerState.NORMAL);
            assertTrue(server.awaitState(REL, ServerState.NORMAL, Duration.ofSeconds(10)), server.status(REL)::describe);
            assertEquals(ServerState.NORMAL, normal.get(1, TimeUnit.SECONDS).state(), "the snapshot it completes with");
            assertFalse(server.awaitState(REL, ServerState.PARTNER_DOWN, Duration.ofMillis(50)));
            CompletableFuture<EndpointStatus> neverReached = server.whenState(REL, ServerState.RECOVER);
            closeWhileLeasing(server, store, hooks);
            ExecutionException failed = assertThrows(ExecutionException.class,
                    () -> neverReached.get(1, TimeUnit.SECONDS));
            assertTrue(failed.getCause() instanceof IllegalStateException, failed::toString);
            assertThrows(IllegalStateException.class,
                    () -> server.awaitState(REL, ServerState.NORMAL, Duration.ofSeconds(1)));
        } finally {
            secondary.close();
        }
    }

    private void closeWhileLeasing(FailoverServer server, CountingStore store, LeaseHooks hooks) throws Exception {
        Ipv6Address first = hooks.nextFreeAddress().orElseThrow();
        assertEquals(Outcome.GRANTED, lease(hooks, 0, first).outcome());

        // Host threads keep asking while the server closes.
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> askers = new ArrayList<>();
        AtomicInteger granted = new AtomicInteger();
        for (int t = 0; t < 4; t++) {
            int base = 1000 * (t + 1);
            Thread asker = new Thread(() -> {
                for (int i = base; !stop.get(); i++) {
                    Ipv6Address a = Ipv6Address.parse("2001:db8:1::" + Integer.toHexString(2 * i + 1));
                    if (lease(hooks, i, a).outcome() == Outcome.GRANTED) {
                        granted.incrementAndGet();
                    }
                }
            });
            askers.add(asker);
            asker.start();
        }
        PairScenarioContractTest.await("leases in progress", Duration.ofSeconds(10), () -> granted.get() > 10);
        server.close();
        int writesAtClose = store.puts.get();
        Thread.sleep(200);
        stop.set(true);
        for (Thread a : askers) {
            a.join();
        }
        assertEquals(writesAtClose, store.puts.get(), "no write after close returned");

        LeaseDecision after = lease(hooks, 1, Ipv6Address.parse("2001:db8:1::3"));
        assertEquals(Outcome.NOT_RESPONSIVE, after.outcome());
        assertTrue(after.reason().contains("closed"), after.reason());
        assertEquals(writesAtClose, store.puts.get());
        assertEquals(ClientService.UNRESPONSIVE, hooks.clientService());
        assertEquals(Optional.empty(), hooks.nextFreeAddress());
        assertEquals(Optional.empty(), hooks.nextFreePrefix());
        assertEquals(Optional.empty(), hooks.binding(first));

        EndpointStatus status = server.status(REL);
        assertTrue(status.closed());
        assertEquals(ClientService.UNRESPONSIVE, status.clientService());
        assertFalse(status.communicationsOk());
        assertTrue(status.describe().contains("CLOSED"), status.describe());
        assertEquals(ServerState.NORMAL, status.state(), "the last state, for the operator");

        server.close();
        assertThrows(IllegalStateException.class, server::start);
        assertThrows(IllegalStateException.class, () -> server.partnerDown(REL));
        assertThrows(IllegalStateException.class, () -> server.queues(REL));

        // The host's store is the host's: still open, with the lease granted before close.
        assertEquals(0, store.closes.get());
        assertEquals(first, store.get(first).orElseThrow().resource());
    }

    @Test
    void closingAServerThatNeverStartedIsHarmlessAndFinal() throws Exception {
        RelationshipConfig config = RelationshipConfig.builder(REL, Role.PRIMARY).mclt(Duration.ofSeconds(60))
                .addressPool(AddressPool.parse("2001:db8:1::/64")).partnerAddress(new InetSocketAddress("::1", 9))
                .build();
        FailoverServer server = FailoverServer.builder().transport(TcpTransport.insecurePlaintext())
                .relationship(config, new InMemoryLeaseStore(), FailoverListener.NONE).build();
        server.close();
        server.close();
        assertTrue(server.status(REL).closed());
        assertThrows(IllegalStateException.class, server::start);
    }

    private static RelationshipConfig pairConfig(Role role, InetSocketAddress secondaryAddress) {
        RelationshipConfig.Builder b = RelationshipConfig.builder(REL, role).mclt(Duration.ofSeconds(60))
                .keepalive(Duration.ofSeconds(2)).startupTime(Duration.ofMillis(500))
                .connectRetry(Duration.ofMillis(100), Duration.ofMillis(400))
                .addressPool(AddressPool.parse("2001:db8:1::/64"));
        if (role == Role.PRIMARY) {
            return b.partnerAddress(secondaryAddress).build();
        }
        return b.partnerAddress(new InetSocketAddress(secondaryAddress.getAddress(), 647))
                .localAddress(secondaryAddress).build();
    }

    private static FailoverServer start(RelationshipConfig config, LeaseStore store) throws Exception {
        FailoverServer server = FailoverServer.builder().transport(TcpTransport.insecurePlaintext())
                .relationship(config, store, FailoverListener.NONE).build();
        server.start();
        return server;
    }

    private static LeaseDecision lease(LeaseHooks hooks, int i, Ipv6Address a) {
        ClientIdentity client = new ClientIdentity(Duid.parseHex(String.format("00010001%08x", i)), 1, IaType.IA_NA);
        LeaseDecision d = hooks.beforeReply(LeaseRequest.of(MessageKind.REQUEST, client, a, DAY, DAY, false));
        hooks.afterReply(d);
        return d;
    }
}
