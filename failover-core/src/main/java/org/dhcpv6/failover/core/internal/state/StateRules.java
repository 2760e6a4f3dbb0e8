package org.dhcpv6.failover.core.internal.state;

import java.time.Instant;
import org.dhcpv6.failover.api.ClientService;
import org.dhcpv6.failover.api.Role;
import org.dhcpv6.failover.api.ServerState;

/**
 * The RFC 8156 §8 state rules as pure functions: which state follows a partner's STATE, a loss of
 * communications or an operator command, and how a state may serve clients. The engine calls
 * these and then moves through {@link TransitionTable}.
 */
public final class StateRules {

    private StateRules() {
    }

    /**
     * The state to go to when the partner reports {@code partner} while communications are OK
     * (RFC 8156 §8.3-§8.10). Returns {@code current} when the rule is to stay.
     *
     * <p>NORMAL answers an unexpected partner state by going to COMMUNICATIONS-INTERRUPTED and
     * applying that state's rule (§8.5.1): this returns the first step, and the engine applies
     * the rule again from the new state until it stays.
     */
    public static ServerState onPartnerState(ServerState current, Role role, ServerState partner) {
        return switch (current) {
            case STARTUP -> current;
            case NORMAL -> switch (partner) {
                case NORMAL, COMMUNICATIONS_INTERRUPTED, RECOVER_DONE, CONFLICT_DONE -> current;
                default -> ServerState.COMMUNICATIONS_INTERRUPTED;
            };
            case COMMUNICATIONS_INTERRUPTED -> switch (partner) {
                case NORMAL, COMMUNICATIONS_INTERRUPTED, RECOVER_DONE -> ServerState.NORMAL;
                case PARTNER_DOWN, POTENTIAL_CONFLICT, CONFLICT_DONE, RESOLUTION_INTERRUPTED ->
                        ServerState.POTENTIAL_CONFLICT;
                default -> current;
            };
            case PARTNER_DOWN -> switch (partner) {
                case RECOVER_DONE -> ServerState.NORMAL;
                case RECOVER, RECOVER_WAIT, STARTUP -> current;
                default -> ServerState.POTENTIAL_CONFLICT;
            };
            case RECOVER -> switch (partner) {
                case POTENTIAL_CONFLICT, RESOLUTION_INTERRUPTED, CONFLICT_DONE -> ServerState.POTENTIAL_CONFLICT;
                default -> current;
            };
            case RECOVER_DONE -> switch (partner) {
                case NORMAL, RECOVER_DONE -> ServerState.NORMAL;
                case RECOVER, RECOVER_WAIT -> ServerState.COMMUNICATIONS_INTERRUPTED;
                case POTENTIAL_CONFLICT -> ServerState.POTENTIAL_CONFLICT;
                default -> current;
            };
            case RESOLUTION_INTERRUPTED -> ServerState.POTENTIAL_CONFLICT;
            case CONFLICT_DONE -> partner == ServerState.NORMAL ? ServerState.NORMAL : current;
            case RECOVER_WAIT, POTENTIAL_CONFLICT -> current;
        };
    }

    /** The state to go to when communications are lost (RFC 8156 §8.5-§8.10). */
    public static ServerState onCommunicationsLost(ServerState current) {
        return switch (current) {
            case NORMAL -> ServerState.COMMUNICATIONS_INTERRUPTED;
            case POTENTIAL_CONFLICT -> ServerState.RESOLUTION_INTERRUPTED;
            default -> current;
        };
    }

    /**
     * The state after the operator says the partner is down, or the auto-partner-down timer fires
     * ({@code automatic}); {@code current} when the command does not apply in this state.
     */
    public static ServerState onPartnerDownCommand(ServerState current, boolean automatic) {
        return switch (current) {
            case COMMUNICATIONS_INTERRUPTED -> ServerState.PARTNER_DOWN;
            // RFC 8156 mentions only the operator for these two; the timer runs in COMMUNICATIONS-INTERRUPTED.
            case NORMAL, RESOLUTION_INTERRUPTED -> automatic ? current : ServerState.PARTNER_DOWN;
            default -> current;
        };
    }

    /** The state after UPDDONE answered our UPDREQ/UPDREQALL (RFC 8156 §8.6, §8.10). */
    public static ServerState onUpdateDone(ServerState current, Role role) {
        return switch (current) {
            case RECOVER -> ServerState.RECOVER_WAIT;
            case POTENTIAL_CONFLICT -> role == Role.PRIMARY ? ServerState.CONFLICT_DONE : ServerState.NORMAL;
            default -> current;
        };
    }

    /**
     * RFC 8156 §8.3 step 2: a state that needs communications is replaced, for startup, by what it
     * becomes when communications fail.
     */
    public static ServerState commsFailedSuccessor(ServerState previous) {
        return onCommunicationsLost(previous);
    }

    /**
     * RFC 8156 §8.3 step 5: the state to take when communications come up during STARTUP.
     *
     * @param previous our previous state (already replaced by its comms-failed successor)
     * @param partner the partner's state from its STATE message
     * @param partnerDownStart when the partner entered PARTNER-DOWN (our clock), if it is in it
     * @param lastOperating the last time we were surely operating
     */
    public static ServerState startupState(ServerState previous, ServerState partner, Instant partnerDownStart,
            Instant lastOperating) {
        if (partner == ServerState.PARTNER_DOWN && previous == ServerState.RECOVER_WAIT) {
            // RECOVER-WAIT served nobody: ask again from RECOVER for what the partner leased since
            // the crash, not POTENTIAL-CONFLICT (docs/decisions/0009).
            return ServerState.RECOVER;
        }
        if (partner == ServerState.PARTNER_DOWN && previous != ServerState.RECOVER) {
            if (partnerDownStart == null || partnerDownStart.isAfter(lastOperating)) {
                // The partner took over after we stopped: what it leased we never saw.
                return ServerState.RECOVER;
            }
            return ServerState.POTENTIAL_CONFLICT;
        }
        return previous;
    }

    /**
     * Whether, with communications OK, an update request is due: RECOVER asks unless the partner
     * is resolving a conflict (§8.5), POTENTIAL-CONFLICT asks as primary or after the primary's
     * CONFLICT-DONE (§8.9), and a server whose store was lost asks in any other state until its
     * UPDREQALL is answered (docs/decisions/0008).
     */
    public static boolean wantsUpdateRequest(ServerState current, Role role, ServerState partner, boolean storageLost) {
        return switch (current) {
            case RECOVER -> partner != ServerState.POTENTIAL_CONFLICT && partner != ServerState.RESOLUTION_INTERRUPTED
                    && partner != ServerState.CONFLICT_DONE;
            case POTENTIAL_CONFLICT -> role == Role.PRIMARY || partner == ServerState.CONFLICT_DONE;
            default -> storageLost;
        };
    }

    /**
     * Whether a partner reporting this state may hold PARTNER-DOWN grants of ours we have not
     * received: in PARTNER-DOWN, or out of it for a conflict resolution that has not sent them yet.
     * Hearing it ends no withholding (docs/decisions/0004).
     */
    public static boolean mayHoldUnsentPartnerDownGrants(ServerState partner) {
        return partner == ServerState.PARTNER_DOWN || partner == ServerState.POTENTIAL_CONFLICT
                || partner == ServerState.RESOLUTION_INTERRUPTED || partner == ServerState.CONFLICT_DONE;
    }

    /** How a server in this state and role may answer clients (RFC 8156 §8, digest §5.5). */
    public static ClientService clientService(ServerState state, Role role) {
        return switch (state) {
            case NORMAL -> role == Role.PRIMARY ? ClientService.RESPONSIVE : ClientService.RENEW_RESPONSIVE;
            case COMMUNICATIONS_INTERRUPTED, PARTNER_DOWN, RESOLUTION_INTERRUPTED, CONFLICT_DONE ->
                    ClientService.RESPONSIVE;
            case RECOVER_DONE -> ClientService.RENEW_RESPONSIVE;
            case STARTUP, POTENTIAL_CONFLICT, RECOVER, RECOVER_WAIT -> ClientService.UNRESPONSIVE;
        };
    }
}
