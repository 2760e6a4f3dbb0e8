package org.dhcpv6.failover.examples.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.dhcpv6.failover.api.Duid;
import org.dhcpv6.failover.api.Ipv6Address;
import org.dhcpv6.failover.api.Ipv6Prefix;
import org.dhcpv6.failover.api.Resource;
import org.dhcpv6.failover.examples.client.DhcpClientDriver;
import org.dhcpv6.failover.examples.client.Holding;
import org.dhcpv6.failover.examples.dhcp.Duids;
import org.dhcpv6.failover.examples.dhcp.MessageType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The UDP server on ::1 with an ephemeral port, driven by the project's own client driver. */
class DhcpUdpServerTest {

    private static final InetSocketAddress LOOPBACK = new InetSocketAddress("::1", 0);
    private static final Duration WAIT = Duration.ofSeconds(20);

    private DhcpUdpServer server;
    private DhcpClientDriver driver;

    @BeforeAll
    static void needsIpv6Loopback() {
        try (DatagramChannel probe = DatagramChannel.open(StandardProtocolFamily.INET6)) {
            probe.bind(LOOPBACK);
        } catch (IOException | UnsupportedOperationException e) {
            Assumptions.abort("IPv6 loopback ::1 is not usable here (" + e + "); skipping UDP tests");
        }
    }

    @AfterEach
    void tearDown() {
        if (driver != null) {
            driver.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private void start(LeaseBackend backend) throws IOException {
        // Lifetimes 10 s / 20 s give T1 = 5 s and T2 = 8 s; at 100 ms per protocol second
        // the clients renew after half a second.
        ServerPolicy policy = ServerPolicy.builder().lifetimes(new Lifetimes(10, 20)).build();
        DhcpServerCore core = new DhcpServerCore(Duids.uuid(UUID.randomUUID()), policy, backend);
        server = DhcpUdpServer.builder(core).bind(LOOPBACK).start();
        driver = DhcpClientDriver.builder().server(server.localAddress()).clients(10).want(true, true)
                .wireSecond(Duration.ofMillis(100)).retransmit(Duration.ofMillis(200), 5)
                .bind(LOOPBACK).seed(7).build();
        driver.start();
    }

    private static StandaloneLeaseBackend pools() {
        return StandaloneLeaseBackend.builder()
                .addressPool(Ipv6Prefix.parse("2001:db8:1::/64"))
                .prefixPool(Ipv6Prefix.parse("2001:db8:100::/48"), 56)
                .build();
    }

    private static Map<Duid, Set<Resource>> resources(Map<Duid, List<Holding>> holdings) {
        Map<Duid, Set<Resource>> out = new java.util.HashMap<>();
        holdings.forEach((d, list) -> out.put(d, Set.copyOf(list.stream().map(Holding::resource).toList())));
        return out;
    }

    @Test
    void tenClientsGetDistinctAddressesAndPrefixesAndKeepThemOnRenew() throws Exception {
        start(pools());
        assertTrue(driver.awaitAllBound(WAIT), "all clients bound: " + driver.holdings());
        Map<Duid, Set<Resource>> first = resources(driver.holdings());
        Set<Resource> all = new HashSet<>();
        first.values().forEach(all::addAll);
        assertEquals(20, all.size(), "10 addresses and 10 prefixes, no duplicates: " + first);
        assertTrue(driver.duplicates().isEmpty());
        for (Resource r : all) {
            assertTrue(r instanceof Ipv6Address a ? Ipv6Prefix.parse("2001:db8:1::/64").contains(a)
                    : Ipv6Prefix.parse("2001:db8:100::/48").contains((Ipv6Prefix) r), r + " from the pools");
        }
        assertTrue(driver.awaitStats(s -> s.renewed() >= 20, WAIT), "two renewals each: " + driver.stats());
        assertEquals(first, resources(driver.holdings()), "renewing kept every lease");
        assertEquals(0, driver.stats().restarts());
    }

    @Test
    void garbageIsCountedAndTheServerKeepsAnswering() throws Exception {
        start(pools());
        try (DatagramChannel junk = DatagramChannel.open(StandardProtocolFamily.INET6)) {
            junk.send(ByteBuffer.wrap(new byte[] {1, 2}), server.localAddress());
            junk.send(ByteBuffer.wrap(new byte[] {3, 0, 0, 1, 0, 1, (byte) 0xff, (byte) 0xff}), server.localAddress());
        }
        assertTrue(driver.awaitAllBound(WAIT));
        long deadline = System.nanoTime() + WAIT.toNanos();
        // The server counts a reply after send() returns, so a client may be bound a moment before
        // its last reply is counted: wait for the count as for the malformed one.
        while ((server.malformedCount() < 2 || server.repliedCount() < 20) && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertEquals(2, server.malformedCount());
        assertTrue(server.repliedCount() >= 20, "replies counted: " + server.repliedCount());
    }

    @Test
    void clientsRebindWhenRenewsGoUnansweredAndKeepTheirLeases() throws Exception {
        StandaloneLeaseBackend real = pools();
        LeaseBackend renewDeaf = new ForwardingBackend(real) {
            @Override
            public boolean mayRespond(MessageType type, boolean directedToUs) {
                return type != MessageType.RENEW;
            }
        };
        start(renewDeaf);
        assertTrue(driver.awaitAllBound(WAIT));
        Map<Duid, Set<Resource>> first = resources(driver.holdings());
        assertTrue(driver.awaitStats(s -> s.rebound() >= 10, WAIT), "rebinds: " + driver.stats());
        assertEquals(first, resources(driver.holdings()));
        assertEquals(0, driver.stats().renewed());
    }
}
