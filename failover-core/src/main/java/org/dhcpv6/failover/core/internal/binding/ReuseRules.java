package org.dhcpv6.failover.core.internal.binding;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.stream.Stream;
import org.dhcpv6.failover.api.Binding;
import org.dhcpv6.failover.api.BindingStatus;
import org.dhcpv6.failover.api.Ipv6Address;
import org.dhcpv6.failover.api.Resource;

/**
 * When a lease may be given out again, and to whom (RFC 8156 §4.2, §4.2.2.1, §7.2, §8.4.1;
 * digest §4.2 and §6.3). Pure functions of the binding, the endpoint's PARTNER-DOWN facts and
 * {@code now}.
 *
 * <p>The danger these rules guard against: the partner may have given (or extended) the lease
 * to a client this server has not heard about. Outside PARTNER-DOWN the partner's
 * acknowledgement of our EXPIRED or RELEASED update proves it has not; in PARTNER-DOWN only the
 * passage of time (MCLT beyond anything the partner could have promised) proves it.
 *
 * <p>Which pool a free resource belongs to (own or partner's) is the allocator's business and
 * not checked here.
 */
public final class ReuseRules {

    private ReuseRules() {
    }

    /**
     * The earliest time, in PARTNER-DOWN, a lease that was not free at PARTNER-DOWN entry may go
     * to a different client (RFC 8156 §4.2.2.1, §8.4.1): MCLT after the latest of the acked
     * partner lifetime, the partner lifetime, the expiration time, the state-expiration time
     * (the client's expiry) and the PARTNER-DOWN entry time. Missing times are skipped; the
     * entry time is always there, so the result is never before entry + MCLT.
     *
     * @param b the binding
     * @param partnerDownEntry when this server entered PARTNER-DOWN
     * @param mclt the maximum client lead time
     * @return the reuse time
     */
    public static Instant partnerDownReuseTime(Binding b, Instant partnerDownEntry, Duration mclt) {
        Objects.requireNonNull(b, "b");
        Objects.requireNonNull(partnerDownEntry, "partnerDownEntry");
        LifetimePolicy.checkMclt(mclt);
        Instant latest = Stream.of(b.ackedPartnerLifetime(), b.partnerLifetime(), b.expirationTime(),
                        b.stateExpirationTime(), partnerDownEntry)
                .filter(Objects::nonNull)
                .max(Instant::compareTo)
                .orElseThrow();
        return latest.plus(mclt);
    }

    /**
     * Whether the resource may be leased to a client other than the one in {@code b}.
     *
     * <ul>
     *   <li>no binding, FREE, FREE-BACKUP, PENDING-FREE: yes;</li>
     *   <li>ABANDONED: never (it needs an operator RESET first);</li>
     *   <li>EXPIRED, RELEASED, RESET: once the partner has acknowledged the status
     *       ({@code partnerUpdatePending} is false), or in PARTNER-DOWN once
     *       {@link #partnerDownReuseTime} has come;</li>
     *   <li>ACTIVE: no while it lasts; past its state-expiration time it counts as EXPIRED whose
     *       update the partner has not yet seen (it cannot have acknowledged an expiry it was never
     *       told about), so only the PARTNER-DOWN reuse time frees it.</li>
     * </ul>
     *
     * @param b the binding, or {@code null} for a never-used resource
     * @param partnerDown whether this server is in PARTNER-DOWN
     * @param partnerDownEntryOrNull when it entered PARTNER-DOWN; required when {@code partnerDown}
     * @param mclt the maximum client lead time
     * @param now the current time
     * @return whether another client may have it now
     */
    public static boolean mayGoToDifferentClient(Binding b, boolean partnerDown, Instant partnerDownEntryOrNull,
            Duration mclt, Instant now) {
        LifetimePolicy.checkMclt(mclt);
        Objects.requireNonNull(now, "now");
        if (partnerDown && partnerDownEntryOrNull == null) {
            throw new IllegalArgumentException("partnerDownEntry is required in PARTNER-DOWN");
        }
        if (b == null) {
            return true;
        }
        boolean reuseTimeReached = partnerDown
                && !now.isBefore(partnerDownReuseTime(b, partnerDownEntryOrNull, mclt));
        return switch (b.status()) {
            case FREE, FREE_BACKUP, PENDING_FREE -> true;
            case ABANDONED -> false;
            case EXPIRED, RELEASED, RESET -> !b.partnerUpdatePending() || reuseTimeReached;
            case ACTIVE -> isPastExpiry(b, now) && reuseTimeReached;
        };
    }

    /**
     * Whether the resource may be leased (again) to the client already in {@code b}: always,
     * unless ABANDONED (RFC 8156 §4.2.2.1 lets a lease go back to its own client freely).
     *
     * @param b the binding, or {@code null} for a never-used resource
     */
    public static boolean mayGoToSameClient(Binding b) {
        return b == null || b.status() != BindingStatus.ABANDONED;
    }

    /**
     * The free status a resource returns to from PENDING-FREE. Addresses are split by their last
     * bit (RFC 8156 §4.2.1): odd ones are the primary's (FREE), even ones the secondary's
     * (FREE-BACKUP, per Fig. 2 event 6 and docs/architecture.md §9). Freed prefixes return to the primary
     * (§4.2.2), so FREE.
     *
     * @param r the resource
     */
    public static BindingStatus freeStatusFor(Resource r) {
        Objects.requireNonNull(r, "r");
        return switch (r.kind()) {
            case ADDRESS -> ((Ipv6Address) r).isOdd() ? BindingStatus.FREE : BindingStatus.FREE_BACKUP;
            case PREFIX -> BindingStatus.FREE;
        };
    }

    /**
     * Whether an EXPIRED, RELEASED or RESET binding may move to PENDING-FREE (RFC 8156 §7.2
     * event 4): when the partner has acknowledged the status, or in PARTNER-DOWN once MCLT has
     * passed since the status began. Any other status: no.
     *
     * @param b the binding
     * @param partnerDownEntryOrNull when this server entered PARTNER-DOWN, or null when not in it
     * @param mclt the maximum client lead time
     * @param now the current time
     */
    public static boolean mayFree(Binding b, Instant partnerDownEntryOrNull, Duration mclt, Instant now) {
        Objects.requireNonNull(b, "b");
        LifetimePolicy.checkMclt(mclt);
        Objects.requireNonNull(now, "now");
        return switch (b.status()) {
            case EXPIRED, RELEASED, RESET -> !b.partnerUpdatePending()
                    || (partnerDownEntryOrNull != null && !now.isBefore(b.startTimeOfState().plus(mclt))
                            // The partner may have extended the lease while we could not hear it, up
                            // to what we acknowledged plus MCLT (RFC 8156 §4.2.2.1, §8.4.1).
                            && !now.isBefore(partnerDownReuseTime(b, partnerDownEntryOrNull, mclt)));
            case ACTIVE, PENDING_FREE, FREE, FREE_BACKUP, ABANDONED -> false;
        };
    }

    private static boolean isPastExpiry(Binding b, Instant now) {
        return b.stateExpirationTime() != null && !now.isBefore(b.stateExpirationTime());
    }
}
