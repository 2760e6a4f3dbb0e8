package org.dhcpv6.failover.core.internal.binding;

import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;
import org.dhcpv6.failover.api.Binding;
import org.dhcpv6.failover.api.BindingStatus;
import org.dhcpv6.failover.api.Ipv6Prefix;
import org.dhcpv6.failover.api.PrefixPool;

/**
 * How many prefixes of each prefix pool are free on either side (RFC 8156 §4.2.2: FREE for the
 * primary, FREE-BACKUP for the secondary), kept up to date by the {@link BindingTable} as it
 * publishes each change, so reading it costs nothing and nothing ever scans the pool for it. A
 * prefix with no binding counts as FREE, as the primary's balancer counts it. Thread-safe: the
 * table publishes from host threads and the event loop; a reader sees each change counted once,
 * perhaps one change behind.
 *
 * <p>The counts are an atomic array, not {@code LongAdder}s: an adder's first contended add makes
 * the JIT compiler throw away every compiled caller that inlined its uncontended path (the host's
 * whole grant path), as {@code EndpointCounters} found.
 */
public final class PoolTally {

    /** Free prefixes of one pool on either side. */
    public record Balance(PrefixPool pool, long free, long freeBackup) {
    }

    private static final int BOUND = 0;
    private static final int BOUND_FREE = 1;
    private static final int BOUND_FREE_BACKUP = 2;

    private final List<PrefixPool> pools;
    /** Per pool: bindings in the table, FREE ones, FREE-BACKUP ones. */
    private final AtomicLongArray counts;

    /** A tally of {@code pools} (the relationship's prefix pools), all prefixes unbound. */
    public PoolTally(List<PrefixPool> pools) {
        this.pools = List.copyOf(pools);
        this.counts = new AtomicLongArray(3 * this.pools.size());
    }

    /** A tally with no pools, for tables that delegate no prefixes. */
    public static PoolTally none() {
        return new PoolTally(List.of());
    }

    /** The table replaced {@code before} (null: none) with {@code after} (null: removed). */
    void changed(Binding before, Binding after) {
        if (pools.isEmpty()) {
            return;
        }
        count(before, -1);
        count(after, 1);
    }

    /** The table was emptied (before loading the store). */
    void clear() {
        for (int i = 0; i < counts.length(); i++) {
            counts.set(i, 0);
        }
    }

    /** Each pool's free prefixes on either side, in configuration order. */
    public List<Balance> balances() {
        Balance[] out = new Balance[pools.size()];
        for (int i = 0; i < out.length; i++) {
            long bound = counts.get(3 * i + BOUND);
            out[i] = new Balance(pools.get(i), pools.get(i).prefixCount() - bound + counts.get(3 * i + BOUND_FREE),
                    counts.get(3 * i + BOUND_FREE_BACKUP));
        }
        return List.of(out);
    }

    private void count(Binding b, int delta) {
        if (b == null || !(b.resource() instanceof Ipv6Prefix p)) {
            return;
        }
        for (int i = 0; i < pools.size(); i++) {
            if (pools.get(i).holds(p)) {
                counts.addAndGet(3 * i + BOUND, delta);
                if (b.status() == BindingStatus.FREE) {
                    counts.addAndGet(3 * i + BOUND_FREE, delta);
                } else if (b.status() == BindingStatus.FREE_BACKUP) {
                    counts.addAndGet(3 * i + BOUND_FREE_BACKUP, delta);
                }
                return;
            }
        }
    }
}
