package org.dhcpv6.failover.examples.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.dhcpv6.failover.core.transport.TcpTransport;
import org.dhcpv6.failover.tls.CertificateAuthority;
import org.dhcpv6.failover.tls.IssuedCertificate;
import org.dhcpv6.failover.tls.TlsSettings;
import org.dhcpv6.failover.tls.TlsTransport;

/**
 * BNDUPD/BNDREPLY throughput over mutually authenticated TLS against plain TCP, on loopback, in one
 * run: bindings per second from the primary's first grant until the secondary holds all N and the
 * primary has none pending. Rounds alternate TCP and TLS so that drift of the machine (JIT,
 * frequency, neighbours) falls on both alike; the first round of each is a warm-up and is not
 * counted. Prints one line per round, the mean per transport, and the TLS/TCP ratio.
 *
 * <p>Not JMH: each round starts two servers, connects them and waits for an asynchronous drain,
 * which is a wall-clock measurement of a whole run rather than of one call.
 *
 * <p>With {@code --jdbc-url URL} (and {@code --jdbc-user}, {@code --jdbc-password-file}) each
 * round also runs over plain TCP with both servers' leases in that PostgreSQL database
 * ({@code JdbcLeaseStore}, fresh store names per round, rows deleted after it), and the PG/TCP ratio is printed: what a
 * durable database costs against memory.
 *
 * <p>Run: {@code examples/bin/bench-sync [--bindings N] [--rounds R] [--warmup W] [--jdbc-url URL
 * [--jdbc-user U] [--jdbc-password-file F]]} (defaults 20000, 3, 1). Exits 0 when every round
 * synced, 1 otherwise.
 */
public final class SyncThroughputBenchmark {

    private SyncThroughputBenchmark() {
    }

    /** Runs the benchmark; see the class comment for the arguments. */
    public static void main(String[] args) {
        try {
            run(args);
        } catch (Exception e) {
            // A round that does not sync is a result too: say which, and fail the run.
            System.err.println("bench-sync: FAILED: " + e);
            System.exit(1);
        }
        // The transports' I/O threads need not be daemons; the run is over.
        System.exit(0);
    }

    private static void run(String[] args) throws Exception {
        int bindings = 20_000;
        int rounds = 3;
        int warmup = 1;
        BenchPostgres.Options jdbc = new BenchPostgres.Options();
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : "";
            if (jdbc.accept(args[i], value)) {
                i++;
                continue;
            }
            switch (args[i]) {
                case "--bindings" -> bindings = positive(args[i], value);
                case "--rounds" -> rounds = positive(args[i], value);
                case "--warmup" -> warmup = Math.max(0, Integer.parseInt(value));
                default -> usage("unknown argument " + args[i]);
            }
            i++;
        }
        CertificateAuthority ca = CertificateAuthority.create("sync benchmark CA");
        IssuedCertificate a = ca.issue("dhcp-a.example").dnsNames("dhcp-a.example").sign();
        IssuedCertificate b = ca.issue("dhcp-b.example").dnsNames("dhcp-b.example").sign();
        TlsSettings primaryTls = TlsSettings.builder().identity(a).trustAnchors(List.of(ca.certificate()))
                .partnerName("dhcp-b.example").build();
        TlsSettings secondaryTls = TlsSettings.builder().identity(b).trustAnchors(List.of(ca.certificate()))
                .partnerName("dhcp-a.example").build();

        System.out.printf(Locale.ROOT, "sync throughput on loopback: %d bindings per round, %d warm-up + %d "
                + "measured rounds per transport, %d CPUs, Java %s%n", bindings, warmup, rounds,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        System.out.printf(Locale.ROOT, "%-8s %-5s %10s %10s %10s %12s%n", "round", "link", "grants s", "drain s",
                "total s", "bindings/s");
        List<SyncRound.Result> tcp = new ArrayList<>();
        List<SyncRound.Result> tls = new ArrayList<>();
        List<SyncRound.Result> pg = new ArrayList<>();
        com.zaxxer.hikari.HikariDataSource pool = jdbc.pool("bench-sync");
        for (int r = 0; r < warmup + rounds; r++) {
            String label = r < warmup ? "warm-up" : Integer.toString(r - warmup + 1);
            SyncRound.Result plain = SyncRound.run("tcp", TcpTransport::insecurePlaintext,
                    TcpTransport::insecurePlaintext, bindings);
            print(label, plain);
            SyncRound.Result secure = SyncRound.run("tls", () -> TlsTransport.create(primaryTls),
                    () -> TlsTransport.create(secondaryTls), bindings);
            print(label, secure);
            if (r >= warmup) {
                tcp.add(plain);
                tls.add(secure);
            }
            if (pool != null) {
                SyncRound.Result durable = SyncRound.run("tcp-pg", TcpTransport::insecurePlaintext,
                        TcpTransport::insecurePlaintext, BenchPostgres.stores(pool), bindings);
                print(label, durable);
                if (r >= warmup) {
                    pg.add(durable);
                }
            }
        }
        double tcpRate = mean(tcp);
        double tlsRate = mean(tls);
        System.out.printf(Locale.ROOT, "%-8s %-5s %10s %10s %10s %12.0f%n", "mean", "tcp", "", "", "", tcpRate);
        System.out.printf(Locale.ROOT, "%-8s %-5s %10s %10s %10s %12.0f%n", "mean", "tls", "", "", "", tlsRate);
        System.out.printf(Locale.ROOT, "TLS/TCP throughput ratio: %.2f%n", tlsRate / tcpRate);
        if (pool != null) {
            double pgRate = mean(pg);
            System.out.printf(Locale.ROOT, "%-8s %-5s %10s %10s %10s %12.0f%n", "mean", "pg", "", "", "", pgRate);
            System.out.printf(Locale.ROOT, "PostgreSQL/memory (both over TCP) throughput ratio: %.2f%n",
                    pgRate / tcpRate);
            pool.close();
        }
    }

    private static void print(String label, SyncRound.Result r) {
        System.out.printf(Locale.ROOT, "%-8s %-5s %10.3f %10.3f %10.3f %12.0f%n", label, r.transport(),
                r.grantSeconds(), r.totalSeconds() - r.grantSeconds(), r.totalSeconds(), r.bindingsPerSecond());
    }

    /** Mean of the per-round rates, each round weighted alike. */
    private static double mean(List<SyncRound.Result> results) {
        return results.stream().mapToDouble(SyncRound.Result::bindingsPerSecond).average().orElse(Double.NaN);
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
        System.err.println("bench-sync: " + problem);
        System.err.println("usage: bench-sync [--bindings N] [--rounds R] [--warmup W] ["
                + BenchPostgres.USAGE + "]");
        System.exit(2);
    }
}
