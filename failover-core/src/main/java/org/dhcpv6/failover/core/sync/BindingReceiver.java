package org.dhcpv6.failover.core.sync;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.dhcpv6.failover.api.Binding;
import org.dhcpv6.failover.api.BindingStatus;
import org.dhcpv6.failover.api.FailoverListener;
import org.dhcpv6.failover.api.LeaseStoreException;
import org.dhcpv6.failover.api.Resource;
import org.dhcpv6.failover.api.Role;
import org.dhcpv6.failover.core.binding.BindingTable;
import org.dhcpv6.failover.core.binding.ConflictResolver;
import org.dhcpv6.failover.core.binding.ExpiryQueue;
import org.dhcpv6.failover.core.binding.ReuseRules;
import org.dhcpv6.failover.core.engine.FaultInjector;
import org.dhcpv6.failover.core.engine.InjectedCrash;
import org.dhcpv6.failover.core.wire.BndUpd;
import org.dhcpv6.failover.core.wire.StatusCode;
import org.dhcpv6.failover.core.wire.StatusCodeOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the partner's BNDUPDs to the binding table with the accept/reject rules of RFC 8156
 * §7.5 and the field mapping of §7.5.5, and our BNDUPDs' answers (BNDREPLY, §7.7).
 */
public final class BindingReceiver {

    private static final Logger LOG = LoggerFactory.getLogger(BindingReceiver.class);

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
    private final java.util.function.Supplier<org.dhcpv6.failover.core.engine.EndpointSnapshot> snapshot;

    /** A receiver for one endpoint. */
    public BindingReceiver(String name, Role role, BindingTable table, Predicate<Resource> inPools,
            FailoverListener listener, FaultInjector faults, ExpiryQueue expiries,
            java.util.function.Supplier<org.dhcpv6.failover.core.engine.EndpointSnapshot> snapshot) {
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
                        lease.stateExpirationTimeOrNull()), role, now);
                if (!verdict.accepted()) {
                    rejections.put(lease.index(), new StatusCodeOption(verdict.statusCode(), verdict.reason()));
                    rejected(local, verdict, sendNow);
                    continue;
                }
                if (faults.shouldFail(FaultInjector.Point.BEFORE_BINDING_PERSIST)) {
                    throw new InjectedCrash(FaultInjector.Point.BEFORE_BINDING_PERSIST);
                }
                Binding merged = merge(local, lease, times);
                Binding held = mayStillBeHeld(merged, lease, now);
                if (held != null) {
                    // Acknowledging the partner's EXPIRED would let it free the lease (§7.7).
                    table.commit(held);
                    expiries.add(held.resource(), held.stateExpirationTime());
                    listener.bindingChanged(name, held);
                    rejections.put(lease.index(), new StatusCodeOption(
                            ConflictResolver.OUTDATED_BINDING_INFORMATION, "recovering: we may have extended "
                            + lease.resource() + " while cut off; held until " + held.stateExpirationTime()));
                    continue;
                }
                merged = recovering(freeIfEnded(merged, now), lease);
                table.commit(merged);
                expiries.add(merged.resource(), merged.stateExpirationTime());
                listener.bindingChanged(name, merged);
            } catch (LeaseStoreException e) {
                LOG.error("{}: could not store {} from the partner: {}", name, lease.resource(), e.getMessage());
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
        if (org.dhcpv6.failover.core.binding.StormGuard.sendImmediately(local.partnerUpdatePending())) {
            table.commit(local.withPartnerUpdatePending(true));
            sendNow.add(local.resource());
        }
    }

    /**
     * A server in RECOVER lost (or distrusts) what it granted itself. While it was cut off it may
     * have extended this lease up to the partner lifetime the partner acknowledged plus MCLT
     * (RFC 8156 §4.4), and the partner's copy does not show that extension. The partner sends that
     * acknowledged time as EXPIRATION_TIME, so the client may hold the lease until it plus MCLT:
     * the binding must not expire, nor go to another client, before then.
     */
    private Binding recovering(Binding merged, BindingMessages.ReceivedLease lease) {
        org.dhcpv6.failover.core.engine.EndpointSnapshot s = snapshot.get();
        if (s.state() != org.dhcpv6.failover.api.ServerState.RECOVER || merged.status() != BindingStatus.ACTIVE
                || lease.expirationTimeOrNull() == null) {
            return merged;
        }
        Instant mayHoldUntil = lease.expirationTimeOrNull().plus(s.mclt());
        if (merged.stateExpirationTime() != null && !mayHoldUntil.isAfter(merged.stateExpirationTime())) {
            return merged;
        }
        return new Binding(merged.resource(), merged.client(), merged.status(), merged.preferredLifetimeSeconds(),
                merged.validLifetimeSeconds(), merged.t1Seconds(), merged.t2Seconds(), merged.startTimeOfState(),
                mayHoldUntil, merged.clientLastTransactionTime(), merged.partnerRawCltTime(), merged.expirationTime(),
                later(merged.ackedPartnerLifetime(), lease.expirationTimeOrNull()), merged.partnerLifetime(),
                merged.partnerUpdatePending());
    }

    /**
     * The EXPIRED counterpart of {@link #recovering}: the partner ended a client's lease at the
     * expiry it knows, but we, recovering without our store, may have extended that lease while cut
     * off, up to the EXPIRATION_TIME the partner acknowledged plus MCLT (RFC 8156 §4.4). Until
     * then the client may still hold it: we keep it ACTIVE for that client to then, and must not
     * acknowledge the EXPIRED, or the partner would free it at once (§7.7) and the primary lease a
     * prefix to another client. Null when the lease needs no such care.
     */
    private Binding mayStillBeHeld(Binding merged, BindingMessages.ReceivedLease lease, Instant now) {
        org.dhcpv6.failover.core.engine.EndpointSnapshot s = snapshot.get();
        if (s.state() != org.dhcpv6.failover.api.ServerState.RECOVER || lease.status() != BindingStatus.EXPIRED
                || lease.clientOrNull() == null || lease.expirationTimeOrNull() == null) {
            return null;
        }
        Instant mayHoldUntil = lease.expirationTimeOrNull().plus(s.mclt());
        if (!mayHoldUntil.isAfter(now)) {
            return null;
        }
        return new Binding(merged.resource(), lease.clientOrNull(), BindingStatus.ACTIVE,
                merged.preferredLifetimeSeconds(), merged.validLifetimeSeconds(), merged.t1Seconds(),
                merged.t2Seconds(), now, mayHoldUntil, merged.clientLastTransactionTime(), merged.partnerRawCltTime(),
                merged.expirationTime(), later(merged.ackedPartnerLifetime(), lease.expirationTimeOrNull()),
                merged.partnerLifetime(), false);
    }

    /** The field mapping of RFC 8156 §7.5.5 (digest §4.4), before an ended lease is freed. */
    private static Binding merge(Binding local, BindingMessages.ReceivedLease lease, TimeTranslator times) {
        // The partner's CLT is kept on its own clock: it gets it back unadjusted (§7.5.5).
        Instant partnerRawClt = lease.cltTimeOrNull() == null ? null : times.toPartnerClock(lease.cltTimeOrNull());
        Instant cltt = later(local == null ? null : local.clientLastTransactionTime(), lease.partnerRawCltTimeOrNull());
        Instant expiration = later(local == null ? null : local.expirationTime(), lease.partnerLifetimeOrNull());
        return new Binding(lease.resource(),
                lease.clientOrNull() != null ? lease.clientOrNull() : (local == null ? null : local.client()),
                lease.status(), lease.preferredSeconds(), lease.validSeconds(), lease.t1Seconds(), lease.t2Seconds(),
                lease.startTimeOfState(), lease.stateExpirationTimeOrNull(), cltt, partnerRawClt, expiration,
                local == null ? null : local.ackedPartnerLifetime(), local == null ? null : local.partnerLifetime(),
                false);
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
            LOG.error("{}: could not store the partner's acknowledgement of {}: {}", name, ack.resource(),
                    e.getMessage());
            return Optional.empty();
        }
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
