package org.dhcpv6.failover.core.internal.alloc;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.dhcpv6.failover.api.BindingStatus;
import org.dhcpv6.failover.api.Ipv6Prefix;
import org.dhcpv6.failover.api.PrefixPool;
import org.dhcpv6.failover.api.Role;

/**
 * The rotating start for {@link ProportionalPool#chooseIndex} on one prefix pool (RFC 8156
 * §4.2.2), so that delegation walks the whole pool instead of always reusing the lowest free
 * prefix: a freed prefix is offered again only once the cursor comes round to it.
 *
 * <p>Thread-safe: the cursor is an {@link AtomicInteger} moved with compare-and-set, so
 * concurrent callers normally get different prefixes. As with {@link IndependentAllocator} the
 * answer is a candidate; the caller's per-resource commit settles a collision. Deterministic:
 * the same cursor and statuses give the same answer. Each call costs O(prefixCount) lookups in
 * the worst case, see {@link ProportionalPool}.
 */
public final class PrefixCursor {

    private final PrefixPool pool;
    private final PrefixIndex prefixes;
    private final Role self;
    private final AtomicInteger cursor = new AtomicInteger();

    /** A cursor at the start of {@code pool} for a server in role {@code self}. */
    public PrefixCursor(PrefixPool pool, Role self) {
        this.pool = Objects.requireNonNull(pool, "pool");
        this.prefixes = new PrefixIndex(pool);
        this.self = Objects.requireNonNull(self, "self");
    }

    /**
     * The next prefix this server may delegate now, by the rules of
     * {@link ProportionalPool#chooseIndex}, and the cursor moved just past it; empty when none.
     *
     * @param statusOf the binding status of a prefix, {@code null} for none (counts as FREE)
     */
    public Optional<Ipv6Prefix> next(boolean partnerDown, boolean partnerDownMcltPassed,
            Function<Ipv6Prefix, BindingStatus> statusOf) {
        Objects.requireNonNull(statusOf, "statusOf");
        int n = pool.prefixCount();
        while (true) {
            int start = cursor.get();
            OptionalInt i = ProportionalPool.chooseIndex(prefixes, self, partnerDown, partnerDownMcltPassed,
                    statusOf, start);
            if (i.isEmpty()) {
                return Optional.empty();
            }
            // A failed set means another caller took a prefix meanwhile; look again from there.
            if (cursor.compareAndSet(start, (i.getAsInt() + 1) % n)) {
                return Optional.of(prefixes.at(i.getAsInt()));
            }
        }
    }

    /** The pool this cursor walks. */
    public PrefixPool pool() {
        return pool;
    }
}
