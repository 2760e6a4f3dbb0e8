package org.dhcpv6.failover.core.internal.state;

import java.time.Duration;
import java.time.Instant;
import org.dhcpv6.failover.api.BindingStatus;
import org.dhcpv6.failover.api.ClientService;
import org.dhcpv6.failover.api.Ipv6Address;
import org.dhcpv6.failover.api.Resource;
import org.dhcpv6.failover.api.Role;
import org.dhcpv6.failover.api.ServerState;

/**
 * The one answer to "may this server lease this new resource now, and why not" (RFC 8156 §4.2),
 * read from one endpoint snapshot: the hooks ask it before allocating, the grant rules before a
 * lease to a client the record does not name, the allocator and the expiry run for reuse by time.
 * Renewals of a client's own lease are not its business.
 *
 * @param role this server's role
 * @param state the endpoint state
 * @param clientService how the state (and the store) lets the server answer clients
 * @param mclt the MCLT in force
 * @param partnerDownSince when PARTNER-DOWN was entered, or null when not in it
 * @param prefixesWithheld whether the partner may hold PARTNER-DOWN grants of ours we have not
 *        received ({@link #prefixesWithheld(ServerState, boolean)})
 * @param awaitingFullUpdate whether our store was lost and the partner's UPDREQALL answer is not in
 */
public record NewLeasePolicy(Role role, ServerState state, ClientService clientService, Duration mclt,
        Instant partnerDownSince, boolean prefixesWithheld, boolean awaitingFullUpdate) {

    /** Why a new lease is refused; {@link #describe} says it in a few words for logs. */
    public enum Refusal {
        /** The state (or a failed store) lets this server make no new lease. */
        NOT_SERVING("not serving new clients in this state"),
        /** RECOVER-DONE renews only what it already knows (RFC 8156 §8.8). */
        RECOVER_DONE("RECOVER-DONE renews only"),
        /** Our store was lost and the partner's records are not in yet (docs/decisions/0008). */
        AWAITING_FULL_UPDATE("store lost, waiting for the partner's UPDREQALL answer"),
        /** The address is in the partner's half (RFC 8156 §4.2.1; never taken, docs/architecture.md §9). */
        PARTNERS_ADDRESS("the partner's address half"),
        /** The partner may have delegated our free prefixes unseen (docs/decisions/0004). */
        PREFIXES_WITHHELD("prefixes withheld until the partner's grants are in"),
        /** The prefix is the partner's, and PARTNER-DOWN has not lasted MCLT (RFC 8156 §4.2.2). */
        PARTNERS_PREFIX("the partner's prefix");

        private final String text;

        Refusal(String text) {
            this.text = text;
        }

        /** A few words for logs and refusal messages. */
        public String describe() {
            return text;
        }
    }

    /**
     * Whether no prefix may go to a new client: in RESOLUTION-INTERRUPTED, whose conflict was never
     * resolved (RFC 8156 §8.10 allows our own pool only "if that can be determined"), and
     * after a restart out of touch until the partner's grants are in (docs/decisions/0004).
     */
    public static boolean prefixesWithheld(ServerState state, boolean restartedOutOfTouch) {
        return state == ServerState.RESOLUTION_INTERRUPTED || restartedOutOfTouch;
    }

    /** Whether the server is in PARTNER-DOWN. */
    public boolean partnerDown() {
        return state == ServerState.PARTNER_DOWN;
    }

    /**
     * Whether nothing at all may go to a new client because our store was lost and the partner's
     * UPDREQALL answer is not in: any resource we have no record of may be a client's. Not in
     * PARTNER-DOWN: the operator said the partner serves nobody (docs/decisions/0008).
     */
    public boolean newLeasesWithheld() {
        return awaitingFullUpdate && !partnerDown();
    }

    /** Why no new lease of any kind may be made now, or null when some may. */
    public Refusal refusalOfAny() {
        if (clientService != ClientService.RESPONSIVE) {
            return state == ServerState.RECOVER_DONE ? Refusal.RECOVER_DONE : Refusal.NOT_SERVING;
        }
        return newLeasesWithheld() ? Refusal.AWAITING_FULL_UPDATE : null;
    }

    /**
     * Why {@code resource}, whose record has {@code status} (null: none), may not go to a new client
     * as far as ownership and withholding go, or null when it may: our own address half in every
     * state; our own free prefixes, a used prefix only for the primary (freed prefixes go back to
     * it, RFC 8156 §4.2.2), and in PARTNER-DOWN the partner's once MCLT has passed since entering it.
     * Whether an ended lease may be reused yet is {@link #reuseByTimeSince}'s and the reuse rules'.
     */
    public Refusal ownershipRefusal(Resource resource, BindingStatus status, Instant now) {
        if (newLeasesWithheld()) {
            return Refusal.AWAITING_FULL_UPDATE;
        }
        if (resource instanceof Ipv6Address a) {
            return a.isOdd() == (role == Role.PRIMARY) ? null : Refusal.PARTNERS_ADDRESS;
        }
        if (prefixesWithheld) {
            return Refusal.PREFIXES_WITHHELD;
        }
        BindingStatus s = status == null ? BindingStatus.FREE : status;
        if (!s.isFree()) {
            return role == Role.PRIMARY || partnerDown() ? null : Refusal.PARTNERS_PREFIX;
        }
        BindingStatus own = role == Role.PRIMARY ? BindingStatus.FREE : BindingStatus.FREE_BACKUP;
        if (s == own || partnersPrefixesAllowed(now)) {
            return null;
        }
        return Refusal.PARTNERS_PREFIX;
    }

    /** Whether the partner's free prefixes may be delegated: PARTNER-DOWN for MCLT (RFC 8156 §4.2.2). */
    public boolean partnersPrefixesAllowed(Instant now) {
        return partnerDown() && partnerDownSince != null && !now.isBefore(partnerDownSince.plus(mclt));
    }

    /**
     * When PARTNER-DOWN began, for freeing and reusing ended leases by time alone (RFC 8156
     * §4.2.2.1, §8.4.1); null when not in PARTNER-DOWN, and while prefixes are withheld after a
     * restart out of touch: the partner may have renewed our ended leases in a PARTNER-DOWN of its
     * own, unheard (docs/decisions/0004).
     */
    public Instant reuseByTimeSince() {
        return partnerDown() && !prefixesWithheld ? partnerDownSince : null;
    }
}
