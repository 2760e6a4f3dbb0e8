package org.dhcpv6.failover.examples.demo;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.dhcpv6.failover.examples.hostsrv.CertGenerator;

/**
 * The demo's files: a CA and one certificate per server ({@code gen-certs}), and the two
 * servers' properties files on {@code [::1]} with free ports. Lifetimes are short so that RENEW,
 * REBIND and a whole valid lifetime fit into the demo: preferred 20 s (T1 10 s, T2 16 s), valid
 * 40 s, MCLT 30 s, keepalive 3 s.
 *
 * @param dir the demo's temporary folder
 * @param primaryConfig the primary's properties file
 * @param secondaryConfig the secondary's properties file
 * @param primaryDhcp the primary's DHCPv6 socket
 * @param secondaryDhcp the secondary's DHCPv6 socket
 * @param validSeconds the valid lifetime the servers ask for
 */
public record DemoSetup(Path dir, Path primaryConfig, Path secondaryConfig, InetSocketAddress primaryDhcp,
        InetSocketAddress secondaryDhcp, int validSeconds) {

    private static final String COMMON = String.join("\n",
            "failover.relationship = demo",
            "failover.mclt = 30s",
            "failover.keepalive = 3s",
            "pool.addresses = 2001:db8:1::/64",
            // A /48 delegating /60s holds 4096 prefixes, plenty for a few hundred clients.
            "pool.prefixes = 2001:db8:100::/48=60",
            "lease.preferred = 20s",
            "lease.valid = 40s",
            "tls.ca = pki/ca.pem",
            "");

    /** The secondary's clock drift in a skew demo: it gains 0.5 ms per second. */
    public static final int SKEW_DRIFT_PPM = 500;

    /** Writes certificates and both configurations into {@code dir}. */
    public static DemoSetup create(Path dir) throws IOException {
        return create(dir, Duration.ZERO);
    }

    /**
     * Writes certificates and both configurations into {@code dir}; a non-zero {@code skew} sets
     * the secondary's wall clock that far ahead, drifting by {@link #SKEW_DRIFT_PPM}
     * ({@code clock.offset}, {@code clock.drift-ppm}).
     */
    public static DemoSetup create(Path dir, Duration skew) throws IOException {
        InetAddress loopback = InetAddress.getByName("::1");
        CertGenerator.generate(dir.resolve("pki"), List.of("dhcp-a.example", "dhcp-b.example"));
        int primaryPort = freeUdpPort(loopback);
        int secondaryPort = freeUdpPort(loopback);
        int failoverPort = freeTcpPort(loopback);
        Path a = dir.resolve("primary.properties");
        Files.writeString(a, String.join("\n",
                "dhcp.listen = [::1]:" + primaryPort,
                "store.dir = primary",
                "failover.role = primary",
                "failover.partner = [::1]:" + failoverPort,
                "tls.chain = pki/dhcp-a.example-chain.pem",
                "tls.key = pki/dhcp-a.example-key.pem",
                "tls.partner-name = dhcp-b.example",
                COMMON));
        Path b = dir.resolve("secondary.properties");
        Files.writeString(b, String.join("\n",
                "dhcp.listen = [::1]:" + secondaryPort,
                "store.dir = secondary",
                "failover.role = secondary",
                // The secondary accepts the primary by IP only; the port is the primary's source port.
                "failover.partner = [::1]:647",
                "failover.local = [::1]:" + failoverPort,
                "tls.chain = pki/dhcp-b.example-chain.pem",
                "tls.key = pki/dhcp-b.example-key.pem",
                "tls.partner-name = dhcp-a.example",
                skew.isZero() ? "" : "clock.offset = " + skew.toSeconds() + "s\nclock.drift-ppm = " + SKEW_DRIFT_PPM,
                COMMON));
        return new DemoSetup(dir, a, b, new InetSocketAddress(loopback, primaryPort),
                new InetSocketAddress(loopback, secondaryPort), 40);
    }

    /** The control socket of a server whose {@code store.dir} is {@code storeDir}. */
    public Path controlSocket(String storeDir) {
        return dir.resolve(storeDir).resolve("control.sock");
    }

    private static int freeUdpPort(InetAddress at) throws IOException {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(at, 0))) {
            return s.getLocalPort();
        }
    }

    private static int freeTcpPort(InetAddress at) throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, at)) {
            return s.getLocalPort();
        }
    }
}
