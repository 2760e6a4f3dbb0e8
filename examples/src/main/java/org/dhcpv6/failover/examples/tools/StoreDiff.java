package org.dhcpv6.failover.examples.tools;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.dhcpv6.failover.api.Binding;
import org.dhcpv6.failover.api.BindingStatus;
import org.dhcpv6.failover.api.LeaseStoreException;
import org.dhcpv6.failover.api.Resource;
import org.dhcpv6.failover.core.store.JournalLeaseStore;

/**
 * Compares the lease stores of the two servers of a pair after both were stopped: prints every
 * lease one server holds ACTIVE (with more than {@code --margin} left at {@code --at}) that the
 * other does not hold ACTIVE for the same client, and every resource the two hold ACTIVE for two
 * different clients (a double holding). Exits 0 when there is neither, 1 otherwise.
 *
 * <p>Leases about to end are left out: the servers notice an expiry each on its own, so a lease
 * in its last seconds may be ACTIVE at one and EXPIRED at the other for a moment without any
 * disagreement about who holds what. The end of a lease is compared only by status, since partner
 * times are translated by a skew estimate.
 *
 * <p>Run: {@code java -cp ... StoreDiff DIR_A DIR_B [--at ISO_INSTANT] [--margin SECONDS]}
 * (defaults: now, 5 s).
 */
public final class StoreDiff {

    private StoreDiff() {
    }

    /** Compares two store folders; see the class comment. */
    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: StoreDiff DIR_A DIR_B [--at ISO_INSTANT] [--margin SECONDS]");
            System.exit(2);
        }
        Instant at = Instant.now();
        Duration margin = Duration.ofSeconds(5);
        for (int i = 2; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--at" -> at = Instant.parse(args[i + 1]);
                case "--margin" -> margin = Duration.ofSeconds(Long.parseLong(args[i + 1]));
                default -> {
                    System.err.println("StoreDiff: unknown argument " + args[i]);
                    System.exit(2);
                }
            }
        }
        Map<Resource, Binding> a = load(Path.of(args[0]));
        Map<Resource, Binding> b = load(Path.of(args[1]));
        List<String> problems = compare(a, b, at.plus(margin));
        problems.forEach(System.out::println);
        long activeA = a.values().stream().filter(x -> x.status() == BindingStatus.ACTIVE).count();
        long activeB = b.values().stream().filter(x -> x.status() == BindingStatus.ACTIVE).count();
        print(System.out, activeA, activeB, problems.size());
        System.exit(problems.isEmpty() ? 0 : 1);
    }

    private static void print(PrintStream out, long activeA, long activeB, int problems) {
        out.printf("store-diff: %d and %d ACTIVE bindings, %d disagreements%n", activeA, activeB, problems);
    }

    /** The disagreements between two tables about leases that run past {@code horizon}. */
    static List<String> compare(Map<Resource, Binding> a, Map<Resource, Binding> b, Instant horizon) {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<Resource, Binding> e : a.entrySet()) {
            Binding other = b.get(e.getKey());
            Binding mine = e.getValue();
            if (isActive(mine) && isActive(other) && !mine.client().equals(other.client())) {
                problems.add("DOUBLE " + e.getKey() + " held by " + mine.client() + " and " + other.client());
            } else if (runsPast(mine, horizon) && !sameHolder(mine, other)) {
                problems.add("ONLY-A " + e.getKey() + " " + mine.client() + " (B: " + describe(other) + ")");
            }
        }
        for (Map.Entry<Resource, Binding> e : b.entrySet()) {
            Binding mine = e.getValue();
            Binding other = a.get(e.getKey());
            // Double holdings were reported from A's side already.
            if (runsPast(mine, horizon) && !isActive(other)) {
                problems.add("ONLY-B " + e.getKey() + " " + mine.client() + " (A: " + describe(other) + ")");
            }
        }
        return problems;
    }

    private static boolean isActive(Binding b) {
        return b != null && b.status() == BindingStatus.ACTIVE && b.client() != null;
    }

    private static boolean runsPast(Binding b, Instant horizon) {
        return isActive(b) && b.stateExpirationTime() != null && b.stateExpirationTime().isAfter(horizon);
    }

    private static boolean sameHolder(Binding mine, Binding other) {
        return isActive(other) && other.client().equals(mine.client());
    }

    private static String describe(Binding b) {
        return b == null ? "no record" : b.status() + (b.client() == null ? "" : " " + b.client());
    }

    private static Map<Resource, Binding> load(Path dir) throws LeaseStoreException {
        Map<Resource, Binding> all = new HashMap<>();
        JournalLeaseStore store = JournalLeaseStore.open(dir);
        try {
            store.forEach(x -> all.put(x.resource(), x));
        } finally {
            store.close();
        }
        return all;
    }
}
