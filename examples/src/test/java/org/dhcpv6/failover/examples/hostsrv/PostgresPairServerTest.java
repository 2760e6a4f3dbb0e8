package org.dhcpv6.failover.examples.hostsrv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.dhcpv6.failover.api.Resource;
import org.dhcpv6.failover.core.testfixtures.PostgresServer;
import org.dhcpv6.failover.examples.client.DhcpClientDriver;
import org.dhcpv6.failover.examples.client.Holding;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two example servers in one JVM, both with {@code store.jdbc-url} on one real PostgreSQL
 * server (different store names), failover over plain loopback TCP: DHCPv6 clients take
 * addresses from the primary, and the secondary's rows in the database end with every one.
 */
class PostgresPairServerTest {

    @TempDir
    Path dir;

    @Test
    void clientsLeasesReachTheSecondarysDatabase() throws Exception {
        try (DatagramChannel probe = DatagramChannel.open(StandardProtocolFamily.INET6)) {
            probe.bind(new InetSocketAddress("::1", 0));
        } catch (IOException | UnsupportedOperationException e) {
            Assumptions.abort("IPv6 loopback ::1 is not usable here: " + e);
        }
        PostgresServer pg = PostgresServer.shared();
        int failoverPort = freePort();
        String relationship = PostgresServer.uniqueName("example-pair");
        ServerConfig secondary = config("b", pg, relationship, "secondary", "failover.partner = [::1]:647",
                "failover.local = [::1]:" + failoverPort);
        ServerConfig primary = config("a", pg, relationship, "primary", "failover.partner = [::1]:" + failoverPort);
        try (HostServer b = HostServer.start(secondary); HostServer a = HostServer.start(primary)) {
            await("both NORMAL in the database", Duration.ofSeconds(20),
                    () -> "NORMAL".equals(state(pg, relationship + "-primary"))
                            && "NORMAL".equals(state(pg, relationship + "-secondary")));
            Set<Resource> held;
            try (DhcpClientDriver driver = DhcpClientDriver.builder().server(a.dhcpAddress()).clients(20)
                    .want(true, false).wireSecond(Duration.ofMillis(100)).retransmit(Duration.ofMillis(200), 5)
                    .bind(new InetSocketAddress("::1", 0)).seed(7).build()) {
                driver.start();
                assertTrue(driver.awaitAllBound(Duration.ofSeconds(30)), "clients bound: " + driver.holdings());
                held = driver.holdings().values().stream().flatMap(List::stream).map(Holding::resource)
                        .collect(Collectors.toSet());
            }
            assertEquals(20, held.size());
            await("every client's address ACTIVE in the secondary's rows", Duration.ofSeconds(30),
                    () -> activeResources(pg, relationship + "-secondary").containsAll(held));
            assertTrue(activeResources(pg, relationship + "-primary").containsAll(held));
        }
    }

    private ServerConfig config(String name, PostgresServer pg, String relationship, String role, String... more)
            throws Exception {
        Path file = dir.resolve(name + ".properties");
        List<String> lines = new java.util.ArrayList<>(List.of(
                "dhcp.listen = [::1]:0",
                "server.duid-file = " + name + "-duid",
                "control.socket = " + name + ".sock",
                "store.jdbc-url = " + pg.jdbcUrl(),
                "store.jdbc-user = " + PostgresServer.USER,
                "store.jdbc-password-file = " + pg.passwordFile(),
                "failover.role = " + role,
                "failover.relationship = " + relationship,
                "failover.mclt = 1m",
                "failover.keepalive = 10s",
                "tls.insecure-plaintext = true",
                "pool.addresses = 2001:db8:1::/64",
                "lease.preferred = 1m",
                "lease.valid = 2m"));
        lines.addAll(List.of(more));
        Files.write(file, lines);
        return ServerConfig.load(file);
    }

    private static String state(PostgresServer pg, String storeName) {
        try (Connection c = pg.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT state FROM failover_endpoint WHERE store_name = ?")) {
            ps.setString(1, storeName);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Set<Resource> activeResources(PostgresServer pg, String storeName) {
        Set<Resource> out = new HashSet<>();
        try (Connection c = pg.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT resource FROM failover_binding WHERE store_name = ? AND status = 'ACTIVE'")) {
            ps.setString(1, storeName);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(org.dhcpv6.failover.api.Ipv6Address.parse(rs.getString(1)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("::1"))) {
            return s.getLocalPort();
        }
    }

    private static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            Thread.sleep(50);
        }
    }
}
