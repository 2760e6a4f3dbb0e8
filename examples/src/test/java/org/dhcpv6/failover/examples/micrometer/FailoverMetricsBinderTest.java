package org.dhcpv6.failover.examples.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.dhcpv6.failover.api.AddressPool;
import org.dhcpv6.failover.api.ClientIdentity;
import org.dhcpv6.failover.api.Duid;
import org.dhcpv6.failover.api.FailoverListener;
import org.dhcpv6.failover.api.IaType;
import org.dhcpv6.failover.api.Ipv6Prefix;
import org.dhcpv6.failover.api.LeaseDecision;
import org.dhcpv6.failover.api.LeaseHooks;
import org.dhcpv6.failover.api.LeaseRequest;
import org.dhcpv6.failover.api.MessageKind;
import org.dhcpv6.failover.api.PrefixPool;
import org.dhcpv6.failover.api.RelationshipConfig;
import org.dhcpv6.failover.api.Role;
import org.dhcpv6.failover.api.ServerState;
import org.dhcpv6.failover.core.runtime.FailoverServer;
import org.dhcpv6.failover.core.store.InMemoryLeaseStore;
import org.dhcpv6.failover.core.transport.TcpTransport;
import org.dhcpv6.failover.examples.hostsrv.PrometheusText;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Binds a real primary (its secondary in the same JVM, plain TCP on loopback) to a simple registry. */
class FailoverMetricsBinderTest {

    private static final String NAME = "campus";
    private static final int LEASES = 3;
    private static final PrefixPool POOL = PrefixPool.of(Ipv6Prefix.parse("2001:db8:100::/48"), 56);
    private static final String POOL_TAG = "2001:db8:100::/48=56";

    private FailoverServer primary;
    private FailoverServer secondary;

    @AfterEach
    void tearDown() {
        for (FailoverServer s : new FailoverServer[] {secondary, primary}) {
            if (s != null) {
                s.close();
            }
        }
    }

    private static FailoverServer server(Role role, InetSocketAddress secondaryAddress) throws Exception {
        RelationshipConfig.Builder b = RelationshipConfig.builder(NAME, role).mclt(Duration.ofSeconds(60))
                .keepalive(Duration.ofSeconds(3)).startupTime(Duration.ofMillis(500))
                .connectRetry(Duration.ofMillis(100), Duration.ofMillis(500))
                .addressPool(AddressPool.parse("2001:db8:1::/64")).prefixPool(POOL);
        if (role == Role.PRIMARY) {
            b.partnerAddress(secondaryAddress);
        } else {
            b.partnerAddress(new InetSocketAddress(secondaryAddress.getAddress(), 647)).localAddress(secondaryAddress);
        }
        return FailoverServer.builder().transport(TcpTransport.insecurePlaintext())
                .relationship(b.build(), new InMemoryLeaseStore(), FailoverListener.NONE).build();
    }

    @Test
    void theMetersFollowAPairThroughNormalLeasesAndAPartnerLoss() throws Exception {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        InetSocketAddress secondaryAddress;
        try (ServerSocket probe = new ServerSocket(0, 1, loopback)) {
            secondaryAddress = new InetSocketAddress(loopback, probe.getLocalPort());
        }
        primary = server(Role.PRIMARY, secondaryAddress);
        secondary = server(Role.SECONDARY, secondaryAddress);
        MeterRegistry registry = new SimpleMeterRegistry();
        new FailoverMetricsBinder(primary, Duration.ZERO).bindTo(registry);
        assertTrue(Double.isNaN(gauge(registry, "dhcpv6.failover.state")), "no figure from a server not running");
        assertEquals(0, counter(registry, "dhcpv6.failover.communications.up"), "nothing counted before start");
        assertEquals(0, registry.find("dhcpv6.failover.messages.sent").meters().size(), "no type sent yet");

        primary.start();
        secondary.start();
        // Our NORMAL can come before the partner's STATE NORMAL reaches us (its last STATE was
        // seen as 3 in one run), so wait for both.
        await(() -> gauge(registry, "dhcpv6.failover.state") == 2 && gauge(registry, "dhcpv6.failover.connected") == 1
                && gauge(registry, "dhcpv6.failover.partner.state") == 2);
        assertEquals(1, counter(registry, "dhcpv6.failover.communications.up"));
        assertTrue(counter(registry, "dhcpv6.failover.state.changes") >= 1);
        assertTrue(gauge(registry, "dhcpv6.failover.last.received.seconds") < 30);

        await(() -> pool(registry, "dhcpv6.failover.pool.free.backup") == 128
                && counter(registry, "dhcpv6.failover.bndupd.acknowledged") == 128);
        assertEquals(128, pool(registry, "dhcpv6.failover.pool.free"), "half of 256 given to the secondary");
        assertEquals(128, keyed(registry, "dhcpv6.failover.messages.sent", "type", "BNDUPD"), "one BNDUPD a prefix");

        LeaseHooks hooks = primary.hooks(NAME);
        for (int i = 1; i <= LEASES; i++) {
            ClientIdentity client = new ClientIdentity(Duid.parseHex("0001000100000000000" + i), i, IaType.IA_NA);
            LeaseDecision d = hooks.beforeReply(LeaseRequest.of(MessageKind.REQUEST, client,
                    hooks.nextFreeAddress().orElseThrow(), 600, 600, false));
            hooks.afterReply(d);
        }
        await(() -> counter(registry, "dhcpv6.failover.bndupd.acknowledged") == 128 + LEASES);
        assertEquals(128 + LEASES, keyed(registry, "dhcpv6.failover.messages.sent", "type", "BNDUPD"));
        assertEquals(128 + LEASES, keyed(registry, "dhcpv6.failover.messages.received", "type", "BNDREPLY"));
        assertEquals(LEASES, keyed(registry, "dhcpv6.failover.hook.decisions", "outcome", "GRANTED"));
        FunctionTimer commits = registry.get("dhcpv6.failover.commit").tag("relationship", NAME).functionTimer();
        assertEquals(LEASES, commits.count(), 0.0);
        assertTrue(commits.totalTime(java.util.concurrent.TimeUnit.NANOSECONDS) > 0);
        assertEquals(0, gauge(registry, "dhcpv6.failover.updates.awaiting.ack"));
        ClientIdentity pd = new ClientIdentity(Duid.parseHex("00010001000000000042"), 42, IaType.IA_PD);
        LeaseDecision delegated = hooks.beforeReply(LeaseRequest.of(MessageKind.REQUEST, pd,
                hooks.nextFreePrefix().orElseThrow(), 600, 600, false));
        hooks.afterReply(delegated);
        assertEquals(LeaseDecision.Outcome.GRANTED, delegated.outcome());
        assertEquals(127, pool(registry, "dhcpv6.failover.pool.free"), "one delegated by the primary");
        assertEquals(128, pool(registry, "dhcpv6.failover.pool.free.backup"));
        assertEquals(0, counter(registry, "dhcpv6.failover.conflicts"));

        secondary.close();
        secondary = null;
        await(() -> gauge(registry, "dhcpv6.failover.state") == 3);
        assertEquals(0, gauge(registry, "dhcpv6.failover.connected"));
        double losses = registry.find("dhcpv6.failover.connection.losses").functionCounters().stream()
                .mapToDouble(FunctionCounter::count).sum();
        assertTrue(losses >= 1, "a connection loss was counted under its reason");
    }

    @Test
    void everyMeterHasTheNameAndTagsOfThePrometheusEndpoint() throws Exception {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        InetSocketAddress secondaryAddress;
        try (ServerSocket probe = new ServerSocket(0, 1, loopback)) {
            secondaryAddress = new InetSocketAddress(loopback, probe.getLocalPort());
        }
        primary = server(Role.PRIMARY, secondaryAddress);
        secondary = server(Role.SECONDARY, secondaryAddress);
        primary.start();
        secondary.start();
        // Connected is not yet NORMAL: until then the primary leases nothing new.
        await(() -> primary.metrics(NAME).connected() && primary.metrics(NAME).state() == ServerState.NORMAL);
        LeaseHooks hooks = primary.hooks(NAME);
        ClientIdentity client = new ClientIdentity(Duid.parseHex("00010001000000000009"), 9, IaType.IA_NA);
        hooks.afterReply(hooks.beforeReply(LeaseRequest.of(MessageKind.REQUEST, client,
                hooks.nextFreeAddress().orElseThrow(), 600, 600, false)));
        await(() -> primary.metrics(NAME).updatesAcknowledged() == 128 + 1);
        MeterRegistry registry = new SimpleMeterRegistry();
        new FailoverMetricsBinder(primary).bindTo(registry);
        String exposition = PrometheusText.render(List.of(primary.metrics(NAME)), name -> Optional.empty());

        assertTrue(registry.getMeters().size() > 20, "the families counted so far are all bound");
        for (Meter meter : registry.getMeters()) {
            String suffix = meter instanceof FunctionCounter ? "_total"
                    : meter instanceof FunctionTimer ? "_seconds_count" : "";
            String name = meter.getId().getName().replace('.', '_') + suffix;
            String labels = meter.getId().getTags().stream().map(Tag::getKey).sorted().collect(Collectors.joining(","));
            boolean found = exposition.lines().filter(l -> !l.startsWith("#"))
                    .anyMatch(l -> l.startsWith(name + "{") && labelKeys(l).equals(labels));
            assertTrue(found, name + " {" + labels + "} is not in the Prometheus endpoint:\n" + exposition);
        }
    }

    private static String labelKeys(String sample) {
        String inside = sample.substring(sample.indexOf('{') + 1, sample.lastIndexOf('}'));
        return java.util.Arrays.stream(inside.split(",")).map(p -> p.substring(0, p.indexOf('='))).sorted()
                .collect(Collectors.joining(","));
    }

    private static double gauge(MeterRegistry registry, String name) {
        return registry.get(name).tag("relationship", NAME).gauge().value();
    }

    private static double pool(MeterRegistry registry, String name) {
        return registry.get(name).tags("relationship", NAME, "pool", POOL_TAG).gauge().value();
    }

    private static double counter(MeterRegistry registry, String name) {
        return registry.get(name).tag("relationship", NAME).functionCounter().count();
    }

    private static double keyed(MeterRegistry registry, String name, String tag, String key) {
        return registry.find(name).tags("relationship", NAME, tag, key).functionCounters().stream()
                .mapToDouble(FunctionCounter::count).sum();
    }

    private static void await(Check done) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!done.ok()) {
            assertTrue(System.nanoTime() < deadline, "timed out");
            Thread.sleep(20);
        }
    }

    @FunctionalInterface
    private interface Check {
        boolean ok() throws Exception;
    }
}
