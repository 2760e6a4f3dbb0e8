package org.dhcpv6.failover.examples.hostsrv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.dhcpv6.failover.api.Binding;
import org.dhcpv6.failover.api.BindingStatus;
import org.dhcpv6.failover.api.Resource;
import org.dhcpv6.failover.core.store.JournalLeaseStore;
import org.dhcpv6.failover.examples.client.DhcpClientDriver;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The standalone example server keeps its leases in the same journal store a failover server
 * uses: after a restart it still knows every lease its clients hold, and the journal on disk
 * has each of them ACTIVE for the client that holds it.
 */
class StandaloneRestartTest {

    @TempDir
    Path dir;

    @Test
    void theStandaloneServerSurvivesARestartWithItsLeases() throws Exception {
        try (DatagramChannel probe = DatagramChannel.open(StandardProtocolFamily.INET6)) {
            probe.bind(new InetSocketAddress("::1", 0));
        } catch (IOException | UnsupportedOperationException e) {
            Assumptions.abort("IPv6 loopback ::1 is not usable here: " + e);
        }
        Path conf = dir.resolve("server.properties");
        Files.write(conf, List.of("dhcp.listen = [::1]:0", "store.dir = s", "failover.enabled = false",
                "pool.addresses = 2001:db8:1::/64", "pool.prefixes = 2001:db8:100::/48=56",
                "lease.preferred = 600s", "lease.valid = 1200s"));
        ServerConfig config = ServerConfig.load(conf);

        Set<Resource> held;
        try (HostServer server = HostServer.start(config);
                DhcpClientDriver driver = DhcpClientDriver.builder().server(server.dhcpAddress()).clients(5)
                        .want(true, true).wireSecond(Duration.ofMillis(100)).retransmit(Duration.ofMillis(200), 5)
                        .bind(new InetSocketAddress("::1", 0)).seed(5).build()) {
            driver.start();
            assertTrue(driver.awaitAllBound(Duration.ofSeconds(20)), "clients bound: " + driver.holdings());
            held = driver.holdings().values().stream().flatMap(List::stream).map(h -> h.resource())
                    .collect(Collectors.toSet());
        }
        assertEquals(10, held.size(), "5 clients, an address and a prefix each");

        try (HostServer restarted = HostServer.start(config)) {
            List<String> status = ControlClient.send(config.controlSocket(), "status");
            assertEquals("standalone (failover.enabled=false), 10 leases", status.get(1),
                    "the restarted server loaded every lease from the journal");
        }
        try (JournalLeaseStore store = JournalLeaseStore.open(dir.resolve("s"))) {
            for (Resource r : held) {
                Binding b = store.get(r).orElseThrow(() -> new AssertionError("not in the journal: " + r));
                assertEquals(BindingStatus.ACTIVE, b.status(), r::toString);
            }
        }
    }
}
