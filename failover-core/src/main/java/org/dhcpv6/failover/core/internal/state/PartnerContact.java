package org.dhcpv6.failover.core.internal.state;

import java.time.Instant;
import org.dhcpv6.failover.api.ServerState;

/**
 * What an endpoint knows of its partner, outliving any state of its own: whether a connection is
 * up with communications OK, when the partner was last heard, and its last STATE (RFC 8156
 * §5.5.16, §6.4). Immutable: the endpoint replaces it as a whole.
 *
 * @param connected communications are OK (the first STATE on a connection arrived, none lost since)
 * @param lastHeardAt when the partner's last STATE arrived (persisted), or null if never
 * @param state the partner's last reported state, or null if never heard
 * @param stateEnteredAt when the partner says it entered {@code state}
 * @param downTime the partner's PARTNER-DOWN entry time while it reports PARTNER-DOWN, else null
 * @param inStartup the partner's last STATE carried the STARTUP flag
 * @param hadHistory the partner said it had ever communicated with us (RFC 8156 §8.7)
 */
public record PartnerContact(boolean connected, Instant lastHeardAt, ServerState state, Instant stateEnteredAt,
        Instant downTime, boolean inStartup, boolean hadHistory) {

    /** Before any connection: what the endpoint record saved of the partner, or nothing. */
    public static PartnerContact restored(Instant lastHeardAt, ServerState state, Instant stateEnteredAt) {
        return new PartnerContact(false, lastHeardAt, state, stateEnteredAt, null, false, true);
    }

    /** The partner's STATE arrived at {@code at}. */
    public PartnerContact stateHeard(ServerState reported, boolean startup, Instant startOfState, Instant partnerDown,
            Instant at) {
        return new PartnerContact(connected, at, reported, startOfState,
                reported == ServerState.PARTNER_DOWN ? partnerDown : null, startup, hadHistory);
    }

    /** Communications are OK: the first STATE on a connection arrived, saying whether it ever talked to us. */
    public PartnerContact connectedNow(boolean communicated) {
        return new PartnerContact(true, lastHeardAt, state, stateEnteredAt, downTime, inStartup, communicated);
    }

    /** Communications were lost; what we heard stays. */
    public PartnerContact lost() {
        return new PartnerContact(false, lastHeardAt, state, stateEnteredAt, downTime, inStartup, hadHistory);
    }

    /** Whether we ever talked to the partner (the STATE message's COMMUNICATED flag). */
    public boolean everHeard() {
        return lastHeardAt != null;
    }
}
