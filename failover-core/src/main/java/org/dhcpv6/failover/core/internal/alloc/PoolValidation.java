package org.dhcpv6.failover.core.internal.alloc;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.dhcpv6.failover.api.AddressPool;
import org.dhcpv6.failover.api.PrefixPool;
import org.dhcpv6.failover.api.RelationshipConfig;
import org.dhcpv6.failover.api.Role;

/**
 * Configuration checks on pools that {@link RelationshipConfig} cannot make alone. Overlaps
 * inside one relationship are already refused by {@link RelationshipConfig}'s constructor and
 * are not checked again here; this class adds what needs the allocation rules or several
 * relationships. Every error is an {@link IllegalArgumentException} naming the relationship(s)
 * and the pool(s).
 */
public final class PoolValidation {

    private PoolValidation() {
    }

    /**
     * Checks that each role can hold at least one lease in every pool of one relationship:
     * each role owns at least one address of every address pool by bit 127 (RFC 8156 §4.2.1),
     * and a prefix pool with a non-zero secondary share gives the secondary at least one prefix
     * when balanced (RFC 8156 §4.2.2).
     *
     * @param relationship the relationship name, for the messages
     * @throws IllegalArgumentException naming the relationship, the pool and the role left out
     */
    public static void validate(String relationship, List<AddressPool> addressPools, List<PrefixPool> prefixPools) {
        Objects.requireNonNull(relationship, "relationship");
        for (AddressPool pool : addressPools) {
            for (Role role : Role.values()) {
                if (!ownsAny(pool, role)) {
                    throw new IllegalArgumentException("relationship '" + relationship + "': address pool " + pool
                            + " holds no address for the " + role.name().toLowerCase(Locale.ROOT));
                }
            }
        }
        for (PrefixPool pool : prefixPools) {
            if (pool.secondaryShare() > 0.0 && balancedSecondaryCount(pool) == 0) {
                throw new IllegalArgumentException("relationship '" + relationship + "': prefix pool " + pool
                        + " has " + pool.prefixCount() + " prefixes, so a secondary share of "
                        + pool.secondaryShare() + " never gives the secondary one; use a larger pool or share");
            }
        }
    }

    /**
     * Checks the relationships of one server together: names are unique, each relationship's
     * pools pass {@link #validate}, and no pool (address or prefix) is claimed by two
     * relationships: each pair sees only its own bindings, so two relationships leasing from one
     * range could give the same address or prefix to two clients.
     *
     * @throws IllegalArgumentException naming both relationships and both pools
     */
    public static void validateAcrossRelationships(List<RelationshipConfig> relationships) {
        Map<String, RelationshipConfig> byName = new HashMap<>();
        for (RelationshipConfig r : relationships) {
            if (byName.putIfAbsent(r.name(), r) != null) {
                throw new IllegalArgumentException("relationship name '" + r.name() + "' is used twice");
            }
            validate(r.name(), r.addressPools(), r.prefixPools());
        }
        for (int i = 0; i < relationships.size(); i++) {
            for (int j = i + 1; j < relationships.size(); j++) {
                checkDisjoint(relationships.get(i), relationships.get(j));
            }
        }
    }

    private static void checkDisjoint(RelationshipConfig a, RelationshipConfig b) {
        List<Claim> claimsA = claims(a);
        List<Claim> claimsB = claims(b);
        for (Claim x : claimsA) {
            for (Claim y : claimsB) {
                if (x.range().overlaps(y.range())) {
                    throw new IllegalArgumentException(x.text() + " of relationship '" + a.name() + "' and "
                            + y.text() + " of relationship '" + b.name() + "' overlap; a pool belongs to one"
                            + " relationship only");
                }
            }
        }
    }

    // Both kinds of pool as plain address ranges, so that an address range covering a whole
    // prefix pool is caught too, not only one holding the prefix pool's first or last address.
    private static List<Claim> claims(RelationshipConfig r) {
        List<Claim> out = new ArrayList<>();
        for (AddressPool p : r.addressPools()) {
            out.add(new Claim("address pool " + p, p));
        }
        for (PrefixPool p : r.prefixPools()) {
            out.add(new Claim("prefix pool " + p, AddressPool.of(p.delegable())));
        }
        return out;
    }

    private record Claim(String text, AddressPool range) {
    }

    private static boolean ownsAny(AddressPool pool, Role role) {
        return IndependentAllocator.ownedBy(pool.first(), role)
                || (!pool.first().equals(pool.last()) && IndependentAllocator.ownedBy(pool.first().plus(1), role));
    }

    private static long balancedSecondaryCount(PrefixPool pool) {
        return BigDecimal.valueOf(pool.secondaryShare()).multiply(BigDecimal.valueOf(pool.prefixCount()))
                .setScale(0, RoundingMode.FLOOR).longValueExact();
    }
}
