package org.dhcpv6.failover.examples.embedding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.dhcpv6.failover.api.AddressPool;
import org.dhcpv6.failover.api.Binding;
import org.dhcpv6.failover.api.ClientIdentity;
import org.dhcpv6.failover.api.ClientService;
import org.dhcpv6.failover.api.ConnectionFailure;
import org.dhcpv6.failover.api.Duid;
import org.dhcpv6.failover.api.FailoverListener;
import org.dhcpv6.failover.api.IaType;
import org.dhcpv6.failover.api.Ipv6Address;
import org.dhcpv6.failover.api.LeaseDecision;
import org.dhcpv6.failover.api.LeaseDecision.Outcome;
import org.dhcpv6.failover.api.LeaseHooks;
import org.dhcpv6.failover.api.LeaseRequest;
import org.dhcpv6.failover.api.MessageKind;
import org.dhcpv6.failover.api.RelationshipConfig;
import org.dhcpv6.failover.api.Resource;
import org.dhcpv6.failover.api.Role;
import org.dhcpv6.failover.api.ServerState;
import org.dhcpv6.failover.core.runtime.FailoverServer;
import org.dhcpv6.failover.tls.CertificateAuthority;
import org.dhcpv6.failover.tls.IssuedCertificate;
import org.dhcpv6.failover.tls.TlsSettings;
import org.dhcpv6.failover.tls.TlsTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a team embedding the library does, with only what a host imports (the API, the runtime's
 * {@code FailoverServer}, the TLS transport) and its own {@link MapLeaseStore}: two servers over
 * mutual TLS in one JVM, listeners that throw in every method, 100 leases through the primary's
 * hooks, the primary closed, the secondary taking over (operator's partner-down) and leasing.
 */
class EmbeddingTest {

    private static final String REL = "embedded";
    private static final long DAY = Duration.ofDays(1).toSeconds();
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final CertificateAuthority CA = CertificateAuthority.create("Embedding Test CA");
    private static final IssuedCertificate A = CA.issue("dhcp-a").dnsNames("dhcp-a.example").sign();
    private static final IssuedCertificate B = CA.issue("dhcp-b").dnsNames("dhcp-b.example").sign();

    private final List<FailoverServer> running = new ArrayList<>();
    private InetSocketAddress secondaryAddress;

    /** Throws in every method, after counting the call. */
    static final class BrokenListener implements FailoverListener {
        final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
        volatile ConnectionFailure lastFailure;

        private void fail(String method) {
            calls.computeIfAbsent(method, k -> new AtomicInteger()).incrementAndGet();
            throw new IllegalStateException("host listener bug in " + method);
        }

        int calls(String method) {
            AtomicInteger n = calls.get(method);
            return n == null ? 0 : n.get();
        }

        @Override
        public void stateChanged(String relationship, ServerState from, ServerState to) {
            fail("stateChanged");
        }

        @Override
        public void communicationsUp(String relationship) {
            fail("communicationsUp");
        }

        @Override
        public void communicationsDown(String relationship, String reason) {
            fail("communicationsDown");
        }

        @Override
        public void connectionFailed(String relationship, ConnectionFailure failure) {
            lastFailure = failure;
            fail("connectionFailed");
        }

        @Override
        public void bindingChanged(String relationship, Binding binding) {
            fail("bindingChanged");
        }

        @Override
        public void bindingConflict(String relationship, Resource resource, int statusCode, String text) {
            fail("bindingConflict");
        }
    }

    @BeforeEach
    void pickPort() throws Exception {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (ServerSocket probe = new ServerSocket(0, 1, loopback)) {
            secondaryAddress = new InetSocketAddress(loopback, probe.getLocalPort());
        }
    }

    @AfterEach
    void closeAll() {
        running.forEach(FailoverServer::close);
    }

    @Test
    void twoServersOverTlsSurviveThrowingListenersAndTheSecondaryServesAfterThePrimaryCloses() throws Exception {
        BrokenListener primaryListener = new BrokenListener();
        BrokenListener secondaryListener = new BrokenListener();
        MapLeaseStore primaryStore = new MapLeaseStore();
        MapLeaseStore secondaryStore = new MapLeaseStore();

        // The primary first: nobody listens yet, so its attempts are refused, and it says so.
        FailoverServer primary = start(Role.PRIMARY, A, "dhcp-b.example", primaryStore, primaryListener);
        assertTrue(waitFor(() -> primary.status(REL).lastConnectionFailure() != null));
        assertEquals(ConnectionFailure.Kind.REFUSED, primary.status(REL).lastConnectionFailure().kind(),
                () -> primary.status(REL).describe());
        FailoverServer secondary = start(Role.SECONDARY, B, "dhcp-a.example", secondaryStore, secondaryListener);
        assertTrue(primary.awaitState(REL, ServerState.NORMAL, WAIT), () -> primary.status(REL).describe());
        assertTrue(secondary.awaitState(REL, ServerState.NORMAL, WAIT), () -> secondary.status(REL).describe());

        // 100 leases through the primary's hooks; every one reaches the secondary.
        LeaseHooks hooks = primary.hooks(REL);
        List<Ipv6Address> leased = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            Ipv6Address a = hooks.nextFreeAddress().orElseThrow();
            LeaseDecision d = hooks.beforeReply(LeaseRequest.of(MessageKind.REQUEST, client(i), a, DAY, DAY, false));
            assertEquals(Outcome.GRANTED, d.outcome(), d::toString);
            hooks.afterReply(d);
            leased.add(a);
        }
        assertTrue(waitFor(() -> leased.stream().allMatch(a -> secondary.hooks(REL).binding(a).isPresent())),
                "every lease on the secondary");
        // A turn publishes its bindings at once but tells the listener only after its write: wait for both.
        assertTrue(waitFor(() -> secondaryListener.calls("bindingChanged") >= 100), "bindingChanged for every lease");
        assertTrue(primaryListener.calls("stateChanged") > 0, "the listeners were called (and threw) all along");

        // The primary closes: it refuses everything and leaves its store to us.
        primary.close();
        running.remove(primary);
        assertTrue(primary.status(REL).closed());
        LeaseDecision refused = hooks.beforeReply(LeaseRequest.of(MessageKind.RENEW, client(0), leased.get(0), DAY,
                DAY, true));
        assertEquals(Outcome.NOT_RESPONSIVE, refused.outcome());
        assertFalse(primaryStore.isClosed(), "the server does not close the host's store");
        assertEquals(100, primaryStore.size());
        primaryStore.close();

        // The operator declares the partner down; the secondary renews every client and leases new ones.
        assertTrue(secondary.awaitState(REL, ServerState.COMMUNICATIONS_INTERRUPTED, WAIT),
                () -> secondary.status(REL).describe());
        assertTrue(secondary.partnerDown(REL));
        assertTrue(secondary.awaitState(REL, ServerState.PARTNER_DOWN, WAIT));
        LeaseHooks survivor = secondary.hooks(REL);
        assertEquals(ClientService.RESPONSIVE, survivor.clientService());
        for (int i = 0; i < 100; i++) {
            LeaseDecision d = survivor.beforeReply(LeaseRequest.of(MessageKind.REBIND, client(i), leased.get(i), DAY,
                    DAY, false));
            assertEquals(Outcome.GRANTED, d.outcome(), d::toString);
            survivor.afterReply(d);
        }
        for (int i = 100; i < 110; i++) {
            Ipv6Address a = survivor.nextFreeAddress().orElseThrow();
            assertFalse(leased.contains(a));
            LeaseDecision d = survivor.beforeReply(LeaseRequest.of(MessageKind.REQUEST, client(i), a, DAY, DAY,
                    false));
            assertEquals(Outcome.GRANTED, d.outcome(), d::toString);
            survivor.afterReply(d);
        }
        assertEquals(110, secondaryStore.size());
    }

    @Test
    void aWrongPartnerNameReachesTheListenerAndTheStatus() throws Exception {
        BrokenListener listener = new BrokenListener();
        start(Role.SECONDARY, B, "dhcp-a.example", new MapLeaseStore(), FailoverListener.NONE);
        // The primary expects a partner named dhcp-c.example; the secondary's certificate says dhcp-b.
        FailoverServer primary = start(Role.PRIMARY, A, "dhcp-c.example", new MapLeaseStore(), listener);
        assertTrue(waitFor(() -> listener.lastFailure != null
                && listener.lastFailure.kind() == ConnectionFailure.Kind.TLS_NAME_MISMATCH),
                () -> "last failure: " + listener.lastFailure);
        ConnectionFailure inStatus = primary.status(REL).lastConnectionFailure();
        assertEquals(ConnectionFailure.Kind.TLS_NAME_MISMATCH, inStatus.kind(), inStatus::describe);
        assertTrue(inStatus.detail().contains("dhcp-c.example"), inStatus.detail());
        assertTrue(primary.status(REL).describe().contains("TLS_NAME_MISMATCH"), primary.status(REL).describe());
    }

    private FailoverServer start(Role role, IssuedCertificate own, String partnerName, MapLeaseStore store,
            FailoverListener listener) throws Exception {
        RelationshipConfig.Builder config = RelationshipConfig.builder(REL, role).mclt(Duration.ofSeconds(60))
                .keepalive(Duration.ofSeconds(3)).startupTime(Duration.ofMillis(500))
                .connectRetry(Duration.ofMillis(200), Duration.ofSeconds(1))
                .addressPool(AddressPool.parse("2001:db8:1::/64"));
        if (role == Role.PRIMARY) {
            config.partnerAddress(secondaryAddress);
        } else {
            // The secondary names only its partner's IP address: it never connects anywhere.
            config.partnerAddress(secondaryAddress.getAddress()).localAddress(secondaryAddress);
        }
        TlsSettings tls = TlsSettings.builder().identity(own).trustAnchors(List.of(CA.certificate()))
                .partnerName(partnerName).handshakeTimeout(Duration.ofSeconds(20)).build();
        FailoverServer server = FailoverServer.builder().transport(TlsTransport.create(tls))
                .relationship(config.build(), store, listener).build();
        server.start();
        running.add(server);
        return server;
    }

    private static ClientIdentity client(int i) {
        return new ClientIdentity(Duid.parseHex(String.format("00010001%08x", i)), 1, IaType.IA_NA);
    }

    /** Waits up to a minute for a condition the API offers no future for (binding arrival). */
    private static boolean waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }
}
