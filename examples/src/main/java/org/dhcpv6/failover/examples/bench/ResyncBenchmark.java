package org.dhcpv6.failover.examples.bench;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.dhcpv6.failover.api.RelationshipConfig;
import org.dhcpv6.failover.api.Role;
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
 * <p>Run: {@code examples/bin/bench-resync [--bindings N] [--link tls|tcp|both] [--store KINDS]
 * [--dir DIR] [--max-unacked N] [--warmup N] [--primary alone|synced]
 * [--jdbc-url URL [--jdbc-user U] [--jdbc-password-file F]]}
 * (defaults 1000000, tls, journal, the temporary directory, 100: the BNDUPDs each side lets the
 * other have unanswered; {@code --warmup}: bindings of an untimed round in memory per link before
 * the measured ones, the smaller of N and 20,000 unless given, 0 for none). {@code KINDS} is memory, journal or postgres, a comma-separated list of
 * them, {@code both} (journal and memory) or {@code all}. The journal store syncs to disk (fsync)
 * as in production; postgres needs {@code --jdbc-url} and puts each side in a store of its own in
 * that database (as bench-sync does), whose rows are deleted after the round. {@code --primary synced}
 * first lets a throwaway in-memory secondary take and acknowledge every binding (not timed), so the
 * primary has none flagged for its partner when the empty secondary asks (a disk replaced on a pair
 * in NORMAL); {@code alone} (the default) keeps the primary's bindings as granted alone. Exits 0 when every
 * round resynced every binding, 1 otherwise.
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
        int maxUnacked = RelationshipConfig.DEFAULT_MAX_UNACKED_BNDUPD;
        int warmup = -1;
        boolean synced = false;
        BenchPostgres.Options jdbc = new BenchPostgres.Options();
        for (int i = 0; i < args.length; i += 2) {
            String value = i + 1 < args.length ? args[i + 1] : "";
            if (jdbc.accept(args[i], value)) {
                continue;
            }
            switch (args[i]) {
                case "--bindings" -> bindings = positive(args[i], value);
                case "--link" -> links = choice(args[i], value, "tls", "tcp");
                case "--store" -> stores = storeKinds(value);
                case "--dir" -> dir = Path.of(value);
                case "--max-unacked" -> maxUnacked = positive(args[i], value);
                case "--warmup" -> warmup = nonNegative(args[i], value);
                case "--primary" -> synced = primarySynced(value);
                default -> usage("unknown argument " + args[i]);
            }
        }
        if (stores.contains("postgres") && !jdbc.given()) {
            usage("--store postgres needs --jdbc-url");
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
        System.out.printf(Locale.ROOT, "%-5s %-8s %10s %10s %12s %14s %14s %16s %10s %12s %12s%n", "link", "store",
                "grant s", "resync s", "bindings/s", "CPU us/bind", "primary MiB", "secondary MiB", "peak MiB",
                "P flush/bind", "S flush/bind");
        // An untimed round in memory first: without it the first measured store also pays for the
        // JIT, and read several times slower than the same store measured later in the run.
        int warm = warmup >= 0 ? warmup : Math.min(bindings, 20_000);
        for (String link : warm > 0 ? links : List.<String>of()) {
            ResyncRound.Result r = ResyncRound.run(link, transport(link, primaryTls), transport(link, secondaryTls),
                    "memory", roundStores("memory", dir, null), warm, maxUnacked);
            System.out.printf(Locale.ROOT, "%-5s %-8s warm-up: %d bindings in %.2f s, not counted%n", link, "memory",
                    warm, r.resyncSeconds());
        }
        List<ResyncRound.Result> results = new ArrayList<>();
        HikariDataSource pool = stores.contains("postgres") ? jdbc.pool("bench-resync") : null;
        try {
            for (String store : stores) {
                for (String link : links) {
                    ResyncRound.Result r = ResyncRound.run(link, transport(link, primaryTls),
                            transport(link, secondaryTls), store,
                            roundStores(store, dir, pool), bindings, maxUnacked, synced);
                    results.add(r);
                    System.out.printf(Locale.ROOT, "%-5s %-8s %10.2f %10.2f %12.0f %14.1f %14d %16d %10d %12s %12s%n",
                            r.link(), r.store(), r.grantSeconds(), r.resyncSeconds(), r.bindingsPerSecond(),
                            r.cpuMicrosPerBinding(), r.primaryHeap() >> 20, r.secondaryHeap() >> 20,
                            r.peakHeap() >> 20, flushes(r, Role.PRIMARY), flushes(r, Role.SECONDARY));
                }
            }
        } finally {
            if (pool != null) {
                pool.close();
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

    private static String flushes(ResyncRound.Result r, Role side) {
        double f = r.flushesPerBinding(side);
        return f < 0 ? "-" : String.format(Locale.ROOT, "%.4f", f);
    }

    private static RoundStores roundStores(String kind, Path dir, HikariDataSource pool) throws Exception {
        return switch (kind) {
            case "memory" -> RoundStores.memory();
            case "journal" -> RoundStores.journal(dir);
            default -> BenchPostgres.stores(pool);
        };
    }

    private static List<String> storeKinds(String value) {
        List<String> kinds = RoundStores.parse(value, RoundStores.KINDS);
        if (kinds == null) {
            usage("--store takes memory, journal, postgres, a comma-separated list of them, both (journal,memory)"
                    + " or all, got '" + value + "'");
        }
        return kinds;
    }

    private static boolean primarySynced(String value) {
        if (!value.equals("alone") && !value.equals("synced")) {
            usage("--primary takes alone or synced, got '" + value + "'");
        }
        return value.equals("synced");
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

    private static Callable<Transport> transport(String link, TlsSettings tls) {
        return link.equals("tls") ? () -> TlsTransport.create(tls) : TcpTransport::insecurePlaintext;
    }

    private static int nonNegative(String name, String value) {
        return value.equals("0") ? 0 : positive(name, value);
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
        System.err.println("usage: bench-resync [--bindings N] [--link tls|tcp|both] [--store KINDS] [--dir DIR]"
                + " [--max-unacked N] [--warmup N] [--primary alone|synced] [" + BenchPostgres.USAGE + "]");
        System.err.println("  KINDS: memory, journal, postgres (needs --jdbc-url), a comma-separated list, both"
                + " (journal,memory) or all");
        System.exit(2);
    }
}
