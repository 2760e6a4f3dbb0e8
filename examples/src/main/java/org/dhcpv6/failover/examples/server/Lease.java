package org.dhcpv6.failover.examples.server;

import java.time.Instant;
import java.util.Objects;
import org.dhcpv6.failover.api.ClientIdentity;
import org.dhcpv6.failover.api.Resource;

/**
 * A binding the backend holds for one IA (RFC 8415 §4.2 "binding"): one resource per IA in
 * this server.
 *
 * @param client the IA it belongs to
 * @param resource an address for IA_NA, a prefix for IA_PD
 * @param lifetimes the lifetimes last granted
 * @param validUntil when the valid lifetime ends (wall clock)
 */
public record Lease(ClientIdentity client, Resource resource, Lifetimes lifetimes, Instant validUntil) {

    /** Checks for nulls and that the resource kind fits the IA type. */
    public Lease {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(lifetimes, "lifetimes");
        Objects.requireNonNull(validUntil, "validUntil");
        if (!client.iaType().holds(resource.kind())) {
            throw new IllegalArgumentException("a " + client.iaType() + " IA cannot hold " + resource);
        }
    }
}
