package org.dhcpv6.failover.examples.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.dhcpv6.failover.api.Duid;
import org.dhcpv6.failover.api.Resource;
import org.dhcpv6.failover.examples.client.ClientStats;
import org.dhcpv6.failover.examples.client.DhcpClientDriver;
import org.dhcpv6.failover.examples.client.Holding;

/**
 * The whole failover story on one machine, for {@code examples/bin/demo}: certificates, a primary
 * and a secondary as two real server processes on {@code [::1]}, a few hundred DHCPv6 clients
 * (each with an IA_NA and an IA_PD) from {@link DhcpClientDriver} in this JVM, SIGKILL of the
 * primary, the clients renewing and rebinding against the secondary for longer than a valid
 * lifetime, a restart of the primary and the return to NORMAL. Prints the states over time, the
 * leases before and after, and one closing line; exits 0 only if every client kept every lease
 * and no lease was held by two clients.
 *
 * <p>Options: {@code --clients N} (default 300), {@code --keep} (keep the temporary folder with
 * configurations and server logs), {@code --skew 3h} (the secondary's wall clock that far ahead
 * and drifting; the primary's skew estimate must come within 2 s of it).
 */
public final class FailoverDemo {

    private static final PrintStream OUT = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    private static final int KINDS = 2; // every client asks for an address and a prefix

    private final DemoSetup setup;
    private final Duration skew;
    private final ServerProcess primary;
    private final ServerProcess secondary;
    private DhcpClientDriver clients;
    private Timeline timeline;

    private FailoverDemo(DemoSetup setup, Duration skew) {
        this.setup = setup;
        this.skew = skew;
        this.primary = new ServerProcess("primary", setup.primaryConfig(), setup.controlSocket("primary"),
                setup.dir().resolve("primary.log"));
        this.secondary = new ServerProcess("secondary", setup.secondaryConfig(), setup.controlSocket("secondary"),
                setup.dir().resolve("secondary.log"));
    }

    /** Runs the demo; exit status 0 when every client kept its leases and none was duplicated. */
    public static void main(String[] args) throws Exception {
        int count = 300;
        boolean keep = false;
        Duration skew = Duration.ZERO;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--clients" -> count = Integer.parseInt(args[++i]);
                case "--keep" -> keep = true;
                case "--skew" -> skew = parseSkew(i + 1 < args.length ? args[++i] : "");
                default -> {
                    System.err.println("usage: demo [--clients N] [--keep] [--skew 3h]");
                    System.exit(2);
                }
            }
        }
        Path dir = Files.createTempDirectory("failover-demo-");
        FailoverDemo demo = new FailoverDemo(DemoSetup.create(dir, skew), skew);
        boolean keepDir = keep;
        // Ctrl-C or a kill of the demo must not leave server processes or files behind; the
        // hook also does the cleanup of a normal end, since System.exit runs it.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> demo.cleanUp(keepDir), "demo-cleanup"));
        int status = 1;
        try {
            status = demo.run(count);
        } finally {
            System.exit(status);
        }
    }

    private synchronized void cleanUp(boolean keep) {
        stopAll();
        try {
            if (keep) {
                OUT.println("demo: configurations and server logs kept in " + setup.dir());
            } else if (Files.exists(setup.dir())) {
                deleteTree(setup.dir());
            }
        } catch (IOException e) {
            OUT.println("demo: could not remove " + setup.dir() + ": " + e.getMessage());
        }
    }

    private int run(int count) throws Exception {
        long started = System.nanoTime();
        OUT.println("demo: certificates and configurations in " + setup.dir());
        secondary.start();
        primary.start();
        Map<Duid, Set<Resource>> before = Map.of();
        ServerProcess.Status[] beforeKill = new ServerProcess.Status[2];
        clients = DhcpClientDriver.builder().server(setup.primaryDhcp()).server(setup.secondaryDhcp())
                .clients(count).want(true, true).seed(7).retransmit(Duration.ofSeconds(1), 4).build();
        timeline = new Timeline(primary, secondary, this::holdingAll);
        timeline.mark("servers started");
        boolean ok = step("both servers reach NORMAL", 40, () -> normal(primary) && normal(secondary));
        if (ok && !skew.isZero()) {
            ok = step("the primary estimates the secondary's clock " + plain(skew) + " ahead (within 2 s)", 30,
                    this::skewEstimated);
            printSkew();
        }
        if (ok) {
            clients.start();
            timeline.mark(count + " clients started");
            ok = step("every client holds an address and a prefix",
                    30, () -> holdingAll() == count) && step("the secondary has every binding (BNDUPD acked)", 30,
                    () -> secondary.status().active() >= (long) count * KINDS);
        }
        if (ok) {
            before = snapshot();
            beforeKill[0] = primary.status();
            beforeKill[1] = secondary.status();
            primary.kill();
            timeline.mark("primary SIGKILLed");
            ok = step("the secondary notices (COMMUNICATIONS-INTERRUPTED)", 20,
                    () -> "COMMUNICATIONS-INTERRUPTED".equals(secondary.status().state()));
        }
        if (ok) {
            // Longer than one valid lifetime: every lease would be gone unless RENEW/REBIND
            // to the secondary extended it.
            long wait = setup.validSeconds() + 5;
            ClientStats s0 = clients.stats();
            OUT.printf("        clients renew and rebind against the secondary for %d s%n", wait);
            Thread.sleep(wait * 1000);
            ClientStats s1 = clients.stats();
            timeline.mark("rebound " + (s1.rebound() - s0.rebound()) + " during outage");
            primary.start();
            timeline.mark("primary restarted");
            ok = step("both servers back in NORMAL", 60, () -> normal(primary) && normal(secondary))
                    // The secondary's BNDUPDs from the outage must reach the restarted primary,
                    // whose own copies of the leases ran out while it was down.
                    && step("the primary has every binding again (BNDUPD from the secondary)", 30,
                            () -> primary.status().active() >= (long) count * KINDS);
        }
        if (!skew.isZero()) {
            printSkew();
        }
        Map<Duid, Set<Resource>> after = snapshot();
        List<Resource> duplicates = clients.duplicates();
        timeline.mark("end");
        timeline.close();
        clients.close();
        int kept = 0;
        for (Map.Entry<Duid, Set<Resource>> e : before.entrySet()) {
            if (e.getValue().size() == KINDS && e.getValue().equals(after.get(e.getKey()))) {
                kept++;
            }
        }
        OUT.println();
        OUT.println("states over time");
        timeline.print(OUT);
        OUT.println();
        printLeases(beforeKill, before, after);
        if (!ok) {
            printLogs();
        }
        OUT.printf("demo: finished in %.1f s%n", (System.nanoTime() - started) / 1e9);
        OUT.printf("demo: %d clients, %d kept their leases through failover, %d duplicate leases%n",
                count, kept, duplicates.size());
        if (!duplicates.isEmpty()) {
            OUT.println("demo: duplicated: " + duplicates);
        }
        return ok && kept == count && duplicates.isEmpty() ? 0 : 1;
    }

    private void printLeases(ServerProcess.Status[] beforeKill, Map<Duid, Set<Resource>> before,
            Map<Duid, Set<Resource>> after) {
        ServerProcess.Status p = primary.status();
        ServerProcess.Status s = secondary.status();
        OUT.println("leases                    before the kill       after recovery");
        OUT.printf("primary bindings          %-21s %s%n", counts(beforeKill[0]), counts(p));
        OUT.printf("secondary bindings        %-21s %s%n", counts(beforeKill[1]), counts(s));
        OUT.printf("held by clients           %-21d %d%n", leases(before), leases(after));
        ClientStats st = clients.stats();
        OUT.printf("client exchanges: %d bound, %d renewed, %d rebound, %d retransmissions, %d restarts%n",
                st.bound(), st.renewed(), st.rebound(), st.retransmissions(), st.restarts());
        long changed = before.entrySet().stream().filter(e -> !e.getValue().equals(after.get(e.getKey()))).count();
        if (changed > 0) {
            before.entrySet().stream().filter(e -> !e.getValue().equals(after.get(e.getKey()))).limit(5)
                    .forEach(e -> OUT.println("  lost: client " + e.getKey() + " held " + e.getValue() + ", now "
                            + after.getOrDefault(e.getKey(), Set.of())));
        }
    }

    private static String counts(ServerProcess.Status st) {
        return st == null || st.bindings() < 0 ? "-" : st.bindings() + " (" + st.active() + " active)";
    }

    private static long leases(Map<Duid, Set<Resource>> m) {
        return m.values().stream().mapToLong(Set::size).sum();
    }

    private void printLogs() {
        for (ServerProcess sp : List.of(primary, secondary)) {
            OUT.println("---- last lines of the " + sp.name() + "'s log (" + sp.log() + ")");
            sp.logTail(25).forEach(OUT::println);
        }
    }

    private Map<Duid, Set<Resource>> snapshot() {
        Map<Duid, Set<Resource>> out = new HashMap<>();
        clients.holdings().forEach((duid, list) -> out.put(duid,
                list.stream().map(Holding::resource).collect(Collectors.toUnmodifiableSet())));
        return out;
    }

    private int holdingAll() {
        return clients == null ? 0 : (int) clients.holdings().values().stream().filter(h -> h.size() == KINDS).count();
    }

    /** Parses {@code 3h}, {@code 90m} or {@code 45s}; exits with the usage status on anything else. */
    private static Duration parseSkew(String text) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,6})([hms])").matcher(text);
        if (!m.matches()) {
            System.err.println("demo: --skew takes a duration such as 3h, 90m or 45s, not '" + text + "'");
            System.exit(2);
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "h" -> Duration.ofHours(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofSeconds(n);
        };
    }

    private boolean skewEstimated() {
        long estimate = primary.status().skewMillis();
        return estimate != Long.MIN_VALUE && Math.abs(estimate - skew.toMillis()) <= 2000;
    }

    private void printSkew() {
        ServerProcess.Status p = primary.status();
        ServerProcess.Status s = secondary.status();
        OUT.printf("%6.1fs  skew: the secondary's clock is set %s ahead, gaining %d ppm; the primary estimates %s,"
                + " the secondary %s%n", timeline.seconds(), plain(skew), DemoSetup.SKEW_DRIFT_PPM,
                millis(p.skewMillis()), millis(s.skewMillis()));
    }

    /** {@code 3h}, {@code 90m} or {@code 45s}, as given on the command line. */
    private static String plain(Duration d) {
        long s = d.toSeconds();
        return s % 3600 == 0 ? s / 3600 + "h" : s % 60 == 0 ? s / 60 + "m" : s + "s";
    }

    private static String millis(long skewMillis) {
        if (skewMillis == Long.MIN_VALUE) {
            return "(unknown)";
        }
        Duration d = Duration.ofMillis(Math.abs(skewMillis));
        return String.format("%s%dh %02dm %02d.%03ds", skewMillis < 0 ? "-" : "+", d.toHours(), d.toMinutesPart(),
                d.toSecondsPart(), d.toMillisPart());
    }

    private static boolean normal(ServerProcess s) {
        return "NORMAL".equals(s.status().state());
    }

    private boolean step(String what, int seconds, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                OUT.printf("%6.1fs  FAILED after %d s: %s%n", timeline.seconds(), seconds, what);
                timeline.mark("FAILED: " + what);
                return false;
            }
            Thread.sleep(100);
        }
        OUT.printf("%6.1fs  ok: %s%n", timeline.seconds(), what);
        return true;
    }

    private void stopAll() {
        if (clients != null) {
            clients.close();
        }
        primary.stop();
        secondary.stop();
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
