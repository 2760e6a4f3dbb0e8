package org.dhcpv6.failover.core.internal.alloc;

import java.util.Objects;
import org.dhcpv6.failover.api.Ipv6Prefix;
import org.dhcpv6.failover.api.PrefixPool;

/**
 * The delegated prefixes of one pool by index, as {@link PrefixPool#prefixAt} gives them, made
 * once for a pool of up to {@link #CACHED_UP_TO} prefixes. Scans that look at every prefix (the
 * primary's recount every few seconds, the cursor's search for a free one) otherwise build and
 * validate a new {@link Ipv6Prefix} per look; larger pools are computed on demand as before.
 * Immutable and thread-safe.
 */
public final class PrefixIndex {

    /** Pools up to this size keep their prefixes (a few MB at most). */
    public static final int CACHED_UP_TO = 1 << 16;

    private final PrefixPool pool;
    private final Ipv6Prefix[] prefixes;

    /** The index of {@code pool}. */
    public PrefixIndex(PrefixPool pool) {
        this.pool = Objects.requireNonNull(pool, "pool");
        int n = pool.prefixCount();
        if (n <= CACHED_UP_TO) {
            prefixes = new Ipv6Prefix[n];
            for (int i = 0; i < n; i++) {
                prefixes[i] = pool.prefixAt(i);
            }
        } else {
            prefixes = null;
        }
    }

    /** The pool indexed. */
    public PrefixPool pool() {
        return pool;
    }

    /** How many prefixes the pool delegates. */
    public int size() {
        return pool.prefixCount();
    }

    /** The {@code index}-th delegated prefix, equal to {@code pool().prefixAt(index)}. */
    public Ipv6Prefix at(int index) {
        return prefixes != null ? prefixes[Objects.checkIndex(index, prefixes.length)] : pool.prefixAt(index);
    }
}
