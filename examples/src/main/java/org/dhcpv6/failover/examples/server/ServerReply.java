package org.dhcpv6.failover.examples.server;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import org.dhcpv6.failover.examples.dhcp.DhcpMessage;

/**
 * What {@link DhcpServerCore#handle} decided to send, and which bindings it committed on the way.
 * Hand it back to {@link DhcpServerCore#replySent} after sending, so the backend hears of them.
 *
 * @param message the ADVERTISE, REPLY or RELAY-REPL to send to the packet's source
 * @param changes bindings committed while answering, possibly none
 * @param durable {@code true} once those bindings are durable, {@code false} if one could not be
 *     made durable: send the message only after it completed with {@code true}
 */
public record ServerReply(DhcpMessage message, List<LeaseChange> changes, CompletionStage<Boolean> durable) {

    /** Checks for null and copies the list. */
    public ServerReply {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(durable, "durable");
        changes = List.copyOf(changes);
    }

    /** A reply whose bindings (if any) are already durable. */
    public ServerReply(DhcpMessage message, List<LeaseChange> changes) {
        this(message, changes, QueuedCommits.NONE);
    }

    /** The same reply, sent once {@code stage} completes with {@code true}. */
    ServerReply awaiting(CompletionStage<Boolean> stage) {
        return new ServerReply(message, changes, stage);
    }
}
