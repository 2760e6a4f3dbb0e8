package org.dhcpv6.failover.api;

import java.time.Instant;
import java.util.Objects;

/**
 * What an endpoint persists about itself between restarts (RFC 8156 §8.2): its state, the state
 * before it, the partner's state as last known, and the times the startup algorithm (§8.3)
 * needs. A {@code null} time or partner state means "none".
 *
 * @param state the current endpoint state
 * @param stateEnteredAt when {@code state} was entered
 * @param previousState the state before {@code state}, or {@code null}
 * @param partnerState the partner's state from its last STATE message, or {@code null} if never heard
 * @param partnerStateEnteredAt the partner's start time of that state (translated), or {@code null}
 * @param lastContactAt when a message from the partner was last received, or {@code null} if never
 * @param lastOperatingAt the last time this server was surely operating (TIME-OF-FAILURE basis)
 * @param partnerDownSince when this server entered PARTNER-DOWN, or {@code null} when not in it
 * @param awaitingFullUpdate whether this server lost its bindings and has not yet received the
 *        partner's whole database (UPDREQALL answered by UPDDONE, RFC 8156 §8.5)
 */
public record EndpointRecord(
        ServerState state,
        Instant stateEnteredAt,
        ServerState previousState,
        ServerState partnerState,
        Instant partnerStateEnteredAt,
        Instant lastContactAt,
        Instant lastOperatingAt,
        Instant partnerDownSince,
        boolean awaitingFullUpdate) {

    /** Checks that the state and its entry time are present. */
    public EndpointRecord {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(stateEnteredAt, "stateEnteredAt");
        Objects.requireNonNull(lastOperatingAt, "lastOperatingAt");
    }

    /** Whether this server ever talked to its partner (RFC 8156 §8.3.2, UPDREQALL decision). */
    public boolean everCommunicated() {
        return lastContactAt != null;
    }
}
