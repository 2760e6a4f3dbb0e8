package org.dhcpv6.failover.examples.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.dhcpv6.failover.api.Transport;
import org.dhcpv6.failover.core.transport.TcpTransport;
import org.dhcpv6.failover.tls.CertificateAuthority;
import org.dhcpv6.failover.tls.IssuedCertificate;
import org.dhcpv6.failover.tls.TlsSettings;
import org.dhcpv6.failover.tls.TlsTransport;

/**
 * Bulk resynchronisation of an empty secondary from its primary, on loopback: the primary holds N
 * bindings (granted through its hooks beforehand, not timed), a secondary with an empty store
 * starts, and the run times it from its start until its UPDREQALL is answered and it holds every
 * binding. Prints bindings per second and heap figures for each link and store asked for, in one
 * run, so their ratios come from one machine state.
 *
 * <p>Not JMH: a round is a whole asynchronous exchange between two servers, a wall-clock measure
 * of a run rather than of one call.
 *
 * <p>Run: {@code examples/bin/bench-resync [--bindings N] [--link tls|tcp|both] [--store
 * journal|memory|both] [--dir DIR] [--max-unacked N]} (defaults 1000000, tls, journal, the temporary
 * directory, 100: the BNDUPDs each side lets the other have unanswered).
 * The journal store syncs to disk (fsync) as in production. Exits 0 when every round resynced
 * every binding, 1 otherwise.
 */
public final class ResyncBenchmark {

    private ResyncBenchmark() {
    }

    /** Runs the benchmark; see the class comment for the arguments. */
    public static void main(String[] args) {
        try {
            run(args);
        } catch (Exception e) {
            System.err.println("bench-resync: FAILED: " + e);
            System.exit(1);
        }
        // The transports' I/O threads need not be daemons; the run is over.
        System.exit(0);
    }

    private static void run(String[] args) throws Exception {
        int bindings = 1_000_000;
        List<String> links = List.of("tls");
        List<String> stores = List.of("journal");
        Path dir = Path.of(System.getProperty("java.io.tmpdir"));
        int maxUnacked = 100;
        for (int i = 0; i < args.length; i += 2) {
            String value = i + 1 < args.length ? args[i + 1] : "";
            switch (args[i]) {
                case "--bindings" -> bindings = positive(args[i], value);
                case "--link" -> links = choice(args[i], value, "tls", "tcp");
                case "--store" -> stores = choice(args[i], value, "journal", "memory");
                case "--dir" -> dir = Path.of(value);
                case "--max-unacked" -> maxUnacked = positive(args[i], value);
                default -> usage("unknown argument " + args[i]);
            }
        }
        CertificateAuthority ca = CertificateAuthority.create("resync benchmark CA");
        IssuedCertificate a = ca.issue("dhcp-a.example").dnsNames("dhcp-a.example").sign();
        IssuedCertificate b = ca.issue("dhcp-b.example").dnsNames("dhcp-b.example").sign();
        TlsSettings primaryTls = TlsSettings.builder().identity(a).trustAnchors(List.of(ca.certificate()))
                .partnerName("dhcp-b.example").build();
        TlsSettings secondaryTls = TlsSettings.builder().identity(b).trustAnchors(List.of(ca.certificate()))
                .partnerName("dhcp-a.example").build();

        System.out.printf(Locale.ROOT, "resync on loopback: %d bindings, max-unacked %d, %d CPUs, max heap %d MiB,"
                + " Java %s%n", bindings, maxUnacked, Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20, System.getProperty("java.version"));
        System.out.printf(Locale.ROOT, "%-5s %-8s %10s %10s %12s %14s %14s %16s %10s%n", "link", "store", "grant s",
                "resync s", "bindings/s", "CPU us/bind", "primary MiB", "secondary MiB", "peak MiB");
        List<ResyncRound.Result> results = new ArrayList<>();
        for (String store : stores) {
            for (String link : links) {
                Callable<Transport> primary = link.equals("tls") ? () -> TlsTransport.create(primaryTls)
                        : TcpTransport::insecurePlaintext;
                Callable<Transport> secondary = link.equals("tls") ? () -> TlsTransport.create(secondaryTls)
                        : TcpTransport::insecurePlaintext;
                Path work = Files.createTempDirectory(dir, "bench-resync");
                try {
                    ResyncRound.Result r = ResyncRound.run(link, primary, secondary, store, work, bindings,
                            maxUnacked);
                    results.add(r);
                    System.out.printf(Locale.ROOT, "%-5s %-8s %10.2f %10.2f %12.0f %14.1f %14d %16d %10d%n", r.link(),
                            r.store(), r.grantSeconds(), r.resyncSeconds(), r.bindingsPerSecond(),
                            r.cpuMicrosPerBinding(), r.primaryHeap() >> 20, r.secondaryHeap() >> 20,
                            r.peakHeap() >> 20);
                } finally {
                    delete(work);
                }
            }
        }
        if (results.size() > 1) {
            double first = results.get(0).bindingsPerSecond();
            for (ResyncRound.Result r : results.subList(1, results.size())) {
                System.out.printf(Locale.ROOT, "ratio %s/%s to %s/%s: %.2f%n", r.link(), r.store(),
                        results.get(0).link(), results.get(0).store(), r.bindingsPerSecond() / first);
            }
        }
    }

    private static void delete(Path dir) throws Exception {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static List<String> choice(String name, String value, String one, String other) {
        if (value.equals("both")) {
            return List.of(one, other);
        }
        if (value.equals(one) || value.equals(other)) {
            return List.of(value);
        }
        usage(name + " takes " + one + ", " + other + " or both, got '" + value + "'");
        return List.of();
    }

    private static int positive(String name, String value) {
        try {
            int n = Integer.parseInt(value);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // Falls through to the usage message.
        }
        usage(name + " needs a positive number, got '" + value + "'");
        return 0;
    }

    private static void usage(String problem) {
        System.err.println("bench-resync: " + problem);
        System.err.println("usage: bench-resync [--bindings N] [--link tls|tcp|both] [--store journal|memory|both]"
                + " [--dir DIR] [--max-unacked N]");
        System.exit(2);
    }
}
