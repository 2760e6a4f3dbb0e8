package org.dhcpv6.failover.core.internal.engine;

import java.time.Duration;
import java.time.Instant;
import org.dhcpv6.failover.api.ClientService;
import org.dhcpv6.failover.api.EndpointRecord;
import org.dhcpv6.failover.api.FailoverListener;
import org.dhcpv6.failover.api.LeaseStoreException;
import org.dhcpv6.failover.api.RelationshipConfig;
import org.dhcpv6.failover.api.Role;
import org.dhcpv6.failover.api.ServerState;
import org.dhcpv6.failover.core.internal.state.CatchUp;
import org.dhcpv6.failover.core.internal.state.CurrentState;
import org.dhcpv6.failover.core.internal.state.EndpointSnapshot;
import org.dhcpv6.failover.core.internal.state.NewLeasePolicy;
import org.dhcpv6.failover.core.internal.state.PartnerContact;
import org.dhcpv6.failover.core.internal.state.StateRules;
import org.dhcpv6.failover.core.internal.state.TransitionTable;
import org.dhcpv6.failover.core.internal.state.TransitionTable.OwnMove;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server state of one endpoint ({@link CurrentState}: the state with its own data) and what
 * RFC 8156 §8 keeps beside it, each replaced as a whole: what we know of the partner
 * ({@link PartnerContact}), what we may lack of its records and our request for them
 * ({@link CatchUp}), the previous state and last operating time. Every change of state goes
 * through {@link #transitionTo}, which checks the edge and its gate against {@link TransitionTable},
 * persists the {@link EndpointRecord}, logs, tells the listener and publishes a new
 * {@link EndpointSnapshot}.
 */
final class EndpointStates {

    private static final Logger LOG = LoggerFactory.getLogger(EndpointStates.class);

    private final RelationshipConfig config;
    private final RecordWriter store;
    private final FailoverListener listener;
    private final ClockSkew skew;
    private final String name;
    private final Role role;
    /** What RECOVER-WAIT counts MCLT from: the saved time of failure, or this run's start. */
    private final Instant recoverWaitFrom;

    private CurrentState current;
    private ServerState previousState;
    private PartnerContact contact;
    private CatchUp catchUp;
    private Instant lastOperatingAt;
    /** States entered since the partner last heard: RFC 8156 §6.4 wants a STATE for every change. */
    private final java.util.ArrayDeque<ServerState> unsentStates = new java.util.ArrayDeque<>();
    private Duration mclt;
    private boolean storeAvailable = true;
    private volatile EndpointSnapshot snapshot;

    EndpointStates(RelationshipConfig config, RecordWriter store, FailoverListener listener, EndpointRecord saved,
            ClockSkew skew, Now now) {
        this.config = config;
        this.store = store;
        this.listener = listener;
        this.skew = skew;
        this.name = config.name();
        this.role = config.role();
        this.current = CurrentState.enter(ServerState.STARTUP, now.wall());
        this.mclt = config.mclt();
        if (saved == null) {
            // docs/architecture.md §9: empty storage starts in RECOVER for both roles.
            catchUp = CatchUp.atStart(true);
            previousState = ServerState.RECOVER;
            recoverWaitFrom = now.wall();
            lastOperatingAt = now.wall();
            contact = PartnerContact.restored(null, null, null);
        } else {
            previousState = StateRules.commsFailedSuccessor(saved.state());
            recoverWaitFrom = saved.lastOperatingAt() != null ? saved.lastOperatingAt() : now.wall();
            lastOperatingAt = saved.lastOperatingAt();
            contact = PartnerContact.restored(saved.lastContactAt(), saved.partnerState(), saved.partnerStateEnteredAt());
            // Not saved.partnerDownSince(): a return to PARTNER-DOWN dates it anew (docs/decisions/0005).
            catchUp = CatchUp.atStart(saved.awaitingFullUpdate());
        }
        publish();
    }

    ServerState state() {
        return current.state();
    }

    ServerState previousState() {
        return previousState;
    }

    Instant stateEnteredAt() {
        return current.enteredAt();
    }

    Instant partnerDownSince() {
        return current.partnerDownSince();
    }

    /** The secondary adopts the primary's MCLT from CONNECT (RFC 8156 §6.1.2). */
    void adoptMclt(Duration primaryMclt) {
        if (!primaryMclt.equals(mclt)) {
            LOG.info("{}: adopting the primary's MCLT of {} s", name, primaryMclt.toSeconds());
            mclt = primaryMclt;
            publish();
        }
    }

    Duration mclt() {
        return mclt;
    }

    /** Whether we ever talked to the partner (the STATE message's COMMUNICATED flag). */
    boolean everCommunicated() {
        return contact.everHeard();
    }

    boolean communicationsOk() {
        return contact.connected();
    }

    EndpointSnapshot snapshot() {
        return snapshot;
    }

    /** The state to report in STATE: STARTUP is never sent, the previous state is (RFC 8156 §5.5.16). */
    ServerState reportedState() {
        return state() == ServerState.STARTUP ? previousState : state();
    }

    /**
     * The partner's STATE arrived (RFC 8156 §6.4). The first one on a connection makes
     * communications OK, which in STARTUP runs step 5 of the startup algorithm (§8.3).
     */
    void partnerStateReceived(ServerState reported, boolean inStartup, boolean communicated, Instant startOfState,
            Instant downTime, boolean firstOnConnection, Now now) {
        contact = contact.stateHeard(reported, inStartup, startOfState, downTime, now.wall());
        if (StateRules.mayHoldUnsentPartnerDownGrants(reported)) {
            // What it grants there comes after it counted our UPDREQ: ask again (docs/decisions/0007).
            if (current instanceof CurrentState.RecoverDone rd) {
                current = rd.voided();
                catchUp = catchUp.reissuable();
            }
        }
        if (firstOnConnection) {
            contact = contact.connectedNow(communicated);
            if (!StateRules.mayHoldUnsentPartnerDownGrants(reported)) {
                catchUp = catchUp.backInTouch();
            }
            catchUp = catchUp.reissuable();
            listener.communicationsUp(name);
            LOG.info("{}: communications OK; partner is {}{}", name, reported.rfcName(), inStartup ? " (starting)" : "");
            persist();
        }
        if (state() == ServerState.STARTUP) {
            Instant pdStart = contact.downTime() != null ? contact.downTime() : startOfState;
            ServerState target = StateRules.startupState(previousState, reported, pdStart, lastOperatingAt);
            transitionTo(target, "startup with partner in " + reported.rfcName(), now);
        }
        applyPartnerRules(now);
        publish();
    }

    /** Communications were lost: keepalive expiry, a closed connection or DISCONNECT. */
    void communicationsLost(String reason, Now now) {
        if (!contact.connected()) {
            return;
        }
        contact = contact.lost();
        catchUp = catchUp.notWanted();
        if (current instanceof CurrentState.RecoverDone rd) {
            current = rd.voided();
        }
        listener.communicationsDown(name, reason);
        LOG.info("{}: communications lost: {}", name, reason);
        ServerState next = StateRules.onCommunicationsLost(state());
        if (next != state()) {
            transitionTo(next, "communications lost", now);
        }
        publish();
    }

    /** The operator's "partner is down", or the auto-partner-down timer. Returns whether it applied. */
    boolean partnerDownCommand(boolean automatic, Now now) {
        ServerState next = StateRules.onPartnerDownCommand(state(), automatic);
        if (next == state()) {
            LOG.warn("{}: 'partner down' ignored in {}", name, state().rfcName());
            return false;
        }
        transitionTo(next, automatic ? "auto-partner-down timer" : "operator command", now);
        if (TransitionTable.followsPartnersLastState(OwnMove.PARTNER_DOWN_COMMAND, role, contact.state())) {
            applyPartnerRules(now);
        }
        publish();
        return true;
    }

    /** Our UPDREQ or UPDREQALL was answered with UPDDONE. */
    void updateDone(Now now) {
        // The partner has sent what we had not acknowledged, its PARTNER-DOWN grants among them.
        catchUp = catchUp.updateDone();
        if (current instanceof CurrentState.RecoverDone rd) {
            current = rd.answered();
        }
        publish();
        ServerState next = StateRules.onUpdateDone(state(), role);
        if (next != state()) {
            transitionTo(next, "UPDDONE received", now);
        }
        if (state() == ServerState.RECOVER_WAIT && !contact.hadHistory()) {
            // RFC 8156 §8.7: a pair that never ran failover together has nothing to wait for.
            transitionTo(ServerState.RECOVER_DONE, "partner never ran failover with us", now);
        }
        if (TransitionTable.followsPartnersLastState(OwnMove.UPDATE_DONE, role, contact.state())) {
            applyPartnerRules(now);
        }
    }

    /** STARTUP ran out without communications (RFC 8156 §8.3 step 6). */
    void startupTimedOut(Now now) {
        ServerState target = previousState;
        Instant lastHeard = contact.lastHeardAt();
        if (config.startAloneIfPartnerNeverSeen() && lastHeard == null) {
            target = ServerState.PARTNER_DOWN;
        }
        // Out of touch for over MCLT, or last heard in a state that may hold unsent PARTNER-DOWN
        // grants: withhold until its grants are in (docs/decisions/0004; lastHeardAt is persisted).
        catchUp = catchUp.startedAlone(lastHeard == null || now.wall().isAfter(lastHeard.plus(mclt))
                || StateRules.mayHoldUnsentPartnerDownGrants(contact.state()));
        transitionTo(target, "startup time passed without the partner", now);
    }

    /** The wall-clock timers: RECOVER-WAIT's MCLT wait and auto-partner-down. */
    void runTimers(Now now) {
        if (current instanceof CurrentState.RecoverWait wait && !now.wall().isBefore(wait.waitEnd(mclt))) {
            transitionTo(ServerState.RECOVER_DONE, "MCLT passed since the time of failure", now);
            if (TransitionTable.followsPartnersLastState(OwnMove.RECOVER_WAIT_TIMER, role, contact.state())) {
                applyPartnerRules(now);
            }
        }
        if (state() == ServerState.COMMUNICATIONS_INTERRUPTED && config.autoPartnerDown().isPresent()
                && !now.wall().isBefore(stateEnteredAt().plus(config.autoPartnerDown().get()))) {
            partnerDownCommand(true, now);
        }
    }

    /** How long until the next wall-clock timer, or a day when none runs. */
    Duration untilWallDeadline(Now now) {
        Instant deadline = null;
        if (current instanceof CurrentState.RecoverWait wait) {
            deadline = wait.waitEnd(mclt);
        } else if (state() == ServerState.COMMUNICATIONS_INTERRUPTED && config.autoPartnerDown().isPresent()) {
            deadline = stateEnteredAt().plus(config.autoPartnerDown().get());
        }
        if (deadline == null) {
            return Duration.ofDays(1);
        }
        Duration d = Duration.between(now.wall(), deadline);
        return d.isNegative() ? Duration.ZERO : d;
    }

    /** Records that we are operating, so a crash is dated (RFC 8156 §8.3 TIME-OF-FAILURE). */
    void heartbeat(Now now) {
        if (state() == ServerState.STARTUP) {
            return;
        }
        lastOperatingAt = now.wall();
        persist();
    }

    /** The states entered since the last call, oldest first, each owing the partner a STATE. */
    java.util.List<ServerState> takeUnsentStates() {
        java.util.List<ServerState> out = java.util.List.copyOf(unsentStates);
        unsentStates.clear();
        return out;
    }

    /** Whether an UPDREQ/UPDREQALL should be sent now; marks it issued. */
    boolean takeUpdateRequest() {
        if (!catchUp.mayAsk()) {
            return false;
        }
        catchUp = catchUp.asked();
        if (current instanceof CurrentState.RecoverDone rd) {
            current = rd.asked(contact.state() != ServerState.PARTNER_DOWN && !contact.inStartup());
        }
        return true;
    }

    /** Whether the update request should be UPDREQALL: our storage was lost (RFC 8156 §8.5). */
    boolean wantsEverything() {
        return catchUp.storageLost();
    }

    void transitionTo(ServerState next, String why, Now now) {
        TransitionTable.check(current, next);
        ServerState from = state();
        previousState = from == ServerState.STARTUP ? previousState : from;
        current = CurrentState.enter(next, now.wall(), recoverWaitFrom);
        lastOperatingAt = now.wall();
        catchUp = catchUp.reissuable();
        unsentStates.add(next);
        persist();
        LOG.info("{}: {} -> {} ({})", name, from.rfcName(), next.rfcName(), why);
        // Published first: a listener that reads the status from stateChanged sees the new state.
        publish();
        listener.stateChanged(name, from, next);
    }

    private void applyPartnerRules(Now now) {
        if (!contact.connected() || contact.inStartup() || contact.state() == null || state() == ServerState.STARTUP) {
            return;
        }
        for (int step = 0; step < 3; step++) {
            ServerState next = StateRules.onPartnerState(state(), role, contact.state());
            if (next == state()) {
                break;
            }
            TransitionTable.Gate gate = TransitionTable.gate(state(), next);
            if (gate != null && !gate.open(current)) {
                // RECOVER-DONE -> NORMAL waits for the answer to an UPDREQ: ask (docs/decisions/0007).
                catchUp = catchUp.wanted();
                break;
            }
            transitionTo(next, "partner is " + contact.state().rfcName(), now);
        }
        // A store-less server asks in any state but the secondary's POTENTIAL-CONFLICT (docs/decisions/0008).
        if (StateRules.wantsUpdateRequest(state(), role, contact.state(), catchUp.storageLost())) {
            catchUp = catchUp.wanted();
        }
    }

    private void persist() {
        if (state() == ServerState.STARTUP) {
            return;
        }
        try {
            store.save(record());
        } catch (LeaseStoreException e) {
            // The state machine keeps running on its in-memory state; the next write retries.
            LOG.error("{}: could not persist endpoint state {}: {}", name, state().rfcName(), e.getMessage());
        }
    }

    private EndpointRecord record() {
        return new EndpointRecord(state(), stateEnteredAt(), previousState, contact.state(), contact.stateEnteredAt(),
                contact.lastHeardAt(), lastOperatingAt, partnerDownSince(), catchUp.storageLost());
    }

    /** Publishes a fresh snapshot (e.g. after the skew estimate moved). */
    void publish() {
        ClientService service = storeAvailable ? StateRules.clientService(state(), role) : ClientService.UNRESPONSIVE;
        snapshot = new EndpointSnapshot(name, role, state(), stateEnteredAt(), service, contact.connected(),
                contact.state(), skew.skew(), mclt, partnerDownSince(),
                NewLeasePolicy.prefixesWithheld(state(), catchUp.restartedOutOfTouch()), catchUp.storageLost(),
                storeAvailable, false, null);
    }

    /** The store failed or works again (docs/decisions/0002-store-outage.md); publishes. */
    void storeAvailable(boolean available) {
        storeAvailable = available;
        publish();
    }

    /**
     * Writes the endpoint record as {@link #persist} would (in STARTUP, which persists nothing, reads
     * the store instead) and says whether the store took it.
     */
    boolean probeStore() {
        try {
            if (state() == ServerState.STARTUP) {
                store.check();
            } else {
                store.save(record());
            }
            return true;
        } catch (LeaseStoreException e) {
            return false;
        }
    }
}
