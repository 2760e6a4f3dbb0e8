package org.dhcpv6.failover.core.internal.binding;

import java.time.Duration;
import java.time.Instant;
import org.dhcpv6.failover.api.Binding;
import org.dhcpv6.failover.api.BindingStatus;
import org.dhcpv6.failover.api.ClientIdentity;
import org.dhcpv6.failover.api.Ipv6Address;
import org.dhcpv6.failover.api.LeaseDecision.Outcome;
import org.dhcpv6.failover.api.LeaseRequest;
import org.dhcpv6.failover.api.Resource;
import org.dhcpv6.failover.api.Role;
import org.dhcpv6.failover.api.ServerState;
import org.dhcpv6.failover.core.internal.engine.EndpointSnapshot;

/**
 * Who may lease what, as pure functions of the current binding, the endpoint state and the time
 * (RFC 8156 §4.2): addresses by the bit-127 split in every state, prefixes by FREE / FREE-BACKUP
 * with the partner's only in PARTNER-DOWN after MCLT, reuse for another client only once the
 * partner knows the old lease ended.
 */
public final class LeaseGrants {

    private LeaseGrants() {
    }

    /** The endpoint facts a grant depends on, read from one snapshot. */
    public record Context(Role role, ServerState state, Duration mclt, Instant partnerDownSince, Instant now,
            boolean newPrefixesWithheld, boolean newLeasesWithheld) {

        /** A context of a server whose store was not lost ({@link EndpointSnapshot#newLeasesWithheld}). */
        public Context(Role role, ServerState state, Duration mclt, Instant partnerDownSince, Instant now,
                boolean newPrefixesWithheld) {
            this(role, state, mclt, partnerDownSince, now, newPrefixesWithheld, false);
        }

        /** Whether the server is in PARTNER-DOWN. */
        public boolean partnerDown() {
            return state == ServerState.PARTNER_DOWN;
        }
    }

    /**
     * Whether {@code request}'s client may take (or keep) the resource, given its current binding;
     * {@code null} when it may, else the refusal outcome.
     */
    public static Outcome refusal(Binding current, LeaseRequest request, Context ctx) {
        ClientIdentity client = request.client();
        // A free record still names its last client, but the lease is over and the resource is
        // back in a pool: giving it out is a new lease, which only the pool's owner may make.
        // Seed 8322: the primary in NORMAL re-leased a FREE-BACKUP address to its old client's
        // REBIND while the secondary, not yet told, leased it to another client.
        boolean sameClient = continuesLease(current, client);
        if (sameClient) {
            if (current.status() == BindingStatus.ABANDONED) {
                return Outcome.IN_USE;
            }
            // RECOVER-DONE renews only what it already knows (RFC 8156 §8.8).
            return ReuseRules.mayGoToSameClient(current) ? null : Outcome.IN_USE;
        }
        if (ctx.state() == ServerState.RECOVER_DONE) {
            return Outcome.NOT_RESPONSIVE;
        }
        if (!ownsForNewLease(request.resource(), current, ctx)) {
            return Outcome.NOT_OWNED;
        }
        if (current != null && current.status() == BindingStatus.ACTIVE) {
            return Outcome.IN_USE;
        }
        boolean reusable = ReuseRules.mayGoToDifferentClient(current, ctx.partnerDown(), ctx.partnerDownSince(),
                ctx.mclt(), ctx.now());
        return reusable ? null : Outcome.IN_USE;
    }

    private static boolean endedInPool(Binding b) {
        return b.status().isFree() || b.status() == BindingStatus.PENDING_FREE;
    }

    /**
     * Whether a grant to {@code client} continues the lease in {@code current}: same client and
     * the record not yet back in a pool. A grant on a free record is a new lease even for its last
     * client, so it gets neither that lease's ownership rights ({@link #refusal}) nor its
     * acknowledged partner lifetime (the MCLT cap, {@link #activeBinding}).
     */
    public static boolean continuesLease(Binding current, ClientIdentity client) {
        return current != null && client.equals(current.client()) && !endedInPool(current);
    }

    /**
     * Whether this server may give the resource to a new client: its own address half in every
     * state (docs/architecture.md §9: the partner's half is never used); its own free prefixes, and in
     * PARTNER-DOWN the partner's once MCLT has passed since entering it (RFC 8156 §4.2.2); no
     * prefix while the partner may have taken ours unseen ({@link EndpointSnapshot#newPrefixesWithheld});
     * nothing while a lost store's UPDREQALL is unanswered ({@link EndpointSnapshot#newLeasesWithheld},
     * seed 11763).
     */
    static boolean ownsForNewLease(Resource resource, Binding current, Context ctx) {
        if (ctx.newLeasesWithheld()) {
            return false;
        }
        if (resource instanceof Ipv6Address a) {
            return a.isOdd() == (ctx.role() == Role.PRIMARY);
        }
        if (ctx.newPrefixesWithheld()) {
            return false;
        }
        BindingStatus status = current == null ? BindingStatus.FREE : current.status();
        if (!status.isFree()) {
            // A used prefix goes back to the primary when it is freed (RFC 8156 §4.2.2).
            return ctx.role() == Role.PRIMARY || ctx.partnerDown();
        }
        BindingStatus own = ctx.role() == Role.PRIMARY ? BindingStatus.FREE : BindingStatus.FREE_BACKUP;
        if (status == own) {
            return true;
        }
        return ctx.partnerDown() && ctx.partnerDownSince() != null
                && !ctx.now().isBefore(ctx.partnerDownSince().plus(ctx.mclt()));
    }

    /**
     * The ACTIVE binding a grant commits, keeping what the partner told us about the resource
     * (RFC 8156 §7.3 times) when the client stays the same.
     */
    public static Binding activeBinding(Binding current, LeaseRequest request, Lifetimes granted,
            Instant now) {
        boolean sameClient = current != null && request.client().equals(current.client());
        boolean continuing = sameClient && current.status() == BindingStatus.ACTIVE;
        // The partner acknowledged that lifetime for a lease that has since ended in the pool; kept
        // on the new lease it would let the next renewal run to it plus MCLT (seed 2959).
        boolean keepsAcked = continuesLease(current, request.client());
        Instant partnerLifetime = LifetimePolicy.partnerLifetime(now, granted.validSeconds(),
                request.desiredValidSeconds(), LifetimePolicy.DEFAULT_T1_FRACTION);
        return new Binding(request.resource(), request.client(), BindingStatus.ACTIVE,
                granted.preferredSeconds(), granted.validSeconds(), granted.t1Seconds(), granted.t2Seconds(),
                continuing ? current.startTimeOfState() : now,
                now.plusSeconds(granted.validSeconds()),
                now,
                sameClient ? current.partnerRawCltTime() : null,
                sameClient ? current.expirationTime() : null,
                keepsAcked ? current.ackedPartnerLifetime() : null,
                partnerLifetime,
                true);
    }

    /** A RELEASED or ABANDONED binding for the client's RELEASE or DECLINE. */
    public static Binding ended(Binding current, BindingStatus status, Instant now) {
        Binding b = current.withStatus(status, now, null);
        return new Binding(b.resource(), b.client(), b.status(), b.preferredLifetimeSeconds(),
                b.validLifetimeSeconds(), b.t1Seconds(), b.t2Seconds(), b.startTimeOfState(), null, now,
                b.partnerRawCltTime(), b.expirationTime(), b.ackedPartnerLifetime(), b.partnerLifetime(), true);
    }
}
