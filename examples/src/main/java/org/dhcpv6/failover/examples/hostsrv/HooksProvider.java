package org.dhcpv6.failover.examples.hostsrv;

import org.dhcpv6.failover.api.LeaseHooks;
import org.dhcpv6.failover.core.runtime.FailoverServer;

/**
 * Where the example server gets the {@link LeaseHooks} of its relationship from. It is a seam so
 * the server depends only on the hooks interface: once {@code FailoverServer} exposes
 * {@code hooks(String relationship)}, the method reference {@code FailoverServer::hooks} is a
 * provider.
 */
@FunctionalInterface
public interface HooksProvider {

    /** The provider of a build whose {@link FailoverServer} has no hooks to give. */
    HooksProvider UNAVAILABLE = (server, relationship) -> null;

    /**
     * The hooks of one relationship of a built (not yet started) failover server.
     *
     * @return the hooks, or {@code null} when this build cannot provide them
     */
    LeaseHooks hooks(FailoverServer server, String relationship);
}
