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
import org.dhcpv6.failover.core.internal.state.StateRules;
import org.dhcpv6.failover.core.internal.state.TransitionTable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server state of one endpoint and everything RFC 8156 §8 keeps beside it: the previous
 * state, the partner's state, the times the startup algorithm needs. Every change goes through
 * {@link #transitionTo}, which checks the edge against {@link TransitionTable}, persists the
 * {@link EndpointRecord}, logs, tells the listener and publishes a new {@link EndpointSnapshot}.
 */
final class EndpointStates {

    private static final Logger LOG = LoggerFactory.getLogger(EndpointStates.class);

    private final RelationshipConfig config;
    private final RecordWriter store;
    private final FailoverListener listener;
    private final ClockSkew skew;
    private final String name;
    private final Role role;
    private final Instant startedAt;
    private final Instant timeOfFailure;

    private ServerState state = ServerState.STARTUP;
    private ServerState previousState;
    private Instant stateEnteredAt;
    private ServerState partnerState;
    private Instant partnerStateEnteredAt;
    private Instant partnerDownTime;
    private boolean partnerInStartup;
    private boolean partnerHadHistory = true;
    private Instant lastContactAt;
    private Instant lastOperatingAt;
    private Instant partnerDownSince;
    private boolean storageLost;
    private boolean communicationsOk;
    /** Started without reaching a partner we had not heard for over MCLT; see {@link #newPrefixesWithheld}. */
    private boolean restartedOutOfTouch;
    /**
     * In RECOVER-DONE: an update request we sent on this connection, with the partner out of
     * PARTNER-DOWN, was answered by UPDDONE; see {@link #applyPartnerRules}.
     */
    private boolean partnerGrantsReceived;
    /** The outstanding update request was sent in RECOVER-DONE with the partner out of PARTNER-DOWN. */
    private boolean askedForPartnerGrants;
    /** States entered since the partner last heard: RFC 8156 §6.4 wants a STATE for every change. */
    private final java.util.ArrayDeque<ServerState> unsentStates = new java.util.ArrayDeque<>();
    private boolean updateRequestWanted;
    private boolean updateRequestIssued;
    private Duration mclt;
    private boolean storeAvailable = true;
    private volatile EndpointSnapshot snapshot;

    /** Where the endpoint record goes: the store, after the binding writes that came before it. */
    interface RecordWriter {
        void save(EndpointRecord record) throws LeaseStoreException;

        /** Reads from the store, to learn whether it answers. */
        void check() throws LeaseStoreException;
    }

    EndpointStates(RelationshipConfig config, RecordWriter store, FailoverListener listener, EndpointRecord saved,
            ClockSkew skew, Now now) {
        this.config = config;
        this.store = store;
        this.listener = listener;
        this.skew = skew;
        this.name = config.name();
        this.role = config.role();
        this.startedAt = now.wall();
        this.stateEnteredAt = now.wall();
        this.mclt = config.mclt();
        if (saved == null) {
            // docs/architecture.md §9: empty storage starts in RECOVER for both roles.
            storageLost = true;
            previousState = ServerState.RECOVER;
            timeOfFailure = null;
            lastOperatingAt = now.wall();
        } else {
            previousState = StateRules.commsFailedSuccessor(saved.state());
            timeOfFailure = saved.lastOperatingAt();
            lastOperatingAt = saved.lastOperatingAt();
            lastContactAt = saved.lastContactAt();
            partnerState = saved.partnerState();
            partnerStateEnteredAt = saved.partnerStateEnteredAt();
            // Not saved.partnerDownSince(): we are in STARTUP, not PARTNER-DOWN, and a return to
            // PARTNER-DOWN dates it anew (transitionTo). While we were down the partner may have
            // served in COMMUNICATIONS-INTERRUPTED, renewing for MCLT past what we know; the old
            // entry time let the expiry run in STARTUP free such a lease. Seed 50424: the primary,
            // in PARTNER-DOWN since 5,269.6 s (true time), was down from 5,674.1 s to 5,918.6 s; the
            // secondary meanwhile renewed 2001:db8:100:200::/56 for client 36 until 5,974.7 s; the
            // rebooted primary freed it at once (reuse time 5,827.1 s by the old entry), went back
            // to PARTNER-DOWN (5,947.6 s) and delegated it to client 71 (5,955.7 s).
            partnerDownSince = null;
            storageLost = saved.awaitingFullUpdate();
        }
        publish();
    }

    ServerState state() {
        return state;
    }

    ServerState previousState() {
        return previousState;
    }

    Instant stateEnteredAt() {
        return stateEnteredAt;
    }

    Instant partnerDownSince() {
        return partnerDownSince;
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
        return lastContactAt != null;
    }

    boolean communicationsOk() {
        return communicationsOk;
    }

    EndpointSnapshot snapshot() {
        return snapshot;
    }

    /** The state to report in STATE: STARTUP is never sent, the previous state is (RFC 8156 §5.5.16). */
    ServerState reportedState() {
        return state == ServerState.STARTUP ? previousState : state;
    }

    /**
     * The partner's STATE arrived (RFC 8156 §6.4). The first one on a connection makes
     * communications OK, which in STARTUP runs step 5 of the startup algorithm (§8.3).
     */
    void partnerStateReceived(ServerState reported, boolean inStartup, boolean communicated, Instant startOfState,
            Instant downTime, boolean firstOnConnection, Now now) {
        partnerState = reported;
        partnerInStartup = inStartup;
        partnerStateEnteredAt = startOfState;
        partnerDownTime = reported == ServerState.PARTNER_DOWN ? downTime : null;
        lastContactAt = now.wall();
        if (mayHoldUnsentPartnerDownGrants(reported)) {
            // An UPDDONE covers what was pending when the partner counted our UPDREQ; what it grants
            // in this state comes after, so RECOVER-DONE must ask again once it leaves it (seed
            // 35997: the secondary entered PARTNER-DOWN just after counting our UPDREQ).
            partnerGrantsReceived = false;
            askedForPartnerGrants = false;
            if (state == ServerState.RECOVER_DONE) {
                updateRequestIssued = false;
            }
        }
        if (firstOnConnection) {
            partnerHadHistory = communicated;
            communicationsOk = true;
            if (!mayHoldUnsentPartnerDownGrants(reported)) {
                restartedOutOfTouch = false;
            }
            updateRequestIssued = false;
            listener.communicationsUp(name);
            LOG.info("{}: communications OK; partner is {}{}", name, reported.rfcName(), inStartup ? " (starting)" : "");
            persist();
        }
        if (state == ServerState.STARTUP) {
            Instant pdStart = partnerDownTime != null ? partnerDownTime : startOfState;
            ServerState target = StateRules.startupState(previousState, reported, pdStart, lastOperatingAt);
            transitionTo(target, "startup with partner in " + reported.rfcName(), now);
        }
        applyPartnerRules(now);
        publish();
    }

    /** Communications were lost: keepalive expiry, a closed connection or DISCONNECT. */
    void communicationsLost(String reason, Now now) {
        if (!communicationsOk) {
            return;
        }
        communicationsOk = false;
        updateRequestWanted = false;
        partnerGrantsReceived = false;
        askedForPartnerGrants = false;
        listener.communicationsDown(name, reason);
        LOG.info("{}: communications lost: {}", name, reason);
        ServerState next = StateRules.onCommunicationsLost(state);
        if (next != state) {
            transitionTo(next, "communications lost", now);
        }
        publish();
    }

    /** The operator's "partner is down", or the auto-partner-down timer. Returns whether it applied. */
    boolean partnerDownCommand(boolean automatic, Now now) {
        ServerState next = StateRules.onPartnerDownCommand(state, automatic);
        if (next == state) {
            LOG.warn("{}: 'partner down' ignored in {}", name, state.rfcName());
            return false;
        }
        transitionTo(next, automatic ? "auto-partner-down timer" : "operator command", now);
        // The partner's last STATE still stands when we are connected, and it may call for a move
        // from PARTNER-DOWN that it will never prompt again: a partner in RECOVER-DONE sends no
        // further STATE while it waits for ours, and RFC 8156 §8.4 has PARTNER-DOWN go to NORMAL
        // on seeing it there. Seed 35997: the operator put the secondary, connected and in NORMAL,
        // in PARTNER-DOWN (16,727.0 s) while the primary in RECOVER-DONE waited for the UPDDONE of
        // its UPDREQ; the primary stayed in RECOVER-DONE on hearing PARTNER-DOWN, the secondary
        // in PARTNER-DOWN having last heard RECOVER-DONE, for good.
        // But a partner that moves on seeing our PARTNER-DOWN (NORMAL, COMMUNICATIONS-INTERRUPTED,
        // PARTNER-DOWN) sends its new STATE if it is alive, and that STATE moves us; its last one
        // may be stale, from a partner that died before our keepalive noticed, and it must not
        // overrule the operator. Seed 13237: the primary lost its store and crashed (38.4 s, true
        // time); the operator put the secondary, still connected, in PARTNER-DOWN (39.2 s), which
        // went on at once to POTENTIAL-CONFLICT on the primary's old NORMAL, then
        // RESOLUTION-INTERRUPTED, serving 2001:db8:100:100::/56 to client 286 on a partner
        // lifetime the primary no longer knew; the rebooted primary went RECOVER -> POTENTIAL-CONFLICT
        // on it, lost the connection before its UPDREQALL was answered, and in the operator's
        // PARTNER-DOWN delegated the prefix to client 79 (187.7 s) while client 286 held it.
        if (partnerState == null
                || StateRules.onPartnerState(partnerState, partnerRole(), ServerState.PARTNER_DOWN) == partnerState) {
            applyPartnerRules(now);
        }
        publish();
        return true;
    }

    private Role partnerRole() {
        return role == Role.PRIMARY ? Role.SECONDARY : Role.PRIMARY;
    }

    /** Our UPDREQ or UPDREQALL was answered with UPDDONE. */
    void updateDone(Now now) {
        storageLost = false;
        // The partner has sent what we had not acknowledged, its PARTNER-DOWN grants among them.
        restartedOutOfTouch = false;
        if (askedForPartnerGrants) {
            askedForPartnerGrants = false;
            partnerGrantsReceived = true;
        }
        publish();
        ServerState next = StateRules.onUpdateDone(state, role);
        if (next != state) {
            transitionTo(next, "UPDDONE received", now);
        }
        if (state == ServerState.RECOVER_WAIT && !partnerHadHistory) {
            // RFC 8156 §8.7: a pair that never ran failover together has nothing to wait for.
            transitionTo(ServerState.RECOVER_DONE, "partner never ran failover with us", now);
        }
        applyPartnerRules(now);
    }

    /** STARTUP ran out without communications (RFC 8156 §8.3 step 6). */
    void startupTimedOut(Now now) {
        ServerState target = previousState;
        if (config.startAloneIfPartnerNeverSeen() && lastContactAt == null) {
            target = ServerState.PARTNER_DOWN;
        }
        // Out of touch for over MCLT, part of it down: the partner may have entered PARTNER-DOWN
        // meanwhile (rightly, we were down) and delegated our free prefixes from MCLT after that,
        // then gone down itself before we came back (seeds 2935, 5594). lastContactAt is persisted,
        // so a further restart before contact withholds them again.
        // Contact with a partner that was in PARTNER-DOWN is no end of it either (seed 5935), and
        // that contact refreshed lastContactAt, so its persisted state withholds them again.
        restartedOutOfTouch = lastContactAt == null || now.wall().isAfter(lastContactAt.plus(mclt))
                || mayHoldUnsentPartnerDownGrants(partnerState);
        transitionTo(target, "startup time passed without the partner", now);
    }

    /** The wall-clock timers: RECOVER-WAIT's MCLT wait and auto-partner-down. */
    void runTimers(Now now) {
        if (state == ServerState.RECOVER_WAIT && !now.wall().isBefore(recoverWaitEnd())) {
            transitionTo(ServerState.RECOVER_DONE, "MCLT passed since the time of failure", now);
            applyPartnerRules(now);
        }
        if (state == ServerState.COMMUNICATIONS_INTERRUPTED && config.autoPartnerDown().isPresent()
                && !now.wall().isBefore(stateEnteredAt.plus(config.autoPartnerDown().get()))) {
            partnerDownCommand(true, now);
        }
    }

    /** How long until the next wall-clock timer, or a day when none runs. */
    Duration untilWallDeadline(Now now) {
        Instant deadline = null;
        if (state == ServerState.RECOVER_WAIT) {
            deadline = recoverWaitEnd();
        } else if (state == ServerState.COMMUNICATIONS_INTERRUPTED && config.autoPartnerDown().isPresent()) {
            deadline = stateEnteredAt.plus(config.autoPartnerDown().get());
        }
        if (deadline == null) {
            return Duration.ofDays(1);
        }
        Duration d = Duration.between(now.wall(), deadline);
        return d.isNegative() ? Duration.ZERO : d;
    }

    private Instant recoverWaitEnd() {
        Instant base = timeOfFailure != null ? timeOfFailure : startedAt;
        return base.plus(mclt);
    }

    /** Records that we are operating, so a crash is dated (RFC 8156 §8.3 TIME-OF-FAILURE). */
    void heartbeat(Now now) {
        if (state == ServerState.STARTUP) {
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
        if (!updateRequestWanted || updateRequestIssued) {
            return false;
        }
        updateRequestWanted = false;
        updateRequestIssued = true;
        askedForPartnerGrants = state == ServerState.RECOVER_DONE && partnerState != ServerState.PARTNER_DOWN
                && !partnerInStartup;
        return true;
    }

    /** Whether the update request should be UPDREQALL: our storage was lost (RFC 8156 §8.5). */
    boolean wantsEverything() {
        return storageLost;
    }

    void transitionTo(ServerState next, String why, Now now) {
        TransitionTable.check(state, next);
        ServerState from = state;
        previousState = state == ServerState.STARTUP ? previousState : state;
        state = next;
        stateEnteredAt = now.wall();
        lastOperatingAt = now.wall();
        if (next == ServerState.PARTNER_DOWN) {
            partnerDownSince = now.wall();
        } else {
            partnerDownSince = null;
        }
        updateRequestIssued = false;
        unsentStates.add(next);
        persist();
        LOG.info("{}: {} -> {} ({})", name, from.rfcName(), next.rfcName(), why);
        // Published first: a listener that reads the status from stateChanged sees the new state.
        publish();
        listener.stateChanged(name, from, next);
    }

    private void applyPartnerRules(Now now) {
        if (!communicationsOk || partnerInStartup || partnerState == null || state == ServerState.STARTUP) {
            return;
        }
        for (int step = 0; step < 3; step++) {
            ServerState next = StateRules.onPartnerState(state, role, partnerState);
            if (next == state) {
                break;
            }
            if (state == ServerState.RECOVER_DONE && next == ServerState.NORMAL && !partnerGrantsReceived) {
                // The partner left PARTNER-DOWN on our RECOVER-DONE (RFC 8156 §8.7) and sends what it
                // granted there since answering our RECOVER update request as lazy BNDUPDs, our free
                // prefixes among them (§4.2.2). Going to NORMAL first would persist NORMAL before
                // they arrive; a crash then loses them for good. Seed 8362: the secondary in
                // PARTNER-DOWN delegated one of the primary's free prefixes (2,112.4 s, for 1,490 s)
                // after the primary's UPDREQALL was answered; the primary went to NORMAL on the
                // secondary's NORMAL (2,252.3 s) and crashed twice while those BNDUPDs were on
                // their way, the secondary went down, and the primary, in PARTNER-DOWN by the auto
                // timer, delegated the prefix to a new client (3,020.2 s). So we ask (UPDREQ) and
                // go to NORMAL on its UPDDONE: a crash before that finds us in RECOVER-DONE again.
                updateRequestWanted = true;
                break;
            }
            transitionTo(next, "partner is " + partnerState.rfcName(), now);
        }
        boolean partnerResolving = partnerState == ServerState.POTENTIAL_CONFLICT
                || partnerState == ServerState.RESOLUTION_INTERRUPTED || partnerState == ServerState.CONFLICT_DONE;
        if (state == ServerState.RECOVER && !partnerResolving) {
            updateRequestWanted = true;
        } else if (state == ServerState.POTENTIAL_CONFLICT
                && (role == Role.PRIMARY || partnerState == ServerState.CONFLICT_DONE)) {
            updateRequestWanted = true;
        } else if (storageLost && state != ServerState.RECOVER && state != ServerState.POTENTIAL_CONFLICT) {
            // Our store was lost and no UPDREQALL of ours was answered yet, but we left RECOVER
            // another way (for POTENTIAL-CONFLICT, then the operator's PARTNER-DOWN): nothing else
            // brings us the partner's records it had already sent before the loss, the
            // never-leased prefixes it gave us as FREE-BACKUP among them (§6.3; no client, so no
            // BNDUPD until the next change). Seed 13501: the secondary lost its store at 8,317.0 s,
            // went RECOVER -> POTENTIAL-CONFLICT (9,479.8 s), the primary never reached
            // CONFLICT-DONE, the operator put the secondary in PARTNER-DOWN (11,127.4 s), and it
            // went to NORMAL on the primary's RECOVER-DONE (20,158.7 s) without ever asking, so
            // the primary's FREE-BACKUP 2001:db8:100:8c00::/56 was FREE on the secondary. Ask now
            // (wantsEverything() makes it UPDREQALL); storageLost stays persisted until UPDDONE,
            // so a crash before it asks again. The secondary's POTENTIAL-CONFLICT is left out:
            // its UPDDONE there means NORMAL, so it asks only after the primary's CONFLICT-DONE.
            updateRequestWanted = true;
        }
    }

    private void persist() {
        if (state == ServerState.STARTUP) {
            return;
        }
        try {
            store.save(record());
        } catch (LeaseStoreException e) {
            // The state machine keeps running on its in-memory state; the next write retries.
            LOG.error("{}: could not persist endpoint state {}: {}", name, state.rfcName(), e.getMessage());
        }
    }

    private EndpointRecord record() {
        return new EndpointRecord(state, stateEnteredAt, previousState, partnerState, partnerStateEnteredAt,
                lastContactAt, lastOperatingAt, partnerDownSince, storageLost);
    }

    /**
     * Whether no prefix may go to a new client, because the partner may have delegated our free
     * ones in a PARTNER-DOWN whose grants we have not received (RFC 8156 §4.2.2 lets it after
     * MCLT): in RESOLUTION-INTERRUPTED, whose conflict was never resolved (§8.10 allows our own
     * pool only "if that can be determined"; seed 8116), and after a restart out of touch, until
     * the partner's grants reach us (its UPDDONE) or it shows it never had any, in PARTNER-DOWN
     * too (docs/decisions/0004). Addresses stay allowed: the partner never takes our half
     * (docs/architecture.md §9).
     */
    boolean newPrefixesWithheld() {
        return state == ServerState.RESOLUTION_INTERRUPTED || restartedOutOfTouch;
    }

    /**
     * Whether a partner reporting this state may hold PARTNER-DOWN grants of our free prefixes that
     * we have not received: it is in PARTNER-DOWN, or left it for a conflict resolution that has
     * not brought them to us yet. Hearing such a partner ends no withholding; only the answer to
     * our update request does ({@link #updateDone}). Seed 5935: the secondary in PARTNER-DOWN
     * delegated one of the primary's free prefixes (5,258.1 s, for 1,728 s); the primary restarted
     * out of touch, withheld prefixes, then heard the starting secondary report PARTNER-DOWN
     * (6,401.0 s), which lifted the withholding; the secondary crashed on the primary's first
     * BNDUPDs, and the primary, still in COMMUNICATIONS-INTERRUPTED, delegated the prefix to a new
     * client (6,401.8 s).
     */
    private static boolean mayHoldUnsentPartnerDownGrants(ServerState partner) {
        return partner == ServerState.PARTNER_DOWN || partner == ServerState.POTENTIAL_CONFLICT
                || partner == ServerState.RESOLUTION_INTERRUPTED || partner == ServerState.CONFLICT_DONE;
    }

    /** Publishes a fresh snapshot (e.g. after the skew estimate moved). */
    void publish() {
        ClientService service = storeAvailable ? StateRules.clientService(state, role) : ClientService.UNRESPONSIVE;
        snapshot = new EndpointSnapshot(name, role, state, stateEnteredAt, service, communicationsOk, partnerState,
                skew.skew(), mclt, partnerDownSince, newPrefixesWithheld(), storageLost, storeAvailable, false, null);
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
            if (state == ServerState.STARTUP) {
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
