package org.dhcpv6.failover.examples.server;

import java.util.List;
import java.util.Objects;
import org.dhcpv6.failover.examples.dhcp.DhcpMessage;

/**
 * What {@link DhcpServerCore#handle} decided to send, and which bindings it committed on the way.
 * Hand it back to {@link DhcpServerCore#replySent} after sending, so the backend hears of them.
 *
 * @param message the ADVERTISE, REPLY or RELAY-REPL to send to the packet's source
 * @param changes bindings committed while answering, possibly none
 */
public record ServerReply(DhcpMessage message, List<LeaseChange> changes) {

    /** Checks for null and copies the list. */
    public ServerReply {
        Objects.requireNonNull(message, "message");
        changes = List.copyOf(changes);
    }
}
