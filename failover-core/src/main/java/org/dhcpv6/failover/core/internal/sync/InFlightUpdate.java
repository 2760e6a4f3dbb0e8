package org.dhcpv6.failover.core.internal.sync;

import java.time.Instant;
import org.dhcpv6.failover.api.Binding;
import org.dhcpv6.failover.api.Resource;

/** A lazy BNDUPD in flight; {@code forFull} once it counts for the UPDREQALL being answered. */
final class InFlightUpdate {
    final Resource resource;
    final Binding binding;
    final Instant sentAt;
    boolean forFull;

    InFlightUpdate(Resource resource, Binding binding, Instant sentAt, boolean forFull) {
        this.resource = resource;
        this.binding = binding;
        this.sentAt = sentAt;
        this.forFull = forFull;
    }
}
