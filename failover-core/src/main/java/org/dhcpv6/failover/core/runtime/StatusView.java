package org.dhcpv6.failover.core.runtime;

import org.dhcpv6.failover.api.EndpointStatus;
import org.dhcpv6.failover.core.internal.engine.EndpointSnapshot;

/**
 * Turns the engine's snapshot into the host's {@link EndpointStatus}, so that a host imports no
 * engine type and the engine may change its snapshot without changing the API.
 */
final class StatusView {

    private StatusView() {
    }

    static EndpointStatus of(EndpointSnapshot s) {
        return new EndpointStatus(s.relationship(), s.role(), s.state(), s.stateEnteredAt(), s.clientService(),
                s.communicationsOk(), s.partnerState(), s.skew(), s.mclt(), s.partnerDownSince(), s.newLeasesWithheld(),
                s.newPrefixesWithheld(), s.storeAvailable(), s.closed(), s.lastConnectionFailure());
    }
}
