package org.dhcpv6.failover.examples.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;

/**
 * {@link HooksBenchmark}'s {@code renew}, {@code request} and {@code requestAsync} operations
 * (in-memory store, whose {@code putAsync} writes on the calling thread; one thread), timed in the calling thread's CPU time instead of wall time: on a machine shared with
 * other work the JMH scores swing by several times, while CPU time per operation stays comparable
 * across builds run one after the other. Each round uses a fresh endpoint, as a JMH iteration does.
 * A plain main: {@code java -cp "examples/target/examples-0.1.0-SNAPSHOT.jar:examples/target/lib/*"
 * org.dhcpv6.failover.examples.bench.HooksCpuTime [OPS] [ROUNDS]} (300,000 and 6); the first
 * round is warm-up.
 */
public final class HooksCpuTime {

    private HooksCpuTime() {
    }

    /** Runs the rounds and prints CPU nanoseconds per operation of each, then the median after warm-up. */
    public static void main(String[] args) throws Exception {
        int ops = args.length > 0 ? Integer.parseInt(args[0]) : 300_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 6;
        if (ops < 1 || rounds < 2) {
            throw new IllegalArgumentException("usage: HooksCpuTime [OPS >= 1] [ROUNDS >= 2]");
        }
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        HooksBenchmark b = new HooksBenchmark();
        b.store = "memory";
        b.clients();
        long[] renew = new long[rounds];
        long[] request = new long[rounds];
        long[] requestAsync = new long[rounds];
        int asyncCalls = Math.max(1, ops / HooksBenchmark.IN_FLIGHT);
        int granted = 0;
        for (int r = 0; r < rounds; r++) {
            b.endpoint();
            HooksBenchmark.Cursor cursor = new HooksBenchmark.Cursor();
            cursor.place(b);
            long start = cpu.getCurrentThreadCpuTime();
            for (int i = 0; i < ops; i++) {
                granted += b.renew(cursor) != null ? 1 : 0;
            }
            renew[r] = (cpu.getCurrentThreadCpuTime() - start) / ops;
            b.dispose();
            b.endpoint();
            start = cpu.getCurrentThreadCpuTime();
            for (int i = 0; i < ops; i++) {
                granted += b.request() != null ? 1 : 0;
            }
            request[r] = (cpu.getCurrentThreadCpuTime() - start) / ops;
            b.dispose();
            b.endpoint();
            start = cpu.getCurrentThreadCpuTime();
            for (int i = 0; i < asyncCalls; i++) {
                b.requestAsync();
            }
            requestAsync[r] = (cpu.getCurrentThreadCpuTime() - start) / ((long) asyncCalls * HooksBenchmark.IN_FLIGHT);
            b.dispose();
        }
        System.out.printf(Locale.ROOT, "renew   CPU ns/op by round %s, median after warm-up %d%n",
                Arrays.toString(renew), median(renew));
        System.out.printf(Locale.ROOT, "request CPU ns/op by round %s, median after warm-up %d%n",
                Arrays.toString(request), median(request));
        System.out.printf(Locale.ROOT, "requestAsync CPU ns/lease by round %s, median after warm-up %d%n",
                Arrays.toString(requestAsync), median(requestAsync));
        if (granted != 2 * ops * rounds) {
            throw new IllegalStateException("an operation returned no decision");
        }
    }

    private static long median(long[] byRound) {
        long[] measured = Arrays.copyOfRange(byRound, 1, byRound.length);
        Arrays.sort(measured);
        return measured[measured.length / 2];
    }
}
