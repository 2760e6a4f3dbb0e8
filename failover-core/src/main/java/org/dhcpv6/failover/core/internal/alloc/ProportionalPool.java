package org.dhcpv6.failover.core.internal.alloc;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;
import java.util.function.IntFunction;
import org.dhcpv6.failover.api.BindingStatus;
import org.dhcpv6.failover.api.Ipv6Prefix;
import org.dhcpv6.failover.api.PrefixPool;
import org.dhcpv6.failover.api.Role;

/**
 * Rules for proportional allocation of delegable prefixes (RFC 8156 §4.2.2): free prefixes are
 * split between the servers in a configured share; the primary moves them with BNDUPDs of status
 * FREE-BACKUP (give) or FREE (take back). This class holds no state: it decides over counts and
 * over a status lookup the caller supplies. {@link PrefixCursor} adds the rotating start.
 *
 * <p>The balancing rule is the digest's generalisation of ISC dhcpd's {@code lts} ("leases to
 * send") to a configured secondary share {@code p} (digest §8.3, derived; RFC 8156 gives no
 * formula): {@code target = floor(p × (free + backup))}, {@code toSend = target − backup}, and act
 * only when {@code |toSend|} exceeds a threshold, so a balanced pool never churns.
 *
 * <p>Status lookups: a {@code statusOf} function returns the prefix's binding status, or
 * {@code null} when there is no binding; no binding counts as FREE, since every prefix starts
 * with the primary and freed ones return to it (RFC 8156 §4.2.2).
 *
 * <p>Cost: {@link #choose} and {@link #pickToMove} scan the pool linearly, O(prefixCount) lookups
 * in the worst case (an exhausted pool). That is fine for the pools this is meant for, up to
 * 2^16 prefixes (a /48 delegating /64s); larger pools would want free lists by status.
 */
public final class ProportionalPool {

    /** The default threshold: 15% of the free prefixes, ISC dhcpd's max-lease-misbalance. */
    public static final double DEFAULT_THRESHOLD = 0.15;

    private ProportionalPool() {
    }

    /**
     * How many free prefixes the primary should move now, from its point of view.
     *
     * @param free prefixes in FREE (the primary's, including those with no binding)
     * @param freeBackup prefixes in FREE-BACKUP (the secondary's)
     * @param secondaryShare the secondary's configured share, 0 to 1
     * @param thresholdFraction the hysteresis as a fraction of {@code free + freeBackup}, 0 to 1
     * @return 0 when the imbalance is within {@code ceil(thresholdFraction × total)}; otherwise
     *         positive to give that many FREE → FREE-BACKUP, negative to take that many back
     */
    public static int prefixesToMove(int free, int freeBackup, double secondaryShare, double thresholdFraction) {
        requireCount("free", free);
        requireCount("freeBackup", freeBackup);
        requireFraction("secondaryShare", secondaryShare);
        requireFraction("thresholdFraction", thresholdFraction);
        long total = (long) free + freeBackup;
        long target = scaled(secondaryShare, total, RoundingMode.FLOOR);
        long toSend = target - freeBackup;
        return Math.abs(toSend) <= scaled(thresholdFraction, total, RoundingMode.CEILING) ? 0 : (int) toSend;
    }

    /**
     * Whether the free counts have moved enough since the last balance to look again (RFC 8156
     * §4.2.2: re-examine when either side's count changes "by more than a predetermined amount").
     * The amount is {@code ceil(thresholdFraction × max(totalBefore, totalNow))}; a change equal to
     * it is not enough.
     */
    public static boolean shouldRebalanceOnChange(int freeBefore, int backupBefore, int freeNow, int backupNow,
            double thresholdFraction) {
        requireCount("freeBefore", freeBefore);
        requireCount("backupBefore", backupBefore);
        requireCount("freeNow", freeNow);
        requireCount("backupNow", backupNow);
        requireFraction("thresholdFraction", thresholdFraction);
        long total = Math.max((long) freeBefore + backupBefore, (long) freeNow + backupNow);
        long threshold = scaled(thresholdFraction, total, RoundingMode.CEILING);
        return Math.abs(freeNow - freeBefore) > threshold || Math.abs(backupNow - backupBefore) > threshold;
    }

    /**
     * The first prefix, counting from the start of the pool, this server may delegate now. Same
     * rules as {@link #chooseIndex}; use {@link PrefixCursor} for a rotating start.
     */
    public static Optional<Ipv6Prefix> choose(PrefixPool pool, Role self, boolean partnerDown,
            boolean partnerDownMcltPassed, Function<Ipv6Prefix, BindingStatus> statusOf) {
        OptionalInt i = chooseIndex(pool, self, partnerDown, partnerDownMcltPassed, statusOf, 0);
        return i.isPresent() ? Optional.of(pool.prefixAt(i.getAsInt())) : Optional.empty();
    }

    /**
     * The index of the next prefix this server may delegate now, scanning cyclically from
     * {@code start}. A server delegates its own free prefixes (PRIMARY: FREE or no binding;
     * SECONDARY: FREE-BACKUP). In PARTNER-DOWN it still uses its own first, and the partner's free
     * ones only once PARTNER-DOWN has lasted the MCLT (RFC 8156 §4.2.2.1, digest §6.3).
     *
     * @param partnerDown whether this server is in PARTNER-DOWN
     * @param partnerDownMcltPassed whether the MCLT has passed since it entered PARTNER-DOWN
     * @param statusOf the binding status of a prefix, {@code null} for none
     * @param start where to begin, 0 to {@code prefixCount() − 1}
     */
    public static OptionalInt chooseIndex(PrefixPool pool, Role self, boolean partnerDown,
            boolean partnerDownMcltPassed, Function<Ipv6Prefix, BindingStatus> statusOf, int start) {
        return chooseIndex(pool.prefixCount(), pool::prefixAt, self, partnerDown, partnerDownMcltPassed, statusOf,
                start);
    }

    /** {@link #chooseIndex(PrefixPool, Role, boolean, boolean, Function, int)} over a {@link PrefixIndex}. */
    static OptionalInt chooseIndex(PrefixIndex index, Role self, boolean partnerDown, boolean partnerDownMcltPassed,
            Function<Ipv6Prefix, BindingStatus> statusOf, int start) {
        return chooseIndex(index.size(), index::at, self, partnerDown, partnerDownMcltPassed, statusOf, start);
    }

    private static OptionalInt chooseIndex(int n, IntFunction<Ipv6Prefix> prefixAt, Role self, boolean partnerDown,
            boolean partnerDownMcltPassed, Function<Ipv6Prefix, BindingStatus> statusOf, int start) {
        Objects.requireNonNull(self, "self");
        Objects.checkIndex(start, n);
        OptionalInt own = scan(n, prefixAt, ownFreeStatus(self), statusOf, start);
        if (own.isPresent() || !(partnerDown && partnerDownMcltPassed)) {
            return own;
        }
        return scan(n, prefixAt, ownFreeStatus(self.partner()), statusOf, start);
    }

    /**
     * Which prefixes to move, taken from the end of the pool so the primary keeps the low ones:
     * up to {@code count} prefixes whose status is {@code from}, highest first. Fewer come back
     * when fewer are in that status.
     *
     * @param from FREE when giving to the secondary, FREE-BACKUP when taking back
     * @param statusOf the binding status of a prefix, {@code null} for none (counts as FREE)
     */
    public static List<Ipv6Prefix> pickToMove(PrefixPool pool, int count, BindingStatus from,
            Function<Ipv6Prefix, BindingStatus> statusOf) {
        requireCount("count", count);
        Objects.requireNonNull(from, "from");
        List<Ipv6Prefix> picked = new ArrayList<>(Math.min(count, pool.prefixCount()));
        for (int i = pool.prefixCount() - 1; i >= 0 && picked.size() < count; i--) {
            Ipv6Prefix p = pool.prefixAt(i);
            if (statusOrFree(statusOf.apply(p)) == from) {
                picked.add(p);
            }
        }
        return List.copyOf(picked);
    }

    /** The free status a role may delegate from: FREE for the primary, FREE-BACKUP for the secondary. */
    public static BindingStatus ownFreeStatus(Role role) {
        return role == Role.PRIMARY ? BindingStatus.FREE : BindingStatus.FREE_BACKUP;
    }

    private static OptionalInt scan(int n, IntFunction<Ipv6Prefix> prefixAt, BindingStatus wanted,
            Function<Ipv6Prefix, BindingStatus> statusOf, int start) {
        for (int k = 0; k < n; k++) {
            int i = (start + k) % n;
            if (statusOrFree(statusOf.apply(prefixAt.apply(i))) == wanted) {
                return OptionalInt.of(i);
            }
        }
        return OptionalInt.empty();
    }

    private static BindingStatus statusOrFree(BindingStatus s) {
        return s == null ? BindingStatus.FREE : s;
    }

    // Decimal arithmetic so that 0.15 × 100 is exactly 15, not 15.000000000000002 rounded up.
    private static long scaled(double fraction, long total, RoundingMode mode) {
        return BigDecimal.valueOf(fraction).multiply(BigDecimal.valueOf(total))
                .setScale(0, mode).longValueExact();
    }

    private static void requireCount(String what, int n) {
        if (n < 0) {
            throw new IllegalArgumentException(what + " must not be negative: " + n);
        }
    }

    private static void requireFraction(String what, double f) {
        if (!(f >= 0.0 && f <= 1.0)) {
            throw new IllegalArgumentException(what + " must be between 0 and 1: " + f);
        }
    }
}
