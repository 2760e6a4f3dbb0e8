package org.dhcpv6.failover.core.internal.binding;

import java.time.Duration;
import java.time.Instant;
import org.dhcpv6.failover.api.Binding;
import org.dhcpv6.failover.api.BindingStatus;
import org.dhcpv6.failover.api.ClientIdentity;
import org.dhcpv6.failover.api.LeaseDecision.Outcome;
import org.dhcpv6.failover.api.LeaseRequest;
import org.dhcpv6.failover.api.ServerState;
import org.dhcpv6.failover.core.internal.state.NewLeasePolicy;

/**
 * Who may lease what, as pure functions of the current binding, the endpoint state and the time
 * (RFC 8156 §4.2): addresses by the bit-127 split in every state, prefixes by FREE / FREE-BACKUP
 * with the partner's only in PARTNER-DOWN after MCLT, reuse for another client only once the
 * partner knows the old lease ended.
 */
public final class LeaseGrants {

    private LeaseGrants() {
    }

    /** The endpoint facts a grant depends on: the lease policy of one snapshot, and the time. */
    public record Context(NewLeasePolicy policy, Instant now) {

        /** The endpoint state. */
        public ServerState state() {
            return policy.state();
        }

        /** The MCLT in force. */
        public Duration mclt() {
            return policy.mclt();
        }

        /** Whether the server is in PARTNER-DOWN. */
        public boolean partnerDown() {
            return policy.partnerDown();
        }
    }

    /**
     * Whether {@code request}'s client may take (or keep) the resource, given its current binding;
     * {@code null} when it may, else the refusal outcome.
     */
    public static Outcome refusal(Binding current, LeaseRequest request, Context ctx) {
        ClientIdentity client = request.client();
        // A free record's last client gets a new lease, for the pool's owner only
        // (docs/decisions/0014, seed 8322).
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
        if (ctx.policy().ownershipRefusal(request.resource(), current == null ? null : current.status(),
                ctx.now()) != null) {
            return Outcome.NOT_OWNED;
        }
        if (current != null && current.status() == BindingStatus.ACTIVE) {
            return Outcome.IN_USE;
        }
        Instant byTimeSince = ctx.policy().reuseByTimeSince();
        boolean reusable = ReuseRules.mayGoToDifferentClient(current, byTimeSince != null, byTimeSince,
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
     * The ACTIVE binding a grant commits, keeping what the partner told us about the resource
     * (RFC 8156 §7.3 times) when the client stays the same.
     */
    public static Binding activeBinding(Binding current, LeaseRequest request, Lifetimes granted,
            Instant now) {
        boolean sameClient = current != null && request.client().equals(current.client());
        boolean continuing = sameClient && current.status() == BindingStatus.ACTIVE;
        // The partner acknowledged that lifetime for a lease that has since ended in the pool; kept
        // on the new lease it would let the next renewal run to it plus MCLT (docs/decisions/0014, seed 2959).
        boolean keepsAcked = continuesLease(current, request.client());
        Instant partnerLifetime = LifetimePolicy.partnerLifetime(now, granted.validSeconds(),
                request.desiredValidSeconds(), LifetimePolicy.DEFAULT_T1_FRACTION);
        return Binding.builder(request.resource(), BindingStatus.ACTIVE, continuing ? current.startTimeOfState() : now)
                .client(request.client())
                .lifetimes(granted.preferredSeconds(), granted.validSeconds(), granted.t1Seconds(), granted.t2Seconds())
                .stateExpirationTime(now.plusSeconds(granted.validSeconds())).clientLastTransactionTime(now)
                .partnerRawCltTime(sameClient ? current.partnerRawCltTime() : null)
                .expirationTime(sameClient ? current.expirationTime() : null)
                .ackedPartnerLifetime(keepsAcked ? current.ackedPartnerLifetime() : null)
                .partnerLifetime(partnerLifetime).partnerUpdatePending(true).build();
    }

    /** A RELEASED or ABANDONED binding for the client's RELEASE or DECLINE. */
    public static Binding ended(Binding current, BindingStatus status, Instant now) {
        Binding b = current.withStatus(status, now, null);
        return b.toBuilder().stateExpirationTime(null).clientLastTransactionTime(now).partnerUpdatePending(true)
                .build();
    }
}
