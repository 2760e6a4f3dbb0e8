package org.dhcpv6.failover.core.internal.state;

import java.time.Instant;
import java.util.Objects;
import org.dhcpv6.failover.api.ServerState;

/**
 * The server state an endpoint is in, with the data only that state has. Immutable: the endpoint
 * replaces it on every transition (through {@link TransitionTable#check}) and on every change of
 * the state's own data.
 */
public sealed interface CurrentState permits CurrentState.Plain, CurrentState.PartnerDown, CurrentState.RecoverWait,
        CurrentState.RecoverDone {

    /** The RFC 8156 state. */
    ServerState state();

    /** When it was entered. */
    Instant enteredAt();

    /**
     * The value for entering {@code state} at {@code at}, with its data at its starting values.
     *
     * @param waitsFrom what RECOVER-WAIT counts its MCLT from (the time of failure, or the start
     *        when there was none); not read for other states
     */
    static CurrentState enter(ServerState state, Instant at, Instant waitsFrom) {
        return switch (state) {
            case PARTNER_DOWN -> new PartnerDown(at);
            case RECOVER_WAIT -> new RecoverWait(at, waitsFrom);
            case RECOVER_DONE -> new RecoverDone(at, false, false);
            default -> new Plain(state, at);
        };
    }

    /** As {@link #enter(ServerState, Instant, Instant)} for any state but RECOVER-WAIT. */
    static CurrentState enter(ServerState state, Instant at) {
        if (state == ServerState.RECOVER_WAIT) {
            throw new IllegalArgumentException("RECOVER-WAIT needs the time it waits from");
        }
        return enter(state, at, null);
    }

    /** When PARTNER-DOWN was entered (dated anew on every entry, docs/decisions/0005), or null. */
    default Instant partnerDownSince() {
        return null;
    }

    /** A state with no data of its own. */
    record Plain(ServerState state, Instant enteredAt) implements CurrentState {
        public Plain {
            Objects.requireNonNull(state, "state");
            if (state == ServerState.PARTNER_DOWN || state == ServerState.RECOVER_WAIT
                    || state == ServerState.RECOVER_DONE) {
                throw new IllegalArgumentException(state.rfcName() + " has data of its own");
            }
        }
    }

    /** PARTNER-DOWN, whose entry time starts the MCLT waits of RFC 8156 §4.2.2 and §8.4.1. */
    record PartnerDown(Instant enteredAt) implements CurrentState {
        @Override
        public ServerState state() {
            return ServerState.PARTNER_DOWN;
        }

        @Override
        public Instant partnerDownSince() {
            return enteredAt;
        }
    }

    /**
     * RECOVER-WAIT, which waits until MCLT after {@code waitsFrom} (RFC 8156 §8.6: the time of
     * failure, or the start of this run when the store had none) before RECOVER-DONE.
     */
    record RecoverWait(Instant enteredAt, Instant waitsFrom) implements CurrentState {
        public RecoverWait {
            Objects.requireNonNull(waitsFrom, "waitsFrom");
        }

        @Override
        public ServerState state() {
            return ServerState.RECOVER_WAIT;
        }

        /** When the wait ends under {@code mclt} (the secondary may adopt the primary's while waiting). */
        public Instant waitEnd(java.time.Duration mclt) {
            return waitsFrom.plus(mclt);
        }
    }

    /**
     * RECOVER-DONE, with its UPDREQ for the partner's PARTNER-DOWN grants (docs/decisions/0007).
     *
     * @param askedForPartnerGrants the outstanding update request was sent here with the partner
     *        out of PARTNER-DOWN
     * @param partnerGrantsReceived such a request was answered by UPDDONE: the gate to NORMAL is open
     */
    record RecoverDone(Instant enteredAt, boolean askedForPartnerGrants, boolean partnerGrantsReceived)
            implements CurrentState {
        @Override
        public ServerState state() {
            return ServerState.RECOVER_DONE;
        }

        /** An update request went out (asking for the grants when {@code forGrants}). */
        public RecoverDone asked(boolean forGrants) {
            return new RecoverDone(enteredAt, forGrants, partnerGrantsReceived);
        }

        /** UPDDONE came: the grants are in if the request asked for them. */
        public RecoverDone answered() {
            return askedForPartnerGrants ? new RecoverDone(enteredAt, false, true) : this;
        }

        /** The partner was seen in PARTNER-DOWN, or the connection was lost: ask again. */
        public RecoverDone voided() {
            return new RecoverDone(enteredAt, false, false);
        }
    }
}
