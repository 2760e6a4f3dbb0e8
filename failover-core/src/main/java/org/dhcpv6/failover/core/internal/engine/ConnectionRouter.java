package org.dhcpv6.failover.core.internal.engine;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.dhcpv6.failover.api.Role;
import org.dhcpv6.failover.core.internal.wire.Connect;

/**
 * Maps a connection accepted by a secondary to its endpoint, solely by the partner's IP address,
 * the relationship name in CONNECT and the receiving role (RFC 8156 §6.2). Connections from
 * addresses that are no partner of ours are dropped before they send anything.
 */
public final class ConnectionRouter {

    private final List<FailoverEndpoint> secondaries = new ArrayList<>();

    /** Adds an endpoint; only secondaries accept connections. */
    public void add(FailoverEndpoint endpoint) {
        if (endpoint.config().role() == Role.SECONDARY) {
            secondaries.add(endpoint);
        }
    }

    /** Whether some secondary endpoint has this address as its partner. */
    public boolean knowsPartner(InetAddress remote) {
        return secondaries.stream().anyMatch(e -> partnerIs(e, remote));
    }

    /**
     * The endpoint a CONNECT belongs to: the secondary whose partner has this address and whose
     * relationship name matches; without a name, the only relationship with that partner.
     */
    public Optional<FailoverEndpoint> route(InetAddress remote, Connect connect) {
        List<FailoverEndpoint> candidates = secondaries.stream().filter(e -> partnerIs(e, remote)).toList();
        Optional<String> name = connect.relationshipName();
        if (name.isPresent()) {
            return candidates.stream().filter(e -> e.config().name().equals(name.get())).findFirst();
        }
        return candidates.size() == 1 ? Optional.of(candidates.get(0)) : Optional.empty();
    }

    private static boolean partnerIs(FailoverEndpoint e, InetAddress remote) {
        InetAddress partner = e.config().partnerAddress().getAddress();
        return partner != null && partner.equals(remote);
    }
}
