package org.dhcpv6.failover.core.internal.binding;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.dhcpv6.failover.api.AddressPool;
import org.dhcpv6.failover.api.Binding;
import org.dhcpv6.failover.api.BindingStatus;
import org.dhcpv6.failover.api.FailoverListener;
import org.dhcpv6.failover.api.Ipv6Address;
import org.dhcpv6.failover.api.Ipv6Prefix;
import org.dhcpv6.failover.api.PrefixPool;
import org.dhcpv6.failover.api.RelationshipConfig;
import org.dhcpv6.failover.api.Resource;
import org.dhcpv6.failover.core.internal.alloc.IndependentAllocator;
import org.dhcpv6.failover.core.internal.alloc.PrefixCursor;
import org.dhcpv6.failover.core.internal.state.NewLeasePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pools of one endpoint and how a new lease is chosen from them: independent allocation for
 * addresses (own bit-127 half, RFC 8156 §4.2.1), proportional for prefixes (own FREE or
 * FREE-BACKUP ones, the partner's only in PARTNER-DOWN after MCLT, §4.2.2).
 */
final class Allocation {

    private static final Logger LOG = LoggerFactory.getLogger(Allocation.class);

    private final RelationshipConfig config;
    private final BindingTable table;
    private final FailoverListener listener;
    private final List<IndependentAllocator> addressAllocators = new ArrayList<>();
    private final List<PrefixCursor> prefixCursors = new ArrayList<>();
    /** Pools reported empty: reported once until they give something again, not on every request. */
    private final java.util.Set<String> reportedExhausted = java.util.concurrent.ConcurrentHashMap.newKeySet();

    Allocation(RelationshipConfig config, BindingTable table, FailoverListener listener) {
        this.config = config;
        this.table = table;
        this.listener = listener;
        for (AddressPool pool : config.addressPools()) {
            addressAllocators.add(new IndependentAllocator(pool, config.role()));
        }
        for (PrefixPool pool : config.prefixPools()) {
            prefixCursors.add(new PrefixCursor(pool, config.role()));
        }
    }

    /** Whether the resource belongs to one of this endpoint's pools. */
    boolean inPools(Resource resource) {
        // Loops, not streams: every binding a partner sends is checked here.
        if (resource instanceof Ipv6Address a) {
            for (AddressPool pool : config.addressPools()) {
                if (pool.contains(a)) {
                    return true;
                }
            }
            return false;
        }
        Ipv6Prefix p = (Ipv6Prefix) resource;
        for (PrefixPool pool : config.prefixPools()) {
            if (pool.holds(p)) {
                return true;
            }
        }
        return false;
    }

    Optional<Ipv6Address> nextAddress(Instant now, NewLeasePolicy policy) {
        for (IndependentAllocator allocator : addressAllocators) {
            Optional<Ipv6Address> a = allocator.next(candidate -> !reusable(table.get(candidate), now, policy));
            if (a.isPresent()) {
                // Checked first: naming the pool formats it, too dear for every allocation.
                if (!reportedExhausted.isEmpty()) {
                    reportedExhausted.remove(allocator.exhaustion().pool());
                }
                return a;
            }
        }
        // Reported, never answered by taking the partner's half (RFC 8156 §4.2.1).
        addressAllocators.forEach(a -> exhausted(a.exhaustion().pool()));
        return Optional.empty();
    }

    Optional<Ipv6Prefix> nextPrefix(Instant now, NewLeasePolicy policy) {
        if (policy.prefixesWithheld()) {
            // Not exhaustion: the partner may hold them.
            return Optional.empty();
        }
        boolean pd = policy.partnerDown();
        boolean mcltPassed = policy.partnersPrefixesAllowed(now);
        for (PrefixCursor cursor : prefixCursors) {
            Optional<Ipv6Prefix> p = cursor.next(pd, mcltPassed, this::statusOf);
            if (p.isPresent()) {
                if (!reportedExhausted.isEmpty()) {
                    reportedExhausted.remove(cursor.pool().toString());
                }
                return p;
            }
        }
        prefixCursors.forEach(c -> exhausted(c.pool().toString()));
        return Optional.empty();
    }

    private void exhausted(String pool) {
        if (!reportedExhausted.add(pool)) {
            return;
        }
        LOG.warn("{}: pool {} has nothing free for the {}", config.label(), pool, config.role());
        listener.poolExhausted(config.name(), pool);
    }

    /** A prefix without a binding was never used: it is the primary's (RFC 8156 §4.2.2). */
    BindingStatus statusOf(Ipv6Prefix prefix) {
        Binding b = table.get(prefix);
        return b == null ? BindingStatus.FREE : b.status();
    }

    private boolean reusable(Binding b, Instant now, NewLeasePolicy policy) {
        Instant byTimeSince = policy.reuseByTimeSince();
        return b == null || ReuseRules.mayGoToDifferentClient(b, byTimeSince != null, byTimeSince, policy.mclt(), now);
    }
}
