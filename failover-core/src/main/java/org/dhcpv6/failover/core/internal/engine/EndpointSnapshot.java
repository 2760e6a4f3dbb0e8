package org.dhcpv6.failover.core.internal.engine;

import java.time.Duration;
import java.time.Instant;
import org.dhcpv6.failover.api.ClientService;
import org.dhcpv6.failover.api.ConnectionFailure;
import org.dhcpv6.failover.api.Role;
import org.dhcpv6.failover.api.ServerState;

/**
 * An immutable view of one endpoint, published by the event loop after every change and read by
 * host threads without locks (a single volatile read).
 *
 * @param relationship the relationship name
 * @param role this server's role
 * @param state the endpoint state
 * @param stateEnteredAt when the state was entered
 * @param clientService how clients may be answered in this state
 * @param communicationsOk whether the partner's STATE was received on the current connection
 * @param partnerState the partner's last reported state, or null if unknown
 * @param skew the partner's clock minus ours, as estimated
 * @param mclt the MCLT in force (the primary's)
 * @param partnerDownSince when PARTNER-DOWN was entered, or null when not in it
 * @param newPrefixesWithheld whether the partner may have delegated our free prefixes in a
 *        PARTNER-DOWN we have not heard about, so no prefix may go to a new client
 * @param awaitingFullUpdate whether our store was lost and the partner's answer to our UPDREQALL
 *        (UPDDONE) has not come yet, in whatever state the transitions led us to
 * @param storeAvailable false while the lease store fails writes: the server then answers no client
 *        ({@code clientService} is UNRESPONSIVE whatever the state) and keeps the partner connection
 *        closed, so the partner serves (docs/decisions/0002-store-outage.md)
 * @param closed whether the server was closed: it then serves no client and {@link #clientService}
 *        says {@link ClientService#UNRESPONSIVE}, whatever {@link #state} was last
 * @param lastConnectionFailure the primary's last failed attempt to reach the partner (refused,
 *        TLS name mismatch, ...) or refused CONNECT, kept after a later success; null if none
 */
public record EndpointSnapshot(
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
        boolean newPrefixesWithheld,
        boolean awaitingFullUpdate,
        boolean storeAvailable,
        boolean closed,
        ConnectionFailure lastConnectionFailure) {

    /** A snapshot of a running (not closed) server whose store works. */
    public EndpointSnapshot(String relationship, Role role, ServerState state, Instant stateEnteredAt,
            ClientService clientService, boolean communicationsOk, ServerState partnerState, Duration skew,
            Duration mclt, Instant partnerDownSince, boolean newPrefixesWithheld, boolean awaitingFullUpdate) {
        this(relationship, role, state, stateEnteredAt, clientService, communicationsOk, partnerState, skew, mclt,
                partnerDownSince, newPrefixesWithheld, awaitingFullUpdate, true, false, null);
    }

    /** A snapshot of a server whose store was not lost and that withholds nothing. */
    public EndpointSnapshot(String relationship, Role role, ServerState state, Instant stateEnteredAt,
            ClientService clientService, boolean communicationsOk, ServerState partnerState, Duration skew,
            Duration mclt, Instant partnerDownSince) {
        this(relationship, role, state, stateEnteredAt, clientService, communicationsOk, partnerState, skew, mclt,
                partnerDownSince, false, false, true, false, null);
    }

    /** This snapshot as a closed server reports it: unresponsive and not connected. */
    public EndpointSnapshot asClosed() {
        return new EndpointSnapshot(relationship, role, state, stateEnteredAt, ClientService.UNRESPONSIVE, false,
                partnerState, skew, mclt, partnerDownSince, newPrefixesWithheld, awaitingFullUpdate, storeAvailable, true,
                lastConnectionFailure);
    }

    /** This snapshot with the last connection failure set (null: none). */
    public EndpointSnapshot withLastConnectionFailure(ConnectionFailure failure) {
        return new EndpointSnapshot(relationship, role, state, stateEnteredAt, clientService, communicationsOk,
                partnerState, skew, mclt, partnerDownSince, newPrefixesWithheld, awaitingFullUpdate, storeAvailable,
                closed, failure);
    }

    /**
     * Whether no resource may go to a new client because our store was lost and the partner has not
     * answered our UPDREQALL yet: we know none of the leases it holds records of, our own half's
     * among them, so any resource we have no record of may be a client's. RFC 8156 §8.5 keeps a
     * store-less server in RECOVER, serving nobody, until UPDDONE, but the transitions can lead out
     * of RECOVER before it (RECOVER to POTENTIAL-CONFLICT on a partner resolving a conflict, then
     * RESOLUTION-INTERRUPTED, which serves). Seed 11763: the secondary renewed the primary's address
     * ::3 for client 127 until 19,936.9 s (true time), on the primary's acknowledgement of a partner
     * lifetime to 19,877.1 s; the primary lost its store (19,298.0 s), came back in RECOVER, went to
     * POTENTIAL-CONFLICT on the secondary's state (19,728.7 s), lost the connection before its
     * UPDREQALL was answered (19,730.3 s) and in RESOLUTION-INTERRUPTED leased ::3 to client 24
     * (19,731.7 s). Not in PARTNER-DOWN: the operator said the partner serves nobody (as for
     * {@link #newPrefixesWithheld}).
     */
    public boolean newLeasesWithheld() {
        return awaitingFullUpdate && state != ServerState.PARTNER_DOWN;
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
