package org.dhcpv6.failover.core.internal.sync;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.dhcpv6.failover.api.Binding;
import org.dhcpv6.failover.api.BindingStatus;
import org.dhcpv6.failover.api.ClientIdentity;
import org.dhcpv6.failover.api.Resource;
import org.dhcpv6.failover.api.Role;
import org.dhcpv6.failover.core.internal.binding.ConflictResolver;
import org.dhcpv6.failover.core.internal.binding.LeaseGrants;
import org.dhcpv6.failover.core.internal.binding.ReuseRules;
import org.dhcpv6.failover.core.internal.binding.StormGuard;
import org.dhcpv6.failover.core.internal.time.PartnerTime;
import org.dhcpv6.failover.core.internal.wire.StatusCode;

/**
 * What one lease of the partner's BNDUPD does here, as one pure function: our record, the
 * partner's record translated to our clock and the context go in; the record to store, the
 * lease's reply status and what goes back to the partner come out. It is the accept/reject table
 * of RFC 8156 §7.5.4 ({@link ConflictResolver}), the field mapping of §7.5.5, and the project's
 * departures from both (each rule below names its record under docs/decisions/, which gives the
 * seeds that showed it; {@code UpdateRuleTableTest} holds every one as a row).
 */
public final class UpdateRule {

    /** How much earlier the partner's copy of a lease may end before we keep ours (whole-second wire times). */
    static final Duration SHORTENING_TOLERANCE = Duration.ofSeconds(1);

    private UpdateRule() {
    }

    /**
     * What the rule knows besides the two records.
     *
     * @param role this server's role
     * @param primaryOutOfService we are in PARTNER-DOWN, or the partner last reported RECOVER,
     *        RECOVER-WAIT or RECOVER-DONE: the primary cannot have leased beside us
     * @param lostOwnGrants we are in RECOVER, or our store was lost and our UPDREQALL is not yet
     *        answered: grants of ours the partner never heard of may still run
     * @param mclt the relationship's MCLT
     * @param partnerAhead the skew estimate that translated the partner's times (partner minus us)
     * @param skewInDoubt round trips show that estimate may be off by more than a couple of seconds
     * @param keptAgainstOrNull the partner's copy we last kept our longer lease against, unchanged since
     * @param now our clock
     */
    public record Context(Role role, boolean primaryOutOfService, boolean lostOwnGrants, Duration mclt,
            Duration partnerAhead, boolean skewInDoubt, Binding keptAgainstOrNull, Instant now) {

        /** Checks the required parts. */
        public Context {
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(mclt, "mclt");
            Objects.requireNonNull(partnerAhead, "partnerAhead");
            Objects.requireNonNull(now, "now");
        }

        /** One of our times as the partner's clock shows it (for values it gets back unadjusted). */
        Instant toPartnerClock(Instant local) {
            return local == null ? null : PartnerTime.toPartnerClock(local, partnerAhead);
        }
    }

    /** What becomes of the memory of the partner's copy we kept our longer lease against. */
    public enum Memory {
        /** Left as it is. */
        UNCHANGED,
        /** Forgotten: the resource changed. */
        FORGET,
        /** The partner's copy is remembered ({@link Verdict#partnerCopyOrNull}). */
        REMEMBER
    }

    /**
     * The decision for one lease.
     *
     * @param accepted whether the §7.5.4 table accepted the partner's record
     * @param statusCode the lease's status in our BNDREPLY (0 for success)
     * @param reason why, for the status text and the log
     * @param conflict whether the listener hears of a conflict (the table refused)
     * @param storeOrNull the record to store, or null to store nothing
     * @param leaseChanged whether storing it changes the lease (expiry, listener, copy bookkeeping), not
     *        only its flag for the partner
     * @param sendBack whether our record goes back to the partner right after the store
     * @param plainCopy whether the stored record is the partner's lease as sent (translated)
     * @param memory what becomes of the kept-against memory
     * @param partnerCopyOrNull the partner's copy to remember under {@link Memory#REMEMBER}
     */
    public record Verdict(boolean accepted, int statusCode, String reason, boolean conflict, Binding storeOrNull,
            boolean leaseChanged, boolean sendBack, boolean plainCopy, Memory memory, Binding partnerCopyOrNull) {

        static Verdict refused(int code, String reason, Binding reflaggedOrNull) {
            return new Verdict(false, code, reason, true, reflaggedOrNull, false, reflaggedOrNull != null, false,
                    Memory.UNCHANGED, null);
        }

        static Verdict unusable(boolean accepted, String reason) {
            return new Verdict(accepted, StatusCode.MISSING_BINDING_INFORMATION.code(), reason, false, null, false,
                    false, false, Memory.UNCHANGED, null);
        }
    }

    /**
     * Decides what the partner's {@code lease} (times on our clock) does to our record
     * {@code localOrNull}. The caller has checked the pool and the VPN (§7.5.3).
     */
    public static Verdict decide(Binding localOrNull, BindingMessages.ReceivedLease lease, Context ctx) {
        ConflictResolver.Verdict table;
        try {
            table = ConflictResolver.decide(localOrNull, new ConflictResolver.Incoming(lease.status(),
                    lease.clientOrNull(), lease.cltTimeOrNull(), lease.startTimeOfState(),
                    lease.stateExpirationTimeOrNull()), ctx.role(), ctx.primaryOutOfService(), ctx.now());
        } catch (IllegalArgumentException e) {
            return Verdict.unusable(false, e.getMessage());
        }
        if (!table.accepted()) {
            return refused(localOrNull, table);
        }
        try {
            return accepted(localOrNull, lease, ctx);
        } catch (IllegalArgumentException e) {
            // A lease that cannot be a binding (e.g. preferred beyond valid) lacks usable data.
            return Verdict.unusable(true, e.getMessage());
        }
    }

    /**
     * §7.5.4 after OutdatedBindingInformation: our record is flagged for the partner and sent at once
     * only if it was not flagged already, so two servers that both refuse never ping-pong.
     */
    private static Verdict refused(Binding local, ConflictResolver.Verdict table) {
        boolean resend = local != null && table.statusCode() == ConflictResolver.OUTDATED_BINDING_INFORMATION
                && StormGuard.sendImmediately(local.partnerUpdatePending());
        return Verdict.refused(table.statusCode(), table.reason(), resend ? local.withPartnerUpdatePending(true) : null);
    }

    private static Verdict accepted(Binding local, BindingMessages.ReceivedLease lease, Context ctx) {
        Binding held = mayStillBeHeld(lease, ctx);
        if (held != null) {
            // Our view goes back to the partner; its EXPIRED is refused so it frees nothing.
            boolean refuse = lease.status() != BindingStatus.ACTIVE;
            return new Verdict(true, refuse ? ConflictResolver.OUTDATED_BINDING_INFORMATION : 0,
                    refuse ? "recovering: the client may hold it until " + held.stateExpirationTime() : "recovering hold",
                    false, held, true, true, false, Memory.FORGET, null);
        }
        Binding merged = confirmTakeBack(local, lease.status(), merge(local, lease, ctx), ctx.role());
        Binding ours = keepOurLongerLease(local, merged);
        if (ours != null) {
            if (isRepeatOfKept(ctx.keptAgainstOrNull(), merged)) {
                // The partner acknowledged our longer lease and still sends the same shorter copy:
                // the two skew estimates disagree, not the leases. Ours stands (docs/decisions/0010).
                return new Verdict(true, 0, "ours stands against a repeat", false, null, false, false, false,
                        Memory.UNCHANGED, null);
            }
            return new Verdict(true, 0, "our longer lease kept", false, ours, true,
                    StormGuard.sendImmediately(local.partnerUpdatePending()), false, Memory.REMEMBER, merged);
        }
        boolean echo = TranslatedCopies.echoes(merged, ctx.skewInDoubt());
        return new Verdict(true, 0, "accepted", false, echo ? merged.withPartnerUpdatePending(true) : merged, true,
                echo, true, Memory.FORGET, null);
    }

    /**
     * A server that lost (or distrusts) its own grants, in RECOVER or with its UPDREQALL unanswered,
     * may have extended a lease up to the partner lifetime the partner acknowledged plus MCLT
     * (§4.4) while cut off, which the partner's copy does not show. The lease stays ACTIVE for that
     * client until max(EXPIRATION_TIME, now) + MCLT, and goes back to the partner
     * (docs/decisions/0015). Null when the partner's copy can be taken as it is.
     */
    private static Binding mayStillBeHeld(BindingMessages.ReceivedLease lease, Context ctx) {
        Instant now = ctx.now();
        if (!ctx.lostOwnGrants() || lease.clientOrNull() == null
                || (lease.status() != BindingStatus.ACTIVE && lease.status() != BindingStatus.EXPIRED)) {
            return null;
        }
        Instant acknowledged = lease.expirationTimeOrNull();
        Instant mayHoldUntil = (acknowledged == null || acknowledged.isBefore(now) ? now : acknowledged).plus(ctx.mclt());
        Instant known = lease.status() == BindingStatus.ACTIVE ? lease.stateExpirationTimeOrNull() : null;
        if (!mayHoldUntil.isAfter(now) || (known != null && !mayHoldUntil.isAfter(known))) {
            return null;
        }
        // The partner's CLT stays on its clock: it gets it back unadjusted (docs/decisions/0015).
        return Binding.builder(lease.resource(), BindingStatus.ACTIVE,
                        lease.status() == BindingStatus.ACTIVE ? lease.startTimeOfState() : now)
                .client(lease.clientOrNull())
                .lifetimes(lease.preferredSeconds(), lease.validSeconds(), lease.t1Seconds(), lease.t2Seconds())
                .stateExpirationTime(mayHoldUntil)
                .partnerRawCltTime(ctx.toPartnerClock(lease.cltTimeOrNull()))
                .expirationTime(lease.partnerLifetimeOrNull()).partnerUpdatePending(true).build();
    }

    /**
     * The partner's ACTIVE copy of our ACTIVE lease of the same client (§7.5.4 accept(3)) must not
     * cut short the lease we granted: our lease times are kept, the partner's CLT information merged,
     * and ours goes back (docs/decisions/0010). Null when the partner's copy does not end earlier by
     * more than {@link #SHORTENING_TOLERANCE}, or when ours is only our acknowledged copy of the very
     * lease the partner now sends: its own times are the lease.
     */
    static Binding keepOurLongerLease(Binding local, Binding merged) {
        if (local == null || local.status() != BindingStatus.ACTIVE || merged.status() != BindingStatus.ACTIVE
                || !Objects.equals(local.client(), merged.client())
                || local.stateExpirationTime() == null || merged.stateExpirationTime() == null
                || !local.stateExpirationTime().isAfter(merged.stateExpirationTime().plus(SHORTENING_TOLERANCE))
                || isAcknowledgedCopyOf(local, merged)) {
            return null;
        }
        return Binding.builder(merged.resource(), BindingStatus.ACTIVE, local.startTimeOfState())
                .client(merged.client())
                .lifetimes(local.preferredLifetimeSeconds(), local.validLifetimeSeconds(), local.t1Seconds(),
                        local.t2Seconds())
                .stateExpirationTime(local.stateExpirationTime())
                .clientLastTransactionTime(merged.clientLastTransactionTime())
                .partnerRawCltTime(merged.partnerRawCltTime()).expirationTime(merged.expirationTime())
                .ackedPartnerLifetime(merged.ackedPartnerLifetime()).partnerLifetime(local.partnerLifetime())
                .partnerUpdatePending(true).build();
    }

    /** A plain copy of the partner's lease: no transaction or pending update of ours, the same partner CLT. */
    private static boolean isAcknowledgedCopyOf(Binding local, Binding merged) {
        return local.clientLastTransactionTime() == null && !local.partnerUpdatePending()
                && local.partnerRawCltTime() != null && merged.partnerRawCltTime() != null
                && Duration.between(local.partnerRawCltTime(), merged.partnerRawCltTime()).abs()
                        .compareTo(SHORTENING_TOLERANCE) <= 0;
    }

    /** Whether {@code merged} is the partner's copy we last kept ours against (same client, same expiry). */
    private static boolean isRepeatOfKept(Binding before, Binding merged) {
        return before != null && Objects.equals(before.client(), merged.client())
                && Duration.between(before.stateExpirationTime(), merged.stateExpirationTime()).abs()
                        .compareTo(SHORTENING_TOLERANCE) <= 0;
    }

    /**
     * A secondary that accepts a take-back (the primary's FREE of a prefix) confirms it with a
     * BNDUPD of its own, flagged in the store, whenever it changes our record: the primary marks the
     * prefix FREE only on our BNDREPLY, which may be lost. Our freeing of the primary's EXPIRED or
     * RELEASED is no take-back, nor is a settled FREE (docs/decisions/0014).
     */
    private static Binding confirmTakeBack(Binding local, BindingStatus received, Binding merged, Role role) {
        boolean settledFree = local != null && local.status() == BindingStatus.FREE && !local.partnerUpdatePending();
        boolean takenBack = role == Role.SECONDARY && local != null && !settledFree && received == BindingStatus.FREE
                && merged.resource().kind() == Resource.Kind.PREFIX && merged.status() == BindingStatus.FREE;
        return takenBack ? merged.withPartnerUpdatePending(true) : merged;
    }

    /**
     * The field mapping of RFC 8156 §7.5.5 (digest §4.4). The acknowledged partner lifetime carries
     * over only within the same lease: another client's, or one after the record ended, is a new
     * lease with no acknowledgement yet (docs/decisions/0015).
     */
    private static Binding merge(Binding local, BindingMessages.ReceivedLease lease, Context ctx) {
        Instant partnerRawClt = ctx.toPartnerClock(lease.cltTimeOrNull());
        Instant cltt = later(local == null ? null : local.clientLastTransactionTime(), lease.partnerRawCltTimeOrNull());
        Instant expiration = later(local == null ? null : local.expirationTime(), lease.partnerLifetimeOrNull());
        ClientIdentity client = lease.clientOrNull() != null ? lease.clientOrNull() : (local == null ? null : local.client());
        boolean sameLease = client != null && LeaseGrants.continuesLease(local, client);
        Binding merged = Binding.builder(lease.resource(), lease.status(), lease.startTimeOfState()).client(client)
                .lifetimes(lease.preferredSeconds(), lease.validSeconds(), lease.t1Seconds(), lease.t2Seconds())
                .stateExpirationTime(lease.stateExpirationTimeOrNull()).clientLastTransactionTime(cltt)
                .partnerRawCltTime(partnerRawClt).expirationTime(expiration)
                .ackedPartnerLifetime(sameLease ? local.ackedPartnerLifetime() : null)
                .partnerLifetime(local == null ? null : local.partnerLifetime()).build();
        return freeIfEnded(merged, ctx.now());
    }

    /**
     * An EXPIRED, RELEASED or RESET record acknowledged here goes PENDING-FREE and at once FREE or
     * FREE-BACKUP (RFC 8156 §7.2).
     */
    static Binding freeIfEnded(Binding b, Instant now) {
        if (b.status() == BindingStatus.EXPIRED || b.status() == BindingStatus.RELEASED
                || b.status() == BindingStatus.RESET) {
            return b.withStatus(ReuseRules.freeStatusFor(b.resource()), now, null);
        }
        return b;
    }

    static Instant later(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return a.isAfter(b) ? a : b;
    }
}
