package org.dhcpv6.failover.core.internal.sync;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.dhcpv6.failover.api.Binding;
import org.dhcpv6.failover.api.BindingStatus;
import org.dhcpv6.failover.api.ClientIdentity;
import org.dhcpv6.failover.api.FailoverListener;
import org.dhcpv6.failover.api.LeaseStoreException;
import org.dhcpv6.failover.api.Resource;
import org.dhcpv6.failover.api.Role;
import org.dhcpv6.failover.api.ServerState;
import org.dhcpv6.failover.core.internal.binding.BindingTable;
import org.dhcpv6.failover.core.internal.binding.ConflictResolver;
import org.dhcpv6.failover.core.internal.binding.ExpiryQueue;
import org.dhcpv6.failover.core.internal.binding.LeaseGrants;
import org.dhcpv6.failover.core.internal.binding.ReuseRules;
import org.dhcpv6.failover.core.internal.engine.EndpointSnapshot;
import org.dhcpv6.failover.core.internal.engine.FaultInjector;
import org.dhcpv6.failover.core.internal.engine.InjectedCrash;
import org.dhcpv6.failover.core.internal.wire.BndUpd;
import org.dhcpv6.failover.core.internal.wire.StatusCode;
import org.dhcpv6.failover.core.internal.wire.StatusCodeOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the partner's BNDUPDs to the binding table with the accept/reject rules of RFC 8156
 * §7.5 and the field mapping of §7.5.5, and our BNDUPDs' answers (BNDREPLY, §7.7).
 */
public final class BindingReceiver {

    private static final Logger LOG = LoggerFactory.getLogger(BindingReceiver.class);
    private final org.dhcpv6.failover.core.internal.binding.StoreFailureLog storeFailures =
            new org.dhcpv6.failover.core.internal.binding.StoreFailureLog(LOG, "store the partner's lease of");
    private final org.dhcpv6.failover.core.internal.binding.StoreFailureLog ackFailures =
            new org.dhcpv6.failover.core.internal.binding.StoreFailureLog(LOG, "store the partner's acknowledgement of");

    /** What applying one BNDUPD produced: statuses for the BNDREPLY and bindings to send back now. */
    public record Outcome(Map<Integer, StatusCodeOption> rejections, StatusCodeOption topLevel, List<Resource> sendNow) {
    }

    private final String name;
    private final Role role;
    private final BindingTable table;
    private final Predicate<Resource> inPools;
    private final FailoverListener listener;
    private final FaultInjector faults;
    private final ExpiryQueue expiries;
    private final java.util.function.Supplier<org.dhcpv6.failover.core.internal.engine.EndpointSnapshot> snapshot;
    private final TranslatedCopies copies = new TranslatedCopies();
    /**
     * The partner's copy we last kept our longer lease against, per resource, until the resource
     * changes otherwise: a second identical copy is not answered again ({@link #isRepeatOfKept}).
     * At most one entry per resource; held in memory only.
     */
    private final Map<Resource, Binding> keptAgainst = new HashMap<>();

    /** A receiver for one endpoint. */
    public BindingReceiver(String name, Role role, BindingTable table, Predicate<Resource> inPools,
            FailoverListener listener, FaultInjector faults, ExpiryQueue expiries,
            java.util.function.Supplier<org.dhcpv6.failover.core.internal.engine.EndpointSnapshot> snapshot) {
        this.snapshot = snapshot;
        this.name = name;
        this.role = role;
        this.table = table;
        this.inPools = inPools;
        this.listener = listener;
        this.faults = faults;
        this.expiries = expiries;
    }

    /** Applies one BNDUPD; every accepted lease is in the store when this returns. */
    public Outcome apply(BndUpd update, TimeTranslator times, Instant now) {
        List<BindingMessages.ReceivedLease> leases;
        try {
            leases = BindingMessages.leases(update, times);
        } catch (MissingBindingDataException e) {
            return new Outcome(Map.of(), new StatusCodeOption(StatusCode.MISSING_BINDING_INFORMATION.code(),
                    e.getMessage()), List.of());
        }
        if (BindingMessages.hasVss(update)) {
            return new Outcome(Map.of(), new StatusCodeOption(StatusCode.CONFIGURATION_CONFLICT.code(),
                    "only the default VPN is configured"), List.of());
        }
        Map<Integer, StatusCodeOption> rejections = new HashMap<>();
        List<Resource> sendNow = new ArrayList<>();
        for (BindingMessages.ReceivedLease lease : leases) {
            if (!inPools.test(lease.resource())) {
                rejections.put(lease.index(), new StatusCodeOption(StatusCode.CONFIGURATION_CONFLICT.code(),
                        lease.resource() + " is not in relationship " + name));
                continue;
            }
            try (BindingTable.Locked lock = table.lock(lease.resource())) {
                Binding local = table.get(lease.resource());
                ConflictResolver.Verdict verdict = ConflictResolver.decide(local, new ConflictResolver.Incoming(
                        lease.status(), lease.clientOrNull(), lease.cltTimeOrNull(), lease.startTimeOfState(),
                        lease.stateExpirationTimeOrNull()), role, primaryOutOfService(), now);
                if (!verdict.accepted()) {
                    rejections.put(lease.index(), new StatusCodeOption(verdict.statusCode(), verdict.reason()));
                    rejected(local, verdict, sendNow);
                    continue;
                }
                if (faults.shouldFail(FaultInjector.Point.BEFORE_BINDING_PERSIST)) {
                    throw new InjectedCrash(FaultInjector.Point.BEFORE_BINDING_PERSIST);
                }
                Binding held = mayStillBeHeld(lease, times, now);
                Binding merged = held != null ? held : confirmTakeBack(local, lease.status(),
                        merge(local, lease, times, now));
                Binding ours = held != null ? null : keepOurLongerLease(local, merged);
                if (ours != null && isRepeatOfKept(merged)) {
                    // The partner has our longer lease (it acknowledged it) and still sends the same
                    // shorter copy: the two skew estimates disagree, not the leases. Sending ours
                    // again would bounce the lease once per round trip for as long as they disagree
                    // (simulation seed 101: 400,000 BNDUPDs). Ours stands as stored.
                    continue;
                }
                keptAgainst.remove(lease.resource());
                if (ours != null) {
                    keptAgainst.put(lease.resource(), merged);
                    merged = ours;
                    if (org.dhcpv6.failover.core.internal.binding.StormGuard.sendImmediately(local.partnerUpdatePending())) {
                        sendNow.add(merged.resource());
                    }
                }
                boolean copy = held == null && ours == null;
                if (copy && TranslatedCopies.echoes(merged, times)) {
                    merged = merged.withPartnerUpdatePending(true);
                    sendNow.add(merged.resource());
                }
                table.commit(merged);
                expiries.add(merged.resource(), merged.stateExpirationTime());
                listener.bindingChanged(name, merged);
                if (copy) {
                    copies.stored(merged, times.partnerAhead(), times.doubtKnown());
                } else {
                    copies.forget(merged.resource());
                }
                if (held != null) {
                    // Our view goes back to the partner; its EXPIRED is refused so it frees nothing.
                    sendNow.add(held.resource());
                    if (lease.status() != BindingStatus.ACTIVE) {
                        rejections.put(lease.index(), new StatusCodeOption(
                                ConflictResolver.OUTDATED_BINDING_INFORMATION,
                                "recovering: the client may hold it until " + held.stateExpirationTime()));
                    }
                }
            } catch (LeaseStoreException e) {
                storeFailures.failed(name, lease.resource(), e.getMessage(), now);
                rejections.put(lease.index(), new StatusCodeOption(1, "store failure: " + e.getMessage()));
            } catch (IllegalArgumentException e) {
                // A lease that cannot be a binding (e.g. preferred beyond valid) lacks usable data.
                rejections.put(lease.index(), new StatusCodeOption(StatusCode.MISSING_BINDING_INFORMATION.code(),
                        e.getMessage()));
            }
        }
        return new Outcome(rejections, null, sendNow);
    }

    /**
     * Whether the primary cannot have leased beside us (see {@code ConflictResolver.accept3}): we
     * are in PARTNER-DOWN, or the partner last reported RECOVER, RECOVER-WAIT or RECOVER-DONE,
     * where it grants no new lease.
     */
    private boolean primaryOutOfService() {
        EndpointSnapshot s = snapshot.get();
        ServerState p = s.partnerState();
        return s.state() == ServerState.PARTNER_DOWN
                || p == ServerState.RECOVER || p == ServerState.RECOVER_WAIT || p == ServerState.RECOVER_DONE;
    }

    /**
     * The partner's leases we stored translated with a skew estimate more than
     * {@link TranslatedCopies#TOLERANCE} from {@code currentSkew}, as stored; each is returned once.
     * The caller sends back those still unchanged ({@link TranslatedCopies} says why).
     */
    public List<Binding> takeMistranslatedCopies(java.time.Duration currentSkew) {
        return copies.takeMistranslated(currentSkew);
    }

    /**
     * Once a round trip bounds the skew estimate ({@code times.doubtKnown()}): the partner's leases
     * stored before any did, as stored, when that bound shows the estimate in doubt; each is
     * returned once. Empty while no round trip bounds it. The caller sends back those still
     * unchanged ({@link TranslatedCopies} says why).
     */
    public List<Binding> takeUnboundedCopies(TimeTranslator times) {
        return times.doubtKnown() ? copies.takeUnbounded(times.inDoubt()) : List.of();
    }

    /** The binding of {@code resource} changed here: it is no longer a plain copy of the partner's. */
    public void changedLocally(Resource resource) {
        copies.forget(resource);
        keptAgainst.remove(resource);
    }

    /**
     * Whether the partner's copy {@code merged} is the one we last kept our longer lease against
     * (same client, an expiry within {@link #SHORTENING_TOLERANCE}), with no change in between.
     */
    private boolean isRepeatOfKept(Binding merged) {
        Binding before = keptAgainst.get(merged.resource());
        return before != null && java.util.Objects.equals(before.client(), merged.client())
                && Duration.between(before.stateExpirationTime(), merged.stateExpirationTime()).abs()
                        .compareTo(SHORTENING_TOLERANCE) <= 0;
    }

    /**
     * RFC 8156 §7.5.4 after a rejection with OutdatedBindingInformation: flag the binding for the
     * partner and send it right away only if it was not flagged already, so two servers that both
     * refuse never ping-pong (the periodic scan sends flagged ones later).
     */
    private void rejected(Binding local, ConflictResolver.Verdict verdict, List<Resource> sendNow)
            throws LeaseStoreException {
        listener.bindingConflict(name, local == null ? null : local.resource(), verdict.statusCode(), verdict.reason());
        if (local == null || verdict.statusCode() != ConflictResolver.OUTDATED_BINDING_INFORMATION) {
            return;
        }
        if (org.dhcpv6.failover.core.internal.binding.StormGuard.sendImmediately(local.partnerUpdatePending())) {
            table.commit(local.withPartnerUpdatePending(true));
            sendNow.add(local.resource());
        }
    }

    /**
     * A server in RECOVER, or one whose store was lost and whose UPDREQALL is not yet answered,
     * lost (or distrusts) what it granted itself. While it was cut off it may
     * have extended a lease up to the partner lifetime the partner acknowledged plus MCLT (RFC 8156
     * §4.4), and the partner's copy does not show that extension. The partner sends that
     * acknowledged time as EXPIRATION_TIME, so the client may hold the lease until the later of it
     * and now, plus MCLT (a grant beyond an old acknowledgement still had MCLT).
     * Until then the lease stays ACTIVE for that client on both sides: we keep it, and send it
     * back so the partner does not expire and reuse it either. Returns null when the partner's
     * copy can be taken as it is (nothing can still be held, or a RELEASE ended it).
     */
    private Binding mayStillBeHeld(BindingMessages.ReceivedLease lease, TimeTranslator times, Instant now) {
        org.dhcpv6.failover.core.internal.engine.EndpointSnapshot s = snapshot.get();
        // Not only in RECOVER: a server that lost its store may leave RECOVER for POTENTIAL-CONFLICT
        // (partner in CONFLICT-DONE) before the partner's BNDUPDs arrive, then serve in
        // RESOLUTION-INTERRUPTED (seed 5960: the secondary took the primary's EXPIRED, freed the
        // address and leased it to another client while its own lost grant ran 862 s more).
        if ((s.state() != org.dhcpv6.failover.api.ServerState.RECOVER && !s.awaitingFullUpdate())
                || lease.clientOrNull() == null
                || (lease.status() != BindingStatus.ACTIVE && lease.status() != BindingStatus.EXPIRED)) {
            return null;
        }
        // Our grants ended by max(acknowledged, time of grant) + MCLT, and we granted nothing since
        // we lost the store, so before max(EXPIRATION_TIME, now) + MCLT. Without an
        // acknowledgement (no EXPIRATION_TIME) our last 60 s renewals still bind (seed 250: the
        // secondary renewed 2001:db8:1::b for MCLT every 29 s while cut off, lost its store, took
        // the primary's EXPIRED without EXPIRATION_TIME, and the primary leased it 39 s early).
        Instant acknowledged = lease.expirationTimeOrNull();
        Instant mayHoldUntil = (acknowledged == null || acknowledged.isBefore(now) ? now : acknowledged).plus(s.mclt());
        Instant known = lease.status() == BindingStatus.ACTIVE ? lease.stateExpirationTimeOrNull() : null;
        if (!mayHoldUntil.isAfter(now) || (known != null && !mayHoldUntil.isAfter(known))) {
            return null;
        }
        return new Binding(lease.resource(), lease.clientOrNull(), BindingStatus.ACTIVE, lease.preferredSeconds(),
                lease.validSeconds(), lease.t1Seconds(), lease.t2Seconds(),
                lease.status() == BindingStatus.ACTIVE ? lease.startTimeOfState() : now, mayHoldUntil, null,
                // The partner's CLT goes back to it unadjusted, so it is kept on the partner's clock
                // as in merge(): stored on ours, it came back to the partner off by the whole skew
                // and the partner's CLT jumped hours ahead (simulation seed 949).
                lease.cltTimeOrNull() == null ? null : times.toPartnerClock(lease.cltTimeOrNull()),
                lease.partnerLifetimeOrNull(), null, null, true);
    }

    /**
     * The partner's ACTIVE copy of a lease we hold ACTIVE for the same client is accepted (§7.5.4
     * accept(3)), but it must not cut short the lease we granted ourselves: the client holds it until
     * our own grant ends, whatever the partner last told it. Our CLT information is merged, our
     * lease times are kept and the binding goes back to the partner (simulation seeds 331, 835, 1420:
     * a restarted primary re-granted a lease for 60 s, took the partner's older copy ending 53 s
     * earlier, expired it and gave the address to another client). Returns null when the partner's
     * copy does not end the lease earlier (more than {@link #SHORTENING_TOLERANCE}, wire rounding and
     * skew estimates) than ours.
     *
     * <p>Not when ours is only an acknowledged copy of the very lease the partner now sends (we had
     * no transaction with the client, and the partner's client-transaction time is the one we copied):
     * the partner granted it, so its own times are the lease, and a copy that seems to end later is
     * only our translation of it. Keeping such a copy bounced the lease for good whenever the two
     * skew estimates disagreed by over a couple of seconds (one too high for the hold after a clock
     * step): each server read the other's copy as the shorter, kept its own and sent it back, one
     * BNDUPD per round trip for as long as the estimates disagreed (simulation seed 73: 2.3 million
     * BNDUPDs after a mistranslated copy went back to its owner, {@link TranslatedCopies}).
     */
    static Binding keepOurLongerLease(Binding local, Binding merged) {
        if (local == null || local.status() != BindingStatus.ACTIVE || merged.status() != BindingStatus.ACTIVE
                || !java.util.Objects.equals(local.client(), merged.client())
                || local.stateExpirationTime() == null || merged.stateExpirationTime() == null
                || !local.stateExpirationTime().isAfter(merged.stateExpirationTime().plus(SHORTENING_TOLERANCE))
                || isAcknowledgedCopyOf(local, merged)) {
            return null;
        }
        return new Binding(merged.resource(), merged.client(), BindingStatus.ACTIVE,
                local.preferredLifetimeSeconds(), local.validLifetimeSeconds(), local.t1Seconds(), local.t2Seconds(),
                local.startTimeOfState(), local.stateExpirationTime(), merged.clientLastTransactionTime(),
                merged.partnerRawCltTime(), merged.expirationTime(), merged.ackedPartnerLifetime(),
                local.partnerLifetime(), true);
    }

    /**
     * Whether {@code local} is a plain copy of the partner's lease that {@code merged} carries again:
     * no client transaction of ours, no update of ours pending, and the same partner transaction
     * time (to the whole second the wire carries). A recovering hold is flagged until the partner
     * acknowledges it, so it never counts.
     */
    private static boolean isAcknowledgedCopyOf(Binding local, Binding merged) {
        return local.clientLastTransactionTime() == null && !local.partnerUpdatePending()
                && local.partnerRawCltTime() != null && merged.partnerRawCltTime() != null
                && Duration.between(local.partnerRawCltTime(), merged.partnerRawCltTime()).abs()
                        .compareTo(SHORTENING_TOLERANCE) <= 0;
    }

    /** How much earlier the partner's copy of a lease may end before we keep ours (whole-second wire times). */
    static final java.time.Duration SHORTENING_TOLERANCE = java.time.Duration.ofSeconds(1);

    /**
     * The secondary that accepts a take-back (a FREE prefix from the primary) confirms it with a
     * BNDUPD of its own, flagged in its store: the primary marks the prefix FREE only on our
     * BNDREPLY, and if that is lost and the primary crashes (its in-doubt take-backs are held in
     * memory) it keeps the prefix FREE-BACKUP while we hold it FREE, and neither would ever use it
     * again. Every take-back that changes our record is confirmed, not only one of a FREE-BACKUP
     * prefix, and a flag already set stays until the primary acknowledges it:
     * <ul>
     * <li>seed 172: accepted at 10,365 s, asked again at 11,773 s; the second acceptance found the
     * prefix FREE, cleared the flag, and both BNDREPLYs and the primary's in-doubt set were lost;
     * <li>seed 943: the take-back at 19,642 s overwrote our own unacknowledged EXPIRED (a delegation
     * the primary never heard of), unflagged, and its BNDREPLY was lost the same way.
     * </ul>
     * Only a FREE the primary sent is a take-back. A FREE that is our freeing of the primary's
     * EXPIRED or RELEASED ({@link #freeIfEnded}) is not: the primary frees it itself on our
     * BNDREPLY (and resends its flagged update if that is lost). Flagged, it went to the primary as
     * a stale FREE that overwrote a later give of the same prefix the primary had in flight, while
     * we took the give: FREE there, FREE-BACKUP here. Seed 1579: our own RELEASED (5,648 s), refused
     * as outdated, was replaced at 20,762 s by the primary's newer EXPIRED of a later lease; the
     * primary gave the prefix at 20,765.7 s and took our FREE 0.25 s later. Seed 3493: the same with
     * our EXPIRED and the primary's RELEASED (6,883 s, sent again at 7,681 s beside a give).
     */
    private Binding confirmTakeBack(Binding local, BindingStatus received, Binding merged) {
        boolean settledFree = local != null && local.status() == BindingStatus.FREE && !local.partnerUpdatePending();
        boolean takenBack = role == Role.SECONDARY && local != null && !settledFree && received == BindingStatus.FREE
                && merged.resource().kind() == Resource.Kind.PREFIX && merged.status() == BindingStatus.FREE;
        return takenBack ? merged.withPartnerUpdatePending(true) : merged;
    }

    /** The field mapping of RFC 8156 §7.5.5 (digest §4.4). */
    private static Binding merge(Binding local, BindingMessages.ReceivedLease lease, TimeTranslator times,
            Instant now) {
        // The partner's CLT is kept on its own clock: it gets it back unadjusted (§7.5.5).
        Instant partnerRawClt = lease.cltTimeOrNull() == null ? null : times.toPartnerClock(lease.cltTimeOrNull());
        Instant cltt = later(local == null ? null : local.clientLastTransactionTime(), lease.partnerRawCltTimeOrNull());
        Instant expiration = later(local == null ? null : local.expirationTime(), lease.partnerLifetimeOrNull());
        ClientIdentity client = lease.clientOrNull() != null ? lease.clientOrNull() : (local == null ? null : local.client());
        // The partner lifetime the partner acknowledged belongs to the lease it was sent for. The
        // partner's update of another client, or of a record that had ended in the pool, is a new
        // lease: the partner keeps no acknowledgement for it (LeaseGrants.activeBinding), so ours
        // must not carry over either, or a renewal we grant out of touch runs to the old lease's
        // acknowledgement plus MCLT while the partner thinks we can give MCLT at most. Seed 14012:
        // the primary leased 2001:db8:1::49, FREE since client 228's lease (its acknowledged
        // 3,975.2 s kept on our record), to client 5 at 2,874 s; we took it with 3,975.2 s still
        // on it and in COMMUNICATIONS-INTERRUPTED gave client 5's REBIND 1,040 s at 2,922 s. Our
        // store was lost, the primary expired client 5's lease (its own grant ended at 2,934 s,
        // and it had acknowledged nothing for it, so no recovering hold) and leased the address
        // to client 96 at 3,377.7 s, 584 s before client 5's lease ended.
        boolean sameLease = client != null && LeaseGrants.continuesLease(local, client);
        Binding merged = new Binding(lease.resource(), client,
                lease.status(), lease.preferredSeconds(), lease.validSeconds(), lease.t1Seconds(), lease.t2Seconds(),
                lease.startTimeOfState(), lease.stateExpirationTimeOrNull(), cltt, partnerRawClt, expiration,
                sameLease ? local.ackedPartnerLifetime() : null, local == null ? null : local.partnerLifetime(),
                false);
        return freeIfEnded(merged, now);
    }

    /**
     * An EXPIRED or RELEASED update from the partner means the partner is done with it and we
     * acknowledge it now: it goes PENDING-FREE and at once FREE or FREE-BACKUP (RFC 8156 §7.2).
     */
    private static Binding freeIfEnded(Binding b, Instant now) {
        if (b.status() == BindingStatus.EXPIRED || b.status() == BindingStatus.RELEASED
                || b.status() == BindingStatus.RESET) {
            return b.withStatus(ReuseRules.freeStatusFor(b.resource()), now, null);
        }
        return b;
    }

    /**
     * Applies one acknowledgement of our BNDUPD (RFC 8156 §7.7). Returns the resource if it must
     * be sent again now (it changed while the BNDUPD was in flight, or the storm rule allows it).
     */
    public Optional<Resource> applyAck(Binding sent, BindingMessages.Ack ack, Instant now) {
        try (BindingTable.Locked lock = table.lock(ack.resource())) {
            Binding current = table.get(ack.resource());
            if (current == null) {
                return Optional.empty();
            }
            if (!ack.accepted()) {
                // The binding stays flagged; the periodic scan sends it again (no storms).
                return Optional.empty();
            }
            Instant acked = later(current.ackedPartnerLifetime(), ack.partnerLifetimeSentOrNull());
            boolean unchanged = current.equals(sent);
            if (role == Role.SECONDARY && crossedAndTaken(sent, current)) {
                Binding mine = freeIfEnded(new Binding(sent.resource(), sent.client(), sent.status(),
                        sent.preferredLifetimeSeconds(), sent.validLifetimeSeconds(), sent.t1Seconds(),
                        sent.t2Seconds(), sent.startTimeOfState(), sent.stateExpirationTime(),
                        sent.clientLastTransactionTime(), sent.partnerRawCltTime(),
                        later(sent.expirationTime(), current.expirationTime()), acked, null, false), now);
                table.commit(mine);
                expiries.add(mine.resource(), mine.stateExpirationTime());
                listener.bindingChanged(name, mine);
                return Optional.empty();
            }
            // Changed while in flight: resend only a local change. A binding replaced by the
            // partner's own accepted BNDUPD (not pending) is news to nobody; resending it made two
            // servers that updated the same lease at once bounce it back and forth for ever.
            boolean resend = !unchanged && current.partnerUpdatePending();
            Binding next = new Binding(current.resource(), current.client(), current.status(),
                    current.preferredLifetimeSeconds(), current.validLifetimeSeconds(), current.t1Seconds(),
                    current.t2Seconds(), current.startTimeOfState(), current.stateExpirationTime(),
                    current.clientLastTransactionTime(), current.partnerRawCltTime(), current.expirationTime(), acked,
                    resend ? current.partnerLifetime() : null, resend);
            if (unchanged) {
                next = freeIfEnded(next, now);
            }
            table.commit(next);
            return resend ? Optional.of(current.resource()) : Optional.empty();
        } catch (LeaseStoreException e) {
            ackFailures.failed(name, ack.resource(), e.getMessage(), now);
            return Optional.empty();
        }
    }

    /**
     * Our BNDUPD and the partner's about the same lease crossed on the wire: while ours was in
     * flight we accepted the partner's (it replaced our record, unflagged), and the primary then
     * accepted ours, after sending its own. Each side took the other's, so the tables are swapped
     * and neither had anything left to send (simulation seeds 2039: 2001:db8:100:1300::/56 at
     * 20,664 s in POTENTIAL-CONFLICT, primary's client 28 against our client 95; 2509:
     * 2001:db8:1::2f at 17,924 s, primary in RECOVER, client 32 against our client 237; 7550:
     * 2001:db8:1::8 at 11,067 s, the primary's FREE-BACKUP against our ABANDONED). The
     * primary's acceptance is the decision that counts (the secondary takes any client clash, the
     * primary weighs it, RFC 8156 §7.5.4 accept(3)), and the primary holds our copy now, so the
     * secondary goes back to it. The primary keeps what it holds; should its acceptance have
     * changed our copy (a longer lease of its own, a recovery hold), it flagged the result and sends
     * it after this BNDREPLY. Only a different client or status counts: the same lease's times
     * already converge through keepOurLongerLease.
     */
    static boolean crossedAndTaken(Binding sent, Binding current) {
        return !current.partnerUpdatePending() && !current.equals(sent)
                && (current.status() != sent.status() || !java.util.Objects.equals(current.client(), sent.client()));
    }

    private static Instant later(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return a.isAfter(b) ? a : b;
    }
}
