package org.dhcpv6.failover.examples.hostsrv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;
import org.dhcpv6.failover.api.AddressPool;
import org.dhcpv6.failover.api.ClientIdentity;
import org.dhcpv6.failover.api.Duid;
import org.dhcpv6.failover.api.FailoverListener;
import org.dhcpv6.failover.api.IaType;
import org.dhcpv6.failover.api.LeaseDecision;
import org.dhcpv6.failover.api.LeaseHooks;
import org.dhcpv6.failover.api.LeaseRequest;
import org.dhcpv6.failover.api.MessageKind;
import org.dhcpv6.failover.api.RelationshipConfig;
import org.dhcpv6.failover.api.Role;
import org.dhcpv6.failover.api.ServerState;
import org.dhcpv6.failover.core.runtime.FailoverServer;
import org.dhcpv6.failover.core.store.InMemoryLeaseStore;
import org.dhcpv6.failover.core.transport.TcpTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Scrapes the Prometheus endpoint of a real primary whose secondary runs in the same JVM. */
class MetricsHttpServerTest {

    private static final String NAME = "campus";
    /** A sample line of the text format: name, optional labels, a number. */
    private static final Pattern SAMPLE = Pattern.compile(
            "dhcpv6_failover_[a-z_]+(\\{relationship=\"campus\"(,[a-z]+=\"[^\"]*\")*\\})? -?[0-9.eE+-]+");

    private FailoverServer primary;
    private FailoverServer secondary;
    private MetricsHttpServer metrics;

    @AfterEach
    void tearDown() {
        for (AutoCloseable c : new AutoCloseable[] {metrics, secondary, primary}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // best effort
            }
        }
    }

    private static FailoverServer server(Role role, InetSocketAddress secondaryAddress) throws Exception {
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
                .relationship(b.build(), new InMemoryLeaseStore(), FailoverListener.NONE).build();
    }

    @Test
    void aScrapeShowsStateTrafficAndHookDecisions() throws Exception {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        InetSocketAddress secondaryAddress;
        try (ServerSocket probe = new ServerSocket(0, 1, loopback)) {
            secondaryAddress = new InetSocketAddress(loopback, probe.getLocalPort());
        }
        primary = server(Role.PRIMARY, secondaryAddress);
        secondary = server(Role.SECONDARY, secondaryAddress);
        primary.start();
        secondary.start();
        await(() -> primary.status(NAME).state() == ServerState.NORMAL
                && secondary.status(NAME).state() == ServerState.NORMAL);
        LeaseHooks hooks = primary.hooks(NAME);
        ClientIdentity client = new ClientIdentity(Duid.parseHex("00010001000000000001"), 1, IaType.IA_NA);
        LeaseDecision d = hooks.beforeReply(LeaseRequest.of(MessageKind.REQUEST, client,
                hooks.nextFreeAddress().orElseThrow(), 600, 600, false));
        hooks.afterReply(d);
        await(() -> primary.metrics(NAME).updatesAcknowledged() >= 1);
        metrics = MetricsHttpServer.start(new InetSocketAddress(loopback, 0), primary,
                name -> Optional.of(new StatusJson.BindingCounts(7, 5)));

        String body = get("/metrics", 200);
        for (String line : body.split("\n")) {
            assertTrue(line.startsWith("# HELP dhcpv6_failover_") || line.startsWith("# TYPE dhcpv6_failover_")
                    || SAMPLE.matcher(line).matches(), "not a valid exposition line: " + line);
        }
        assertTrue(body.contains("\ndhcpv6_failover_state{relationship=\"campus\"} 2\n"), body);
        assertTrue(body.contains("\ndhcpv6_failover_partner_state{relationship=\"campus\"} 2\n"), body);
        assertTrue(body.contains("\ndhcpv6_failover_connected{relationship=\"campus\"} 1\n"), body);
        assertTrue(body.contains("\ndhcpv6_failover_messages_sent_total{relationship=\"campus\",type=\"BNDUPD\"} 1\n"),
                body);
        assertTrue(body.contains("\ndhcpv6_failover_bndupd_acknowledged_total{relationship=\"campus\"} 1\n"), body);
        assertTrue(body.contains(
                "\ndhcpv6_failover_hook_decisions_total{relationship=\"campus\",outcome=\"GRANTED\"} 1\n"), body);
        assertTrue(body.contains("\ndhcpv6_failover_commit_seconds_bucket{relationship=\"campus\",le=\"+Inf\"} 1\n"),
                body);
        assertTrue(body.contains("\ndhcpv6_failover_commit_seconds_count{relationship=\"campus\"} 1\n"), body);
        assertTrue(body.contains("\ndhcpv6_failover_bindings{relationship=\"campus\"} 7\n"), body);
        assertTrue(body.contains("\ndhcpv6_failover_communications_up_total{relationship=\"campus\"} 1\n"), body);

        secondary.close();
        secondary = null;
        await(() -> primary.status(NAME).state() == ServerState.COMMUNICATIONS_INTERRUPTED);
        String after = get("/metrics", 200);
        assertTrue(after.contains("\ndhcpv6_failover_state{relationship=\"campus\"} 3\n"), after);
        assertTrue(after.contains("\ndhcpv6_failover_connected{relationship=\"campus\"} 0\n"), after);
        assertTrue(after.contains("dhcpv6_failover_connection_losses_total{relationship=\"campus\",reason=\""), after);

        get("/", 404);
        assertEquals(405, status("POST", "/metrics"));
    }


    private String get(String path, int expected) throws Exception {
        HttpURLConnection c = open(path);
        assertEquals(expected, c.getResponseCode());
        if (expected != 200) {
            return "";
        }
        assertEquals("text/plain; version=0.0.4; charset=utf-8", c.getHeaderField("Content-Type"));
        try (InputStream in = c.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private int status(String method, String path) throws Exception {
        HttpURLConnection c = open(path);
        c.setRequestMethod(method);
        return c.getResponseCode();
    }

    private HttpURLConnection open(String path) throws Exception {
        InetSocketAddress a = metrics.address();
        return (HttpURLConnection) new URL("http", a.getHostString(), a.getPort(), path).openConnection();
    }

    private static void await(BooleanSupplier done) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!done.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out");
            Thread.sleep(20);
        }
    }

    @FunctionalInterface
    private interface BooleanSupplier {
        boolean getAsBoolean() throws Exception;
    }
}
