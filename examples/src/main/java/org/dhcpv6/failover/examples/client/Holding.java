package org.dhcpv6.failover.examples.client;

import java.time.Instant;
import java.util.Objects;
import org.dhcpv6.failover.api.Duid;
import org.dhcpv6.failover.api.Resource;

/**
 * One lease a simulated client holds.
 *
 * @param resource the address (IA_NA) or prefix (IA_PD)
 * @param server the DUID of the server that last granted or extended it
 * @param validUntil when the valid lifetime ends, in the driver's clock and time scale
 */
public record Holding(Resource resource, Duid server, Instant validUntil) {

    /** Checks for nulls. */
    public Holding {
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(validUntil, "validUntil");
    }
}
