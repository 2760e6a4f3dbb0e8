package org.dhcpv6.failover.core.internal.engine;

import org.dhcpv6.failover.api.Role;
import org.dhcpv6.failover.core.internal.metrics.EndpointCounters;
import org.dhcpv6.failover.core.internal.sync.PartnerSync;
import org.dhcpv6.failover.core.internal.sync.PoolBalancer;
import org.dhcpv6.failover.core.internal.wire.FailoverMessage;
import org.dhcpv6.failover.core.internal.wire.MessageType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The endpoint's one partner connection (RFC 8156 §6): sending on it, replacing it, closing it,
 * and what a lost connection means for the update queue, pool balancing, reconnecting and the
 * server state.
 */
final class PartnerLink {

    private static final Logger LOG = LoggerFactory.getLogger(FailoverEndpoint.class);

    private final String name;
    private final Role role;
    private final HeldOutbox outbox;
    private final EndpointCounters counters;
    private final EndpointStates states;
    private final PartnerSync sync;
    private final PoolBalancer balancer;
    private final ConnectRetry retry;
    private PartnerSession session;

    PartnerLink(String name, Role role, HeldOutbox outbox, EndpointCounters counters, EndpointStates states,
            PartnerSync sync, PoolBalancer balancerOrNull, ConnectRetry retry) {
        this.name = name;
        this.role = role;
        this.outbox = outbox;
        this.counters = counters;
        this.states = states;
        this.sync = sync;
        this.balancer = balancerOrNull;
        this.retry = retry;
    }

    /** The current connection, or null. */
    PartnerSession session() {
        return session;
    }

    /** Whether {@code connectionId} is the current connection. */
    boolean isCurrent(long connectionId) {
        return session != null && session.connectionId == connectionId;
    }

    /** Makes {@code fresh} the connection, closing the one it replaces. */
    void replace(PartnerSession fresh, Now now, String reason) {
        if (session != null) {
            counters.connectionLost("replaced");
            outbox.close(session.connectionId, reason);
            if (session.established()) {
                states.communicationsLost(reason, now);
            }
        }
        session = fresh;
    }

    void send(PartnerSession s, FailoverMessage message, Now now) {
        // FO_SEND_TIMER restarts on every transmitted message (RFC 8156 §6.5).
        s.lastSentNanos = now.nanos();
        counters.sent(message);
        outbox.send(s.connectionId, message);
    }

    /** Sends a message already encoded, as {@link #send} sends the message it decodes to. */
    void sendEncoded(PartnerSession s, MessageType type, byte[] body, Now now) {
        s.lastSentNanos = now.nanos();
        counters.sent(type);
        outbox.sendEncoded(s.connectionId, type, body);
    }

    /** Closes on the session protocol's word (a protocol violation or a refused reply). */
    void close(String reason, Now now) {
        close("protocol", reason, now);
    }

    /** Closes the current connection; {@code key} names the reason for the loss counters. */
    void close(String key, String reason, Now now) {
        if (session == null) {
            return;
        }
        counters.connectionLost(key);
        LOG.info("{}: closing connection to partner: {}", name, reason);
        outbox.close(session.connectionId, reason);
        session = null;
        lost(reason, now);
    }

    /** The transport closed {@code connectionId}. */
    void closed(long connectionId, String reason, Now now) {
        if (isCurrent(connectionId)) {
            counters.connectionLost("transport_closed");
            session = null;
            lost(reason, now);
        }
    }

    /** Closes the connection on shutdown: the state stays, nothing counts as lost. */
    void closeForShutdown() {
        outbox.close(session.connectionId, "shutting down");
        session = null;
    }

    private void lost(String reason, Now now) {
        sync.onConnectionLost(now.wall());
        if (balancer != null) {
            balancer.onConnectionLost();
        }
        if (role == Role.PRIMARY) {
            retry.later(now);
        }
        states.communicationsLost(reason, now);
    }
}
