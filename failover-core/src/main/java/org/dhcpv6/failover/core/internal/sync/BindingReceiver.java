package org.dhcpv6.failover.core.internal.sync;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.dhcpv6.failover.api.Binding;
import org.dhcpv6.failover.api.FailoverListener;
import org.dhcpv6.failover.api.LeaseStoreException;
import org.dhcpv6.failover.api.Resource;
import org.dhcpv6.failover.api.Role;
import org.dhcpv6.failover.api.ServerState;
import org.dhcpv6.failover.core.internal.binding.BindingTable;
import org.dhcpv6.failover.core.internal.binding.ExpiryQueue;
import org.dhcpv6.failover.core.internal.binding.StoreFailureLog;
import org.dhcpv6.failover.core.internal.state.EndpointSnapshot;
import org.dhcpv6.failover.core.internal.fault.FaultInjector;
import org.dhcpv6.failover.core.internal.fault.InjectedCrash;
import org.dhcpv6.failover.core.internal.wire.BndUpd;
import org.dhcpv6.failover.core.internal.wire.StatusCode;
import org.dhcpv6.failover.core.internal.wire.StatusCodeOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the partner's BNDUPDs (RFC 8156 §7.5): translates each lease, asks {@link UpdateRule}
 * what it does, and applies that verdict to the binding table. Within the event loop's turn the
 * table defers the writes and the endpoint holds what it sends until they are stored (decision
 * record 0003). Answers to our own BNDUPDs are {@link OwnUpdateAcks}'.
 */
public final class BindingReceiver {

    private static final Logger LOG = LoggerFactory.getLogger(BindingReceiver.class);
    private final StoreFailureLog storeFailures = new StoreFailureLog(LOG, "store the partner's lease of");

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
    private final Supplier<EndpointSnapshot> snapshot;
    private final TranslatedCopies copies = new TranslatedCopies();
    /**
     * The partner's copy we last kept our longer lease against, per resource, until the resource
     * changes otherwise ({@link UpdateRule.Context#keptAgainstOrNull}). In memory only.
     */
    private final Map<Resource, Binding> keptAgainst = new HashMap<>();

    /** A receiver for one endpoint. */
    public BindingReceiver(String name, Role role, BindingTable table, Predicate<Resource> inPools,
            FailoverListener listener, FaultInjector faults, ExpiryQueue expiries, Supplier<EndpointSnapshot> snapshot) {
        this.snapshot = snapshot;
        this.name = name;
        this.role = role;
        this.table = table;
        this.inPools = inPools;
        this.listener = listener;
        this.faults = faults;
        this.expiries = expiries;
    }

    /** Applies one BNDUPD; every accepted lease is in the table (and, outside a turn, the store) on return. */
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
        // Made on the first lease that needs them: most BNDUPDs are accepted whole.
        Map<Integer, StatusCodeOption> rejections = Map.of();
        List<Resource> sendNow = List.of();
        for (BindingMessages.ReceivedLease lease : leases) {
            if (!inPools.test(lease.resource())) {
                rejections = mutable(rejections);
                rejections.put(lease.index(), new StatusCodeOption(StatusCode.CONFIGURATION_CONFLICT.code(),
                        lease.resource() + " is not in relationship " + name));
                continue;
            }
            try (BindingTable.Locked lock = table.lock(lease.resource())) {
                Binding local = table.get(lease.resource());
                UpdateRule.Verdict verdict = UpdateRule.decide(local, lease, context(lease.resource(), times, now));
                if (verdict.statusCode() != 0) {
                    rejections = mutable(rejections);
                    rejections.put(lease.index(), new StatusCodeOption(verdict.statusCode(), verdict.reason()));
                }
                if (verdict.conflict()) {
                    listener.bindingConflict(name, local == null ? null : local.resource(), verdict.statusCode(),
                            verdict.reason());
                }
                if (verdict.accepted() && faults.shouldFail(FaultInjector.Point.BEFORE_BINDING_PERSIST)) {
                    throw new InjectedCrash(FaultInjector.Point.BEFORE_BINDING_PERSIST);
                }
                applyVerdict(verdict, times);
                if (verdict.sendBack()) {
                    sendNow = sendNow.isEmpty() ? new ArrayList<>() : sendNow;
                    sendNow.add(lease.resource());
                }
            } catch (LeaseStoreException e) {
                storeFailures.failed(name, lease.resource(), e.getMessage(), now);
                rejections = mutable(rejections);
                rejections.put(lease.index(), new StatusCodeOption(1, "store failure: " + e.getMessage()));
            }
        }
        return new Outcome(rejections, null, sendNow);
    }

    private static Map<Integer, StatusCodeOption> mutable(Map<Integer, StatusCodeOption> rejections) {
        return rejections.isEmpty() ? new HashMap<>() : rejections;
    }

    private UpdateRule.Context context(Resource resource, TimeTranslator times, Instant now) {
        EndpointSnapshot s = snapshot.get();
        ServerState p = s.partnerState();
        boolean primaryOutOfService = s.state() == ServerState.PARTNER_DOWN
                || p == ServerState.RECOVER || p == ServerState.RECOVER_WAIT || p == ServerState.RECOVER_DONE;
        boolean lostOwnGrants = s.state() == ServerState.RECOVER || s.awaitingFullUpdate();
        return new UpdateRule.Context(role, primaryOutOfService, lostOwnGrants, s.mclt(), times.partnerAhead(),
                times.inDoubt(), keptAgainst.get(resource), now);
    }

    /** Stores what the verdict says and keeps the in-memory records of partner copies in step. */
    private void applyVerdict(UpdateRule.Verdict verdict, TimeTranslator times) throws LeaseStoreException {
        Binding store = verdict.storeOrNull();
        if (store == null) {
            return;
        }
        switch (verdict.memory()) {
            case FORGET -> keptAgainst.remove(store.resource());
            case REMEMBER -> keptAgainst.put(store.resource(), verdict.partnerCopyOrNull());
            case UNCHANGED -> { }
        }
        table.commit(store);
        if (!verdict.leaseChanged()) {
            return;
        }
        expiries.add(store.resource(), store.stateExpirationTime());
        listener.bindingChanged(name, store);
        if (verdict.plainCopy()) {
            copies.stored(store, times.partnerAhead(), times.doubtKnown());
        } else {
            copies.forget(store.resource());
        }
    }

    /**
     * The partner's leases we stored translated with a skew estimate more than
     * {@link TranslatedCopies#TOLERANCE} from {@code currentSkew}, as stored; each is returned once.
     * The caller sends back those still unchanged ({@link TranslatedCopies} says why).
     */
    /** Whether any partner lease is recorded as a translated copy: if not, there is none to send back. */
    public boolean holdsTranslatedCopies() {
        return !copies.isEmpty();
    }

    public List<Binding> takeMistranslatedCopies(Duration currentSkew) {
        return copies.takeMistranslated(currentSkew);
    }

    /**
     * Once a round trip bounds the skew estimate ({@code times.doubtKnown()}): the partner's leases
     * stored before any did, as stored, when that bound shows the estimate in doubt; each is
     * returned once. Empty while no round trip bounds it.
     */
    public List<Binding> takeUnboundedCopies(TimeTranslator times) {
        return times.doubtKnown() ? copies.takeUnbounded(times.inDoubt()) : List.of();
    }

    /** The binding of {@code resource} changed here: it is no longer a plain copy of the partner's. */
    public void changedLocally(Resource resource) {
        copies.forget(resource);
        keptAgainst.remove(resource);
    }

    /** The answers to our own BNDUPDs, applied to the same table. */
    OwnUpdateAcks acks() {
        return new OwnUpdateAcks(name, role, table, expiries, listener);
    }
}
