package org.dhcpv6.failover.api;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What one relationship's endpoint looks like at a moment, for a host's monitoring, status pages
 * and decisions: immutable, taken without locks, safe to keep and pass between threads.
 *
 * @param relationship the relationship name
 * @param role this server's role in it
 * @param state the endpoint's failover state (after close, the last one it was in)
 * @param stateEnteredAt when that state was entered (wall clock)
 * @param clientService how clients may be answered now ({@link ClientService#UNRESPONSIVE} while
 *        closed or while the store fails, whatever the state)
 * @param communicationsOk whether the partner's STATE was received on the current connection
 * @param partnerState the partner's last reported state, or null if unknown
 * @param skew the partner's clock minus ours, as estimated (zero before any estimate)
 * @param mclt the Maximum Client Lead Time in force (the primary's)
 * @param partnerDownSince when PARTNER-DOWN was entered, or null when not in it
 * @param newLeasesWithheld true while no resource may go to a new client: the store was lost and
 *        the partner has not yet sent every binding it holds (renewals of known leases go on)
 * @param newPrefixesWithheld true while no delegated prefix may go to a new client: the partner may
 *        have delegated our free prefixes in a PARTNER-DOWN we have not heard about yet
 * @param storeAvailable false while the lease store fails writes; the server then answers no client
 *        and keeps its partner away, so the partner serves
 * @param closed whether the server was closed; it then serves nobody
 * @param lastConnectionFailure the last failed attempt to reach the partner (refused, TLS name
 *        mismatch, ...) or refused CONNECT, kept after a later success; null if none
 */
public record EndpointStatus(
        String relationship,
        Role role,
        ServerState state,
        Instant stateEnteredAt,
        ClientService clientService,
        boolean communicationsOk,
        ServerState partnerState,
        Duration skew,
        Duration mclt,
        Instant partnerDownSince,
        boolean newLeasesWithheld,
        boolean newPrefixesWithheld,
        boolean storeAvailable,
        boolean closed,
        ConnectionFailure lastConnectionFailure) {

    /** Checks that the fields that always have a value have one. */
    public EndpointStatus {
        Objects.requireNonNull(relationship, "relationship");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(stateEnteredAt, "stateEnteredAt");
        Objects.requireNonNull(clientService, "clientService");
        Objects.requireNonNull(skew, "skew");
        Objects.requireNonNull(mclt, "mclt");
    }

    /** One line for logs and status output. */
    public String describe() {
        return relationship + " " + role + (closed ? " CLOSED (last " + state.rfcName() + ")" : " " + state.rfcName())
                + " since " + stateEnteredAt
                + ", partner " + (partnerState == null ? "unknown" : partnerState.rfcName())
                + (communicationsOk ? " (connected)" : " (not connected)")
                + ", skew " + skew.toMillis() + " ms"
                + (storeAvailable ? "" : ", STORE UNAVAILABLE (not serving)")
                + (lastConnectionFailure == null ? "" : ", last connection failure: " + lastConnectionFailure.describe());
    }
}
