package org.dhcpv6.failover.examples.bench;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
 * counted. Prints one line per round, the mean per transport and store, and the TLS/TCP ratio.
 *
 * <p>Not JMH: each round starts two servers, connects them and waits for an asynchronous drain,
 * which is a wall-clock measurement of a whole run rather than of one call.
 *
 * <p>{@code --store} chooses the stores of the TCP and TLS rounds: {@code memory} (the default; the
 * network and the engine are what is measured), {@code journal} ({@code JournalLeaseStore} with
 * fsync on, a fresh temporary directory per round, removed after it), or both, as {@code both} or
 * a comma-separated list; with more than one, each round runs every store and the ratio of each to
 * the first is printed. With {@code --jdbc-url URL} (and {@code --jdbc-user},
 * {@code --jdbc-password-file}) each round also runs over plain TCP with both servers' leases in
 * that PostgreSQL database ({@code JdbcLeaseStore}, fresh store names per round, rows deleted after
 * it), and its ratio to the first store over TCP is printed: what a durable store costs.
 *
 * <p>Run: {@code examples/bin/bench-sync [--bindings N] [--rounds R] [--warmup W] [--store
 * memory|journal|both] [--jdbc-url URL [--jdbc-user U] [--jdbc-password-file F]]} (defaults 20000,
 * 3, 1, memory). Exits 0 when every round synced, 1 otherwise.
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
        List<String> stores = List.of("memory");
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
                case "--store" -> stores = storeKinds(value);
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
        Path dir = Path.of(System.getProperty("java.io.tmpdir"));

        System.out.printf(Locale.ROOT, "sync throughput on loopback: %d bindings per round, %d warm-up + %d "
                + "measured rounds per transport and store, %d CPUs, Java %s%n", bindings, warmup, rounds,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        System.out.printf(Locale.ROOT, "%-8s %-5s %-8s %10s %10s %10s %12s%n", "round", "link", "store", "grants s",
                "drain s", "total s", "bindings/s");
        // Means per "store link", in the order first run.
        Map<String, List<SyncRound.Result>> measured = new LinkedHashMap<>();
        HikariDataSource pool = jdbc.pool("bench-sync");
        List<String> kinds = new ArrayList<>(stores);
        if (pool != null) {
            kinds.add("postgres");
        }
        try {
            for (int r = 0; r < warmup + rounds; r++) {
                String label = r < warmup ? "warm-up" : Integer.toString(r - warmup + 1);
                for (String store : kinds) {
                    // PostgreSQL rounds run over TCP only: the database, not the link, is what they show.
                    List<String> links = store.equals("postgres") ? List.of("tcp") : List.of("tcp", "tls");
                    for (String link : links) {
                        RoundStores roundStores = switch (store) {
                            case "memory" -> RoundStores.memory();
                            case "journal" -> RoundStores.journal(dir);
                            default -> BenchPostgres.stores(pool);
                        };
                        SyncRound.Result result = link.equals("tls")
                                ? SyncRound.run(link, () -> TlsTransport.create(primaryTls),
                                        () -> TlsTransport.create(secondaryTls), roundStores, bindings)
                                : SyncRound.run(link, TcpTransport::insecurePlaintext,
                                        TcpTransport::insecurePlaintext, roundStores, bindings);
                        print(label, store, result);
                        if (r >= warmup) {
                            measured.computeIfAbsent(store + " " + link, k -> new ArrayList<>()).add(result);
                        }
                    }
                }
            }
        } finally {
            if (pool != null) {
                pool.close();
            }
        }
        for (Map.Entry<String, List<SyncRound.Result>> e : measured.entrySet()) {
            String[] storeAndLink = e.getKey().split(" ");
            System.out.printf(Locale.ROOT, "%-8s %-5s %-8s %10s %10s %10s %12.0f%n", "mean", storeAndLink[1],
                    storeAndLink[0], "", "", "", mean(e.getValue()));
        }
        for (String store : stores) {
            System.out.printf(Locale.ROOT, "TLS/TCP throughput ratio (%s): %.2f%n", store,
                    mean(measured.get(store + " tls")) / mean(measured.get(store + " tcp")));
        }
        double firstTcp = mean(measured.get(stores.get(0) + " tcp"));
        for (String store : kinds.subList(1, kinds.size())) {
            System.out.printf(Locale.ROOT, "%s/%s (both over TCP) throughput ratio: %.2f%n", store, stores.get(0),
                    mean(measured.get(store + " tcp")) / firstTcp);
        }
    }

    private static void print(String label, String store, SyncRound.Result r) {
        System.out.printf(Locale.ROOT, "%-8s %-5s %-8s %10.3f %10.3f %10.3f %12.0f%n", label, r.transport(), store,
                r.grantSeconds(), r.totalSeconds() - r.grantSeconds(), r.totalSeconds(), r.bindingsPerSecond());
    }

    private static List<String> storeKinds(String value) {
        List<String> kinds = RoundStores.parse(value, List.of("memory", "journal"));
        if (kinds == null) {
            usage("--store takes memory, journal, a comma-separated list of them, both or all, got '" + value
                    + "' (PostgreSQL rounds come with --jdbc-url)");
        }
        return kinds;
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
        System.err.println("usage: bench-sync [--bindings N] [--rounds R] [--warmup W] [--store memory|journal|both] ["
                + BenchPostgres.USAGE + "]");
        System.exit(2);
    }
}
