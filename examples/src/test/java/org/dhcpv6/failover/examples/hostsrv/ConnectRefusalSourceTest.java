package org.dhcpv6.failover.examples.hostsrv;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.dhcpv6.failover.api.RelationshipConfig;
import org.dhcpv6.failover.api.Role;
import org.dhcpv6.failover.core.runtime.FailoverServer;
import org.dhcpv6.failover.core.store.InMemoryLeaseStore;
import org.dhcpv6.failover.core.transport.TcpTransport;
import org.dhcpv6.failover.core.internal.wire.Connect;
import org.dhcpv6.failover.core.internal.wire.Frames;
import org.dhcpv6.failover.core.internal.wire.MessageCodec;
import org.junit.jupiter.api.Test;

/**
 * Issue 17, finding 6: the secondary's "refusing CONNECT from ..." line named the configured
 * partner address and port (647), not where the refused connection came from.
 */
class ConnectRefusalSourceTest {

    @Test
    void refusalNamesTheRealSourcePort() throws Exception {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        InetSocketAddress local;
        try (ServerSocket probe = new ServerSocket(0, 1, loopback)) {
            local = new InetSocketAddress(loopback, probe.getLocalPort());
        }
        RelationshipConfig config = RelationshipConfig.builder("campus", Role.SECONDARY)
                .partnerAddress(new InetSocketAddress(loopback, 647)).localAddress(local)
                .mclt(Duration.ofSeconds(60)).build();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream stderr = System.err;
        // slf4j-simple writes to whatever System.err is at the time, so the log can be read here.
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        String line = null;
        int sourcePort;
        try (FailoverServer secondary = FailoverServer.builder().transport(TcpTransport.insecurePlaintext())
                .relationship(config, new InMemoryLeaseStore(), new LoggingListener()).build();
                Socket peer = new Socket()) {
            secondary.start();
            peer.connect(local, 5_000);
            sourcePort = peer.getLocalPort();
            // No protocol version, MCLT or keepalive: a CONNECT every secondary refuses.
            peer.getOutputStream().write(Frames.frame(MessageCodec.encode(new Connect(7, 0, List.of()))));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (line == null && System.nanoTime() < deadline) {
                line = log.toString(StandardCharsets.UTF_8).lines()
                        .filter(l -> l.contains("refusing CONNECT from")).findFirst().orElse(null);
                Thread.sleep(20);
            }
        } finally {
            System.setErr(stderr);
        }
        assertTrue(line != null, "no refusal logged:\n" + log.toString(StandardCharsets.UTF_8));
        assertTrue(line.contains(":" + sourcePort), line);
        assertFalse(line.contains(":647"), line);
    }
}
