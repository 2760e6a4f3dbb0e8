package org.dhcpv6.failover.examples.soak;

import java.io.BufferedReader;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A bounded soak of both listener kinds under connection floods (issue 17): a TLS pair and a
 * plaintext pair on 127.0.0.1 run in this process while {@link Flooder}, in a child process,
 * floods both secondaries' listeners with silent, partial-frame, garbage and slow-handshake
 * connections, from strangers' addresses and from the partner's own. Every restart period one
 * primary is restarted, so the real partner must get in through the flood. States are sampled
 * every 200 ms; every 10 s a line shows states, this process's CPU, threads, descriptors and
 * log lines (the server's log goes to a file, counted as it is written).
 *
 * <p>Usage: {@code flood-soak [seconds] [--rate N] [--restart-every S]} (600, 40 connections per
 * second per listener, 60). Exits 0 only if both pairs stayed NORMAL outside the restart windows
 * and every restart reached NORMAL again within 60 s.
 */
public final class FloodSoak {

    private static final long SAMPLE_MILLIS = 200;
    private static final long REPORT_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final long RESTART_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(60);

    private FloodSoak() {
    }

    /** Runs the soak; see the class description. */
    public static void main(String[] args) throws Exception {
        long seconds = 600;
        int rate = 40;
        long restartEvery = 60;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rate" -> rate = Integer.parseInt(args[++i]);
                case "--restart-every" -> restartEvery = Long.parseLong(args[++i]);
                default -> seconds = Long.parseLong(args[i]);
            }
        }
        Path logFile = Files.createTempFile("flood-soak-", ".log");
        LineCounter log = new LineCounter(new FileOutputStream(logFile.toFile()));
        // slf4j-simple writes to whatever System.err is at the time of each line.
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        System.out.printf("flood-soak: %d s, %d connections/s per listener, a primary restart every %d s; "
                + "server log in %s%n", seconds, rate, restartEvery, logFile);

        SoakPair tls = SoakPair.tls();
        SoakPair plain = SoakPair.plain();
        List<PairWatch> watches = List.of(new PairWatch(tls), new PairWatch(plain));
        tls.start();
        plain.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!(tls.bothNormal() && plain.bothNormal())) {
            if (System.nanoTime() > deadline) {
                System.out.println("flood-soak: FAILED, the pairs did not reach NORMAL before the flood");
                System.exit(1);
            }
            Thread.sleep(50);
        }
        System.out.println("flood-soak: both pairs NORMAL; starting the flood");

        Process flooder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Flooder.class.getName(),
                Integer.toString(tls.port()), Integer.toString(plain.port()), Long.toString(seconds),
                Integer.toString(rate)).redirectErrorStream(true).start();
        AtomicReference<String> totals = new AtomicReference<>("FLOOD-TOTALS (none)");
        Thread relay = new Thread(() -> relay(flooder, totals), "flood-relay");
        relay.start();

        Resources resources = new Resources();
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(seconds);
        long nextReport = start + REPORT_NANOS;
        long nextRestart = start + TimeUnit.SECONDS.toNanos(restartEvery);
        int restartTurn = 0;
        while (System.nanoTime() - end < 0) {
            long now = System.nanoTime();
            for (PairWatch w : watches) {
                w.sample(now);
            }
            resources.sample();
            if (now - nextRestart >= 0) {
                nextRestart += TimeUnit.SECONDS.toNanos(restartEvery);
                watches.get(restartTurn++ % watches.size()).restart(now);
            }
            if (now - nextReport >= 0) {
                nextReport += REPORT_NANOS;
                System.out.printf("%5.0f s  tls %s  plain %s  %s  log lines %d (WARN %d)%n",
                        (now - start) / 1e9, watches.get(0).states(), watches.get(1).states(), resources.line(),
                        log.lines.get(), log.warnLines.get());
            }
            Thread.sleep(SAMPLE_MILLIS);
        }
        flooder.waitFor(60, TimeUnit.SECONDS);
        relay.join(5_000);
        boolean ok = true;
        System.out.println("flood-soak: " + totals.get());
        for (PairWatch w : watches) {
            System.out.println("flood-soak: " + w.summary());
            ok &= w.healthy();
        }
        System.out.println("flood-soak: " + resources.summary(System.nanoTime() - start) + ", server log "
                + log.lines.get() + " lines (" + log.warnLines.get() + " WARN, " + log.bytes.get() + " octets)");
        tls.close();
        plain.close();
        System.out.println("flood-soak: " + (ok ? "OK" : "FAILED"));
        System.exit(ok ? 0 : 1);
    }

    private static void relay(Process flooder, AtomicReference<String> totals) {
        try (BufferedReader r = new BufferedReader(
                new InputStreamReader(flooder.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("FLOOD-TOTALS")) {
                    totals.set(line);
                } else {
                    System.out.println("flooder: " + line);
                }
            }
        } catch (IOException e) {
            System.out.println("flooder output lost: " + e);
        }
    }

    /** CPU, threads and descriptors of this process: the servers alone, the flooder runs apart. */
    private static final class Resources {
        private final com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        private final long cpuAtStart = os.getProcessCpuTime();
        private long lastCpu = cpuAtStart;
        private long lastWall = System.nanoTime();
        private long maxFds;
        private int maxThreads;

        void sample() {
            maxFds = Math.max(maxFds, fds());
            maxThreads = Math.max(maxThreads, threads.getThreadCount());
        }

        String line() {
            long cpu = os.getProcessCpuTime();
            long wall = System.nanoTime();
            double percent = 100.0 * (cpu - lastCpu) / Math.max(1, wall - lastWall);
            lastCpu = cpu;
            lastWall = wall;
            return String.format("cpu %5.1f%%  threads %3d  fds %4d", percent, threads.getThreadCount(), fds());
        }

        String summary(long wallNanos) {
            long cpu = os.getProcessCpuTime() - cpuAtStart;
            return String.format("servers' process: cpu %.1f s in %.0f s (%.1f%% of one core), threads max %d, "
                    + "fds max %d", cpu / 1e9, wallNanos / 1e9, 100.0 * cpu / wallNanos, maxThreads, maxFds);
        }

        private static long fds() {
            try (var list = Files.list(Path.of("/proc/self/fd"))) {
                return list.count();
            } catch (IOException e) {
                return -1;
            }
        }
    }

    /** Counts lines (and WARN/ERROR lines) as they are written, and writes them on to a file. */
    private static final class LineCounter extends OutputStream {
        private final OutputStream out;
        final AtomicLong lines = new AtomicLong();
        final AtomicLong warnLines = new AtomicLong();
        final AtomicLong bytes = new AtomicLong();
        private final StringBuilder current = new StringBuilder();

        LineCounter(OutputStream out) {
            this.out = out;
        }

        @Override
        public synchronized void write(int b) throws IOException {
            out.write(b);
            bytes.incrementAndGet();
            if (b == '\n') {
                lines.incrementAndGet();
                if (current.indexOf(" WARN ") >= 0 || current.indexOf(" ERROR ") >= 0) {
                    warnLines.incrementAndGet();
                }
                current.setLength(0);
            } else if (current.length() < 200) {
                current.append((char) b);
            }
        }

        @Override
        public synchronized void flush() throws IOException {
            out.flush();
        }
    }
}
