package org.dhcpv6.failover.examples.hostsrv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.dhcpv6.failover.api.AddressPool;
import org.dhcpv6.failover.api.Binding;
import org.dhcpv6.failover.api.ClientIdentity;
import org.dhcpv6.failover.api.ClockSource;
import org.dhcpv6.failover.api.Duid;
import org.dhcpv6.failover.api.EndpointRecord;
import org.dhcpv6.failover.api.FailoverListener;
import org.dhcpv6.failover.api.IaType;
import org.dhcpv6.failover.api.LeaseDecision;
import org.dhcpv6.failover.api.LeaseHooks;
import org.dhcpv6.failover.api.LeaseRequest;
import org.dhcpv6.failover.api.LeaseStore;
import org.dhcpv6.failover.api.LeaseStoreException;
import org.dhcpv6.failover.api.MessageKind;
import org.dhcpv6.failover.api.RelationshipConfig;
import org.dhcpv6.failover.api.Role;
import org.dhcpv6.failover.api.ServerState;
import org.dhcpv6.failover.core.runtime.FailoverServer;
import org.dhcpv6.failover.core.store.InMemoryLeaseStore;
import org.dhcpv6.failover.core.testfixtures.ForwardingLeaseStore;
import org.dhcpv6.failover.core.transport.TcpTransport;
import org.dhcpv6.failover.examples.micrometer.FailoverMetricsBinder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The primary's disk fills up and empties again: the status JSON, the Prometheus endpoint and
 * the Micrometer binding show the store outage while it lasts and its end.
 */
class StoreOutageMetricsTest {

    /** A host store on a disk that can be made full: while {@link #full}, every write fails. */
    static final class FullDiskStore extends ForwardingLeaseStore {
        volatile boolean full;

        @Override
        public void put(Binding binding) throws LeaseStoreException {
            check();
            super.put(binding);
        }

        @Override
        public void putAll(Collection<Binding> bindings) throws LeaseStoreException {
            check();
            super.putAll(bindings);
        }

        @Override
        public void saveEndpoint(EndpointRecord endpoint) throws LeaseStoreException {
            check();
            super.saveEndpoint(endpoint);
        }

        private void check() throws LeaseStoreException {
            if (full) {
                throw new LeaseStoreException("No space left on device (test)");
            }
        }
    }

    private static final String NAME = "campus";
    private static final String SAMPLE = "\ndhcpv6_failover_store_available{relationship=\"campus\"} ";


    private FailoverServer primary;
    private FailoverServer secondary;
    private MetricsHttpServer metrics;
    private LeaseStore primaryStore;

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {metrics, secondary, primary, primaryStore}) {
            if (c != null) {
                c.close();
            }
        }
    }

    private static FailoverServer server(Role role, InetSocketAddress secondaryAddress, LeaseStore store)
            throws Exception {
        RelationshipConfig.Builder b = RelationshipConfig.builder(NAME, role).mclt(Duration.ofSeconds(60))
                .keepalive(Duration.ofSeconds(3)).startupTime(Duration.ofMillis(500))
                .connectRetry(Duration.ofMillis(100), Duration.ofMillis(500))
                .addressPool(AddressPool.parse("2001:db8:1::/64"));
        if (role == Role.PRIMARY) {
            b.partnerAddress(secondaryAddress);
        } else {
            b.partnerAddress(new InetSocketAddress(secondaryAddress.getAddress(), 647)).localAddress(secondaryAddress);
        }
        return FailoverServer.builder().transport(TcpTransport.insecurePlaintext())
                .relationship(b.build(), store, FailoverListener.NONE).build();
    }

    @Test
    void aFullDiskShowsInTheStatusJsonThePrometheusEndpointAndMicrometerUntilItEmpties() throws Exception {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        InetSocketAddress secondaryAddress;
        try (ServerSocket probe = new ServerSocket(0, 1, loopback)) {
            secondaryAddress = new InetSocketAddress(loopback, probe.getLocalPort());
        }
        FullDiskStore disk = new FullDiskStore();
        primaryStore = disk;
        primary = server(Role.PRIMARY, secondaryAddress, primaryStore);
        secondary = server(Role.SECONDARY, secondaryAddress, new InMemoryLeaseStore());
        primary.start();
        secondary.start();
        await(() -> primary.status(NAME).state() == ServerState.NORMAL
                && secondary.status(NAME).state() == ServerState.NORMAL);
        metrics = MetricsHttpServer.start(new InetSocketAddress(loopback, 0), primary, name -> Optional.empty());
        MeterRegistry registry = new SimpleMeterRegistry();
        new FailoverMetricsBinder(primary, Duration.ZERO).bindTo(registry);
        assertTrue(scrape().contains(SAMPLE + "1\n"));
        assertTrue(statusJson().contains("\"storeAvailable\":true"), statusJson());
        assertEquals(1, storeGauge(registry));

        disk.full = true;
        assertEquals(LeaseDecision.Outcome.NOT_COMMITTED, lease(1).outcome(), "no lease that is not on disk");
        await(() -> !primary.status(NAME).storeAvailable());
        String down = scrape();
        assertTrue(down.contains(SAMPLE + "0\n"), down);
        assertTrue(statusJson().contains("\"storeAvailable\":false"), statusJson());
        assertEquals(0, storeGauge(registry));

        disk.full = false;
        await(() -> primary.status(NAME).storeAvailable());
        assertTrue(scrape().contains(SAMPLE + "1\n"));
        assertTrue(statusJson().contains("\"storeAvailable\":true"), statusJson());
        assertEquals(1, storeGauge(registry));
        assertEquals(LeaseDecision.Outcome.GRANTED, lease(2).outcome(), "serving again");
    }

    private LeaseDecision lease(int n) {
        LeaseHooks hooks = primary.hooks(NAME);
        ClientIdentity client = new ClientIdentity(Duid.parseHex("0001000100000000000" + n), n, IaType.IA_NA);
        LeaseDecision d = hooks.beforeReply(LeaseRequest.of(MessageKind.REQUEST, client,
                hooks.nextFreeAddress().orElseThrow(), 600, 600, false));
        hooks.afterReply(d);
        return d;
    }

    private String statusJson() {
        return StatusJson.render(List.of(), primary, ClockSource.SYSTEM, name -> Optional.empty());
    }

    private static double storeGauge(MeterRegistry registry) {
        return registry.get("dhcpv6.failover.store.available").tag("relationship", NAME).gauge().value();
    }

    private String scrape() throws Exception {
        InetSocketAddress a = metrics.address();
        URI uri = new URI("http", null, a.getHostString(), a.getPort(), "/metrics", null, null);
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        return r.body();
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
