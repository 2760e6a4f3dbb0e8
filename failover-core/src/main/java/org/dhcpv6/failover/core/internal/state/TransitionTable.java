package org.dhcpv6.failover.core.internal.state;

import static org.dhcpv6.failover.api.ServerState.COMMUNICATIONS_INTERRUPTED;
import static org.dhcpv6.failover.api.ServerState.CONFLICT_DONE;
import static org.dhcpv6.failover.api.ServerState.NORMAL;
import static org.dhcpv6.failover.api.ServerState.PARTNER_DOWN;
import static org.dhcpv6.failover.api.ServerState.POTENTIAL_CONFLICT;
import static org.dhcpv6.failover.api.ServerState.RECOVER;
import static org.dhcpv6.failover.api.ServerState.RECOVER_DONE;
import static org.dhcpv6.failover.api.ServerState.RECOVER_WAIT;
import static org.dhcpv6.failover.api.ServerState.RESOLUTION_INTERRUPTED;
import static org.dhcpv6.failover.api.ServerState.STARTUP;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.dhcpv6.failover.api.Role;
import org.dhcpv6.failover.api.ServerState;

/**
 * Every edge of the RFC 8156 §8 endpoint state machine (Figure 6). A transition not listed here
 * is a bug, and {@link #check} refuses it.
 *
 * <pre>
 * STARTUP ---------------------------------------------&gt; any state (startup algorithm, §8.3)
 * NORMAL --comms lost, DISCONNECT, partner changed-----&gt; COMMUNICATIONS-INTERRUPTED
 * NORMAL --operator "partner down"---------------------&gt; PARTNER-DOWN
 * COMMUNICATIONS-INTERRUPTED --partner NORMAL/CI/RD----&gt; NORMAL
 *                            --partner PD/PC/CD/RI-----&gt; POTENTIAL-CONFLICT
 *                            --operator, auto timer----&gt; PARTNER-DOWN
 * PARTNER-DOWN --partner RECOVER-DONE------------------&gt; NORMAL
 *              --partner NORMAL/CI/PD/PC/RI/CD---------&gt; POTENTIAL-CONFLICT
 * RECOVER --UPDDONE------------------------------------&gt; RECOVER-WAIT
 *         --partner PC/RI/CD---------------------------&gt; POTENTIAL-CONFLICT
 * RECOVER-WAIT --MCLT after time of failure------------&gt; RECOVER-DONE
 * RECOVER-DONE --partner NORMAL/RD---------------------&gt; NORMAL
 *              --partner RECOVER/RW--------------------&gt; COMMUNICATIONS-INTERRUPTED
 *              --partner PC----------------------------&gt; POTENTIAL-CONFLICT
 * POTENTIAL-CONFLICT --UPDDONE (primary)---------------&gt; CONFLICT-DONE
 *                    --UPDDONE (secondary)-------------&gt; NORMAL
 *                    --comms lost----------------------&gt; RESOLUTION-INTERRUPTED
 * RESOLUTION-INTERRUPTED --comms OK--------------------&gt; POTENTIAL-CONFLICT
 *                        --operator "partner down"-----&gt; PARTNER-DOWN
 * CONFLICT-DONE --secondary NORMAL---------------------&gt; NORMAL
 * </pre>
 *
 * <p>Some edges also have a {@link Gate}: a condition on the state's own data ({@link CurrentState})
 * that must hold before the edge is taken, whatever the partner's state says.
 *
 * <p>"Partner in X" is the partner's last reported state: after a move of our own ({@link OwnMove})
 * the engine applies its rule again, unless {@link #followsPartnersLastState} says that move is
 * the exception (docs/decisions/0006).
 */
public final class TransitionTable {

    private static final Map<ServerState, Set<ServerState>> EDGES = new EnumMap<>(ServerState.class);

    static {
        EDGES.put(STARTUP, EnumSet.complementOf(EnumSet.of(STARTUP)));
        EDGES.put(NORMAL, EnumSet.of(COMMUNICATIONS_INTERRUPTED, PARTNER_DOWN));
        EDGES.put(COMMUNICATIONS_INTERRUPTED, EnumSet.of(NORMAL, POTENTIAL_CONFLICT, PARTNER_DOWN));
        EDGES.put(PARTNER_DOWN, EnumSet.of(NORMAL, POTENTIAL_CONFLICT));
        EDGES.put(RECOVER, EnumSet.of(RECOVER_WAIT, POTENTIAL_CONFLICT));
        EDGES.put(RECOVER_WAIT, EnumSet.of(RECOVER_DONE));
        EDGES.put(RECOVER_DONE, EnumSet.of(NORMAL, COMMUNICATIONS_INTERRUPTED, POTENTIAL_CONFLICT));
        EDGES.put(POTENTIAL_CONFLICT, EnumSet.of(CONFLICT_DONE, NORMAL, RESOLUTION_INTERRUPTED));
        EDGES.put(RESOLUTION_INTERRUPTED, EnumSet.of(POTENTIAL_CONFLICT, PARTNER_DOWN));
        EDGES.put(CONFLICT_DONE, EnumSet.of(NORMAL));
    }

    /** A condition an edge needs besides the rule that chose it. */
    public enum Gate {
        /**
         * RECOVER-DONE -> NORMAL: an UPDREQ sent in RECOVER-DONE with the partner out of
         * PARTNER-DOWN was answered, so its PARTNER-DOWN grants are in (docs/decisions/0007).
         */
        PARTNER_GRANTS_RECEIVED;

        /** Whether the gate lets {@code from} take its edge. */
        public boolean open(CurrentState from) {
            return from instanceof CurrentState.RecoverDone rd && rd.partnerGrantsReceived();
        }
    }

    /** A move the endpoint makes on its own, not on a partner's STATE. */
    public enum OwnMove {
        /** UPDDONE answered our UPDREQ or UPDREQALL (and what it led to). */
        UPDATE_DONE,
        /** RECOVER-WAIT's MCLT passed. */
        RECOVER_WAIT_TIMER,
        /** The operator's "partner down", or the auto-partner-down timer. */
        PARTNER_DOWN_COMMAND
    }

    private TransitionTable() {
    }

    /**
     * Whether, when connected, the rule for the partner's last reported state is applied after
     * {@code move} (docs/decisions/0006): always, except after our PARTNER-DOWN when that state is
     * one that itself moves on seeing our PARTNER-DOWN. Alive, the partner then sends a new STATE
     * that moves us; dead but not yet noticed, its old STATE must not overrule the operator.
     *
     * @param ourRole this server's role
     * @param partnerLast the partner's last reported state, or null if never heard
     */
    public static boolean followsPartnersLastState(OwnMove move, Role ourRole, ServerState partnerLast) {
        if (move != OwnMove.PARTNER_DOWN_COMMAND || partnerLast == null) {
            return true;
        }
        return StateRules.onPartnerState(partnerLast, ourRole.partner(), PARTNER_DOWN) == partnerLast;
    }

    /** The gate on the edge, or null when the edge has none (or is not in the table). */
    public static Gate gate(ServerState from, ServerState to) {
        return from == RECOVER_DONE && to == NORMAL ? Gate.PARTNER_GRANTS_RECEIVED : null;
    }

    /** Whether the edge from {@code from} to {@code to} is in the table and its gate, if any, is open. */
    public static boolean allows(CurrentState from, ServerState to) {
        Gate gate = gate(from.state(), to);
        return allows(from.state(), to) && (gate == null || gate.open(from));
    }

    /**
     * Throws if the edge is not in the table or its gate is closed.
     *
     * @throws IllegalStateException naming both states (and the gate)
     */
    public static void check(CurrentState from, ServerState to) {
        check(from.state(), to);
        Gate gate = gate(from.state(), to);
        if (gate != null && !gate.open(from)) {
            throw new IllegalStateException(from.state().rfcName() + " -> " + to.rfcName() + " needs " + gate);
        }
    }

    /** Whether RFC 8156 allows going from {@code from} to {@code to}. */
    public static boolean allows(ServerState from, ServerState to) {
        return EDGES.get(from).contains(to);
    }

    /** The states reachable from {@code from} in one step. */
    public static Set<ServerState> successors(ServerState from) {
        return Collections.unmodifiableSet(EDGES.get(from));
    }

    /**
     * Throws if the edge is not in the table.
     *
     * @throws IllegalStateException naming both states
     */
    public static void check(ServerState from, ServerState to) {
        if (!allows(from, to)) {
            throw new IllegalStateException("RFC 8156 has no transition " + from.rfcName() + " -> " + to.rfcName());
        }
    }
}
