package org.dhcpv6.failover.examples.bench;

import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.dhcpv6.failover.api.AddressPool;
import org.dhcpv6.failover.api.Ipv6Address;
import org.dhcpv6.failover.api.Role;
import org.dhcpv6.failover.core.internal.alloc.IndependentAllocator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * Cost of {@link IndependentAllocator#next} (RFC 8156 §4.2.1) on a /64 address pool whose
 * predicate is backed by a {@link ConcurrentHashMap} of 1,000,000 live bindings spread at random
 * (seeded) over both halves of the pool, as a host's concurrent binding table would be. A /64 is
 * sparse at that load, so this measures the expected path: one or two probes, a map lookup and
 * the cursor's compare-and-set. The allocated addresses are not added to the map, so the state
 * stays the same across iterations.
 *
 * <p>Run: {@code java -cp "examples/target/examples-0.1.0-SNAPSHOT.jar:examples/target/lib/*"
 * org.openjdk.jmh.Main NextFreeBenchmark -f 1 -wi 3 -w 2s -i 5 -r 2s}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class NextFreeBenchmark {

    private static final int LIVE_BINDINGS = 1_000_000;

    private IndependentAllocator allocator;
    private Predicate<Ipv6Address> unavailable;

    /** Fills the binding table from a fixed seed and builds the primary's allocator. */
    @Setup
    public void setUp() {
        AddressPool pool = AddressPool.parse("2001:db8:0:1::/64");
        ConcurrentHashMap<Ipv6Address, Boolean> live = new ConcurrentHashMap<>(2 * LIVE_BINDINGS);
        SplittableRandom random = new SplittableRandom(8156);
        long high = pool.first().high();
        while (live.size() < LIVE_BINDINGS) {
            live.put(new Ipv6Address(high, random.nextLong()), Boolean.TRUE);
        }
        allocator = new IndependentAllocator(pool, Role.PRIMARY);
        unavailable = live::containsKey;
    }

    /** One caller. */
    @Benchmark
    public Object next() {
        return allocator.next(unavailable);
    }

    /** Two callers sharing the cursor, as host threads do. */
    @Benchmark
    @Threads(2)
    public Object nextTwoThreads() {
        return allocator.next(unavailable);
    }
}
