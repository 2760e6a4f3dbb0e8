package org.dhcpv6.failover.examples.hostsrv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dhcpv6.failover.examples.client.DhcpClientDriver;
import org.dhcpv6.failover.examples.dhcp.ServerDuidFile;
import org.dhcpv6.failover.tls.TlsSettings;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FailoverServerMainTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();

    private int main(String... args) {
        return FailoverServerMain.run(args, new PrintStream(outBytes, true, StandardCharsets.UTF_8),
                new PrintStream(errBytes, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return outBytes.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return errBytes.toString(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @CsvSource(delimiterString = " => ", value = {
        "run => run: --config is required",
        "frobnicate --config x => unknown command 'frobnicate'",
        "status --dir x => status: unknown argument '--dir'",
        "run --config => run: --config needs a value",
        "--config a --config b => run: --config given twice",
        "gen-certs --dir d => gen-certs: --names is required",
        "status --json --config a --json => status: --json given twice",
        "partner-down --config a --json => partner-down: unknown argument '--json'",
    })
    void usageErrorsExitTwoAndSayWhat(String args, String message) {
        String[] argv = args.trim().split(" ");
        assertEquals(2, main(argv));
        assertTrue(err().startsWith("failover-server: " + message), err());
        assertTrue(err().contains("usage: failover-server"), err());
    }

    @Test
    void noArgumentsMeansRunAndRunNeedsAConfig() {
        assertEquals(2, main());
        assertTrue(err().startsWith("failover-server: run: --config is required"), err());
    }

    @Test
    void helpPrintsUsage() {
        assertEquals(0, main("--help"));
        assertTrue(out().startsWith("usage: failover-server"));
    }

    @Test
    void aConfigurationErrorExitsOneNamingTheKey() throws IOException {
        Path conf = write("store.dir = s", "pool.addresses = 2001:db8:1::/64", "failover.role = primary",
                "failover.relationship = r", "failover.partner = [::1]:6470", "failover.mclt = abc");
        assertEquals(1, main("run", "--config", conf.toString()));
        assertTrue(err().contains("failover.mclt: 'abc' is not a duration"), err());
    }

    @Test
    void statusWithoutARunningServerSaysSo() throws IOException {
        Path conf = write("store.dir = s", "failover.enabled = false", "pool.addresses = 2001:db8:1::/64");
        assertEquals(1, main("status", "--config", conf.toString()));
        assertTrue(err().contains("no server answers on " + dir.resolve("s/control.sock")), err());
    }

    @Test
    void genCertsWritesAUsablePairOfIdentities() throws Exception {
        Path pki = dir.resolve("pki");
        assertEquals(0, main("gen-certs", "--dir", pki.toString(), "--names", "a.example,b.example"));
        assertEquals(5, out().lines().count(), out());
        for (String name : List.of("a.example", "b.example")) {
            TlsSettings.builder().identityFromPem(pki.resolve(name + "-chain.pem"), pki.resolve(name + "-key.pem"))
                    .trustAnchorsFromPem(pki.resolve("ca.pem")).partnerName("other.example").build();
        }
    }

    @Test
    void runServesClientsStandaloneOverLoopbackAndAnswersStatus() throws Exception {
        try (DatagramChannel probe = DatagramChannel.open(StandardProtocolFamily.INET6)) {
            probe.bind(new InetSocketAddress("::1", 0));
        } catch (IOException | UnsupportedOperationException e) {
            Assumptions.abort("IPv6 loopback ::1 is not usable here: " + e);
        }
        Path conf = write("dhcp.listen = [::1]:0", "store.dir = s", "failover.enabled = false",
                "pool.addresses = 2001:db8:1::/64", "pool.prefixes = 2001:db8:100::/48=56",
                "lease.preferred = 10s", "lease.valid = 40s");
        AtomicInteger status = new AtomicInteger(-1);
        Thread server = new Thread(() -> status.set(main("run", "--config", conf.toString())), "main-run");
        server.start();
        Path socket = dir.resolve("s/control.sock");
        List<String> lines = awaitStatus(socket);
        Matcher port = Pattern.compile("^dhcp \\S*:(\\d+), server DUID (\\S+)$").matcher(lines.get(0));
        assertTrue(port.matches(), lines.get(0));
        assertEquals(ServerDuidFile.loadOrCreate(dir.resolve("s/server-duid")).toString(), port.group(2),
                "the DUID is kept in store.dir");
        assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(
                java.nio.file.Files.getPosixFilePermissions(dir.resolve("s"))), "store.dir is created owner-only");
        assertEquals("standalone (failover.enabled=false), 0 leases", lines.get(1));

        InetSocketAddress dhcp = new InetSocketAddress("::1", Integer.parseInt(port.group(1)));
        try (DhcpClientDriver driver = DhcpClientDriver.builder().server(dhcp).clients(5).want(true, true)
                .wireSecond(Duration.ofMillis(100)).retransmit(Duration.ofMillis(200), 5)
                .bind(new InetSocketAddress("::1", 0)).seed(3).build()) {
            driver.start();
            assertTrue(driver.awaitAllBound(Duration.ofSeconds(20)), "clients bound: " + driver.holdings());
            assertTrue(driver.duplicates().isEmpty());
        }
        assertEquals(0, main("status", "--config", conf.toString()));
        assertTrue(out().contains("standalone (failover.enabled=false), 10 leases"), out());
        assertEquals(0, main("status", "--config", conf.toString(), "--json"));
        assertTrue(out().contains("{\"server\":[\"dhcp /[0:0:0:0:0:0:0:1]:"), out());
        assertTrue(out().contains("\"standalone (failover.enabled=false), 10 leases\"],\"relationships\":[]}"), out());

        server.interrupt();
        server.join(10_000);
        assertFalse(server.isAlive());
        assertEquals(0, status.get());
        assertFalse(Files.exists(socket), "the control socket is removed on shutdown");
    }

    private static List<String> awaitStatus(Path socket) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            try {
                return ControlClient.send(socket, "status");
            } catch (IOException e) {
                assertTrue(System.nanoTime() < deadline, "server did not come up: " + e);
                Thread.sleep(50);
            }
        }
    }

    private Path write(String... lines) throws IOException {
        Path file = dir.resolve("server.properties");
        Files.write(file, List.of(lines));
        return file;
    }
}
