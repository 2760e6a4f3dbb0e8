package org.dhcpv6.failover.core.runtime;

import static org.dhcpv6.failover.core.testfixtures.PairScenarioContractTest.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.dhcpv6.failover.api.AddressPool;
import org.dhcpv6.failover.api.Binding;
import org.dhcpv6.failover.api.ClientIdentity;
import org.dhcpv6.failover.api.ClockSource;
import org.dhcpv6.failover.api.ConnectionFailure;
import org.dhcpv6.failover.api.Duid;
import org.dhcpv6.failover.api.FailoverListener;
import org.dhcpv6.failover.api.IaType;
import org.dhcpv6.failover.api.Ipv6Address;
import org.dhcpv6.failover.api.LeaseDecision;
import org.dhcpv6.failover.api.LeaseDecision.Outcome;
import org.dhcpv6.failover.api.LeaseHooks;
import org.dhcpv6.failover.api.LeaseRequest;
import org.dhcpv6.failover.api.LeaseStore;
import org.dhcpv6.failover.api.MessageKind;
import org.dhcpv6.failover.api.RelationshipConfig;
import org.dhcpv6.failover.api.Resource;
import org.dhcpv6.failover.api.Role;
import org.dhcpv6.failover.api.ServerState;
import org.dhcpv6.failover.api.SkewPolicy;
import org.dhcpv6.failover.core.store.InMemoryLeaseStore;
import org.dhcpv6.failover.core.transport.TcpTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A pair over loopback TCP whose listeners throw in one method each run, with a scenario that
 * calls every listener method: the partner refuses CONNECT for clock skew, the skew then settles
 * under the limit, the pair reaches NORMAL, the secondary restarts, the primary leases every
 * address it owns (exhausting its pools) including some the secondary has no pool for (conflicts).
 * Whatever the listener throws, the pair reaches NORMAL and the secondary holds every lease of
 * their shared pool: the exception never changes what the engine does.
 */
class ThrowingListenerPairTest {

    private static final String REL = "throwing";
    private static final long DAY = Duration.ofDays(1).toSeconds();
    /** 16 addresses, 8 for the primary (odd ones). */
    private static final AddressPool SHARED = AddressPool.parse("2001:db8:1::10-2001:db8:1::1f");
    /** Only the primary has this pool (2 odd addresses): the secondary answers their BNDUPDs with conflicts. */
    private static final AddressPool PRIMARY_ONLY = AddressPool.parse("2001:db8:2::10-2001:db8:2::13");

    /** The listener method that throws in a run. */
    enum Method {
        STATE_CHANGED, COMMUNICATIONS_UP, COMMUNICATIONS_DOWN, CONNECT_REJECTED, SKEW_CHANGED, BINDING_CHANGED,
        BINDING_CONFLICT, POOL_EXHAUSTED, CONNECTION_FAILED
    }

    private final List<FailoverServer> running = new ArrayList<>();
    private final ThrowingListener listener = new ThrowingListener();
    private final OffsetClock primaryClock = new OffsetClock();
    private InetSocketAddress secondaryAddress;

    /** Counts every call and throws in {@link #throwing}; shared by both servers. */
    static final class ThrowingListener implements FailoverListener {
        volatile Method throwing;
        volatile boolean asError;
        final Map<Method, AtomicInteger> calls = new ConcurrentHashMap<>();

        private void call(Method m) {
            calls.computeIfAbsent(m, k -> new AtomicInteger()).incrementAndGet();
            if (m == throwing) {
                if (asError) {
                    throw new AssertionError("listener error in " + m);
                }
                throw new IllegalStateException("listener bug in " + m);
            }
        }

        int calls(Method m) {
            AtomicInteger n = calls.get(m);
            return n == null ? 0 : n.get();
        }

        @Override
        public void stateChanged(String relationship, ServerState from, ServerState to) {
            call(Method.STATE_CHANGED);
        }

        @Override
        public void communicationsUp(String relationship) {
            call(Method.COMMUNICATIONS_UP);
        }

        @Override
        public void communicationsDown(String relationship, String reason) {
            call(Method.COMMUNICATIONS_DOWN);
        }

        @Override
        public void connectRejected(String relationship, int statusCode, String text) {
            call(Method.CONNECT_REJECTED);
        }

        @Override
        public void skewChanged(String relationship, Duration partnerMinusLocal) {
            call(Method.SKEW_CHANGED);
        }

        @Override
        public void bindingChanged(String relationship, Binding binding) {
            call(Method.BINDING_CHANGED);
        }

        @Override
        public void bindingConflict(String relationship, Resource resource, int statusCode, String text) {
            call(Method.BINDING_CONFLICT);
        }

        @Override
        public void poolExhausted(String relationship, String pool) {
            call(Method.POOL_EXHAUSTED);
        }

        @Override
        public void connectionFailed(String relationship, ConnectionFailure failure) {
            call(Method.CONNECTION_FAILED);
        }
    }

    /** System time with a wall-clock offset the test sets. */
    static final class OffsetClock implements ClockSource {
        final AtomicLong offsetMillis = new AtomicLong();

        @Override
        public Instant wallTime() {
            return Instant.now().plusMillis(offsetMillis.get());
        }

        @Override
        public long monotonicNanos() {
            return System.nanoTime();
        }
    }

    @AfterEach
    void stopAll() {
        running.forEach(FailoverServer::close);
    }

    @ParameterizedTest
    @EnumSource(Method.class)
    void aThrowingListenerChangesNothing(Method method) throws Exception {
        listener.throwing = method;
        runScenario(method);
    }

    @ParameterizedTest
    @EnumSource(value = Method.class, names = {"STATE_CHANGED", "BINDING_CHANGED"})
    void anErrorFromTheListenerChangesNothingEither(Method method) throws Exception {
        listener.throwing = method;
        listener.asError = true;
        runScenario(method);
    }

    private void runScenario(Method method) throws Exception {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (ServerSocket probe = new ServerSocket(0, 1, loopback)) {
            secondaryAddress = new InetSocketAddress(loopback, probe.getLocalPort());
        }
        // 1. Nothing listens yet: the connection is refused. Then the primary's clock is a minute
        // ahead: the strict secondary refuses its CONNECT.
        primaryClock.offsetMillis.set(60_000);
        FailoverServer primary = start(Role.PRIMARY, new InMemoryLeaseStore(), primaryClock);
        await("a refused connection", Duration.ofSeconds(10), () -> listener.calls(Method.CONNECTION_FAILED) > 0);
        assertEquals(ConnectionFailure.Kind.REFUSED, primary.status(REL).lastConnectionFailure().kind(),
                () -> primary.status(REL).describe());
        InMemoryLeaseStore secondaryStore = new InMemoryLeaseStore();
        FailoverServer secondary = start(Role.SECONDARY, secondaryStore, ClockSource.SYSTEM);
        await("a refused CONNECT", Duration.ofSeconds(10), () -> listener.calls(Method.CONNECT_REJECTED) > 0);

        // 2. Within the 5 s limit but over the 1 s reporting step: accepted, and the skew is reported.
        primaryClock.offsetMillis.set(2_500);
        awaitNormal(primary, secondary);

        // 3. The secondary restarts with its store: communications go down and come back.
        secondary.close();
        running.remove(secondary);
        await("communications down", Duration.ofSeconds(10), () -> !primary.status(REL).communicationsOk());
        FailoverServer restarted = start(Role.SECONDARY, secondaryStore, ClockSource.SYSTEM);
        awaitNormal(primary, restarted);

        // 4. The primary leases every address it owns; the secondary knows only the shared pool.
        LeaseHooks hooks = primary.hooks(REL);
        List<Ipv6Address> shared = new ArrayList<>();
        int i = 0;
        for (var next = hooks.nextFreeAddress(); next.isPresent(); next = hooks.nextFreeAddress()) {
            LeaseDecision d = hooks.beforeReply(LeaseRequest.of(MessageKind.REQUEST, client(i++), next.get(), DAY,
                    DAY, false));
            assertEquals(Outcome.GRANTED, d.outcome(), d::toString);
            hooks.afterReply(d);
            if (SHARED.contains(next.get())) {
                shared.add(next.get());
            }
        }
        assertEquals(10, i, "the odd addresses: 8 shared, 2 primary-only");
        await("every shared lease on the secondary", Duration.ofSeconds(20), () -> shared.stream()
                .allMatch(a -> restarted.hooks(REL).binding(a).isPresent()
                        && primary.hooks(REL).binding(a).map(b -> !b.partnerUpdatePending()).orElse(false)));
        await("conflicts reported", Duration.ofSeconds(10), () -> listener.calls(Method.BINDING_CONFLICT) > 0);

        assertTrue(listener.calls(method) > 0, () -> method + " was never called: the run proves nothing");
        for (Ipv6Address a : shared) {
            assertEquals(primary.hooks(REL).binding(a).orElseThrow().client(),
                    restarted.hooks(REL).binding(a).orElseThrow().client(), a::toString);
        }
        assertEquals(ServerState.NORMAL, primary.status(REL).state());
        assertEquals(ServerState.NORMAL, restarted.status(REL).state());
        assertTrue(primary.status(REL).communicationsOk() && restarted.status(REL).communicationsOk());
    }

    private FailoverServer start(Role role, LeaseStore store, ClockSource clock) throws Exception {
        RelationshipConfig.Builder b = RelationshipConfig.builder(REL, role).mclt(Duration.ofSeconds(60))
                .keepalive(Duration.ofSeconds(2)).startupTime(Duration.ofMillis(500))
                .connectRetry(Duration.ofMillis(100), Duration.ofMillis(400))
                .addressPool(SHARED);
        if (role == Role.PRIMARY) {
            b.addressPool(PRIMARY_ONLY).partnerAddress(secondaryAddress);
        } else {
            // Only the secondary is strict: it refuses the CONNECT, the tolerant primary reads the refusal.
            b.skewPolicy(SkewPolicy.RFC8156_STRICT)
                    .partnerAddress(new InetSocketAddress(secondaryAddress.getAddress(), 647)).localAddress(secondaryAddress);
        }
        FailoverServer server = FailoverServer.builder().transport(TcpTransport.insecurePlaintext()).clock(clock)
                .relationship(b.build(), store, listener).build();
        server.start();
        running.add(server);
        return server;
    }

    private static void awaitNormal(FailoverServer a, FailoverServer b) throws InterruptedException {
        assertTrue(a.awaitState(REL, ServerState.NORMAL, Duration.ofSeconds(20)), () -> a.status(REL).describe());
        assertTrue(b.awaitState(REL, ServerState.NORMAL, Duration.ofSeconds(20)), () -> b.status(REL).describe());
    }

    private static ClientIdentity client(int i) {
        return new ClientIdentity(Duid.parseHex(String.format("00010001%08x", i)), 1, IaType.IA_NA);
    }
}
