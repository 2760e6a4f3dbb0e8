package org.dhcpv6.failover.core.internal.alloc;

import java.util.Locale;
import java.util.Objects;
import org.dhcpv6.failover.api.AddressPool;
import org.dhcpv6.failover.api.PrefixPool;
import org.dhcpv6.failover.api.Role;

/**
 * "Pool X has nothing free for role Y": what the engine reports to the listener when an
 * allocator comes back empty. For an address pool this is rare by design (RFC 8156 §4.2.1
 * assumes pools never run dry); for a prefix pool it usually means the share is wrong or the
 * primary has not topped the secondary up yet (RFC 8156 §4.2.2).
 *
 * @param pool the pool in its text form, e.g. {@code 2001:db8::-2001:db8::ff}
 * @param role the role that found nothing to lease
 */
public record PoolExhaustion(String pool, Role role) {

    /** Checks for nulls. */
    public PoolExhaustion {
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(role, "role");
    }

    /** An address pool with nothing free for {@code role}. */
    public static PoolExhaustion of(AddressPool pool, Role role) {
        return new PoolExhaustion(pool.toString(), role);
    }

    /** A prefix pool with nothing free for {@code role}. */
    public static PoolExhaustion of(PrefixPool pool, Role role) {
        return new PoolExhaustion(pool.toString(), role);
    }

    @Override
    public String toString() {
        return "pool " + pool + " has nothing free for the " + role.name().toLowerCase(Locale.ROOT);
    }
}
