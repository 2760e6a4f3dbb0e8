package org.dhcpv6.failover.core.internal.engine;

import java.time.Duration;
import java.time.Instant;
import org.dhcpv6.failover.api.RelationshipConfig;
import org.dhcpv6.failover.api.Role;
import org.dhcpv6.failover.api.ServerState;
import org.dhcpv6.failover.core.internal.binding.ExpiryQueue;
import org.dhcpv6.failover.core.internal.engine.PartnerSession.Phase;

/**
 * When the endpoint next needs a poll: the startup deadline, keepalive and CONTACT, the primary's
 * next connect, the store probe, the wall-clock state timers and the next expiry look, never
 * later than {@code cap} (the heartbeat).
 */
final class Deadlines {

    private final RelationshipConfig config;
    private final EndpointStates states;
    private final PartnerLink link;
    private final ConnectRetry retry;
    private final StoreGuard guard;
    private final ExpiryQueue expiries;
    private final Duration cap;

    Deadlines(RelationshipConfig config, EndpointStates states, PartnerLink link, ConnectRetry retry, StoreGuard guard,
            ExpiryQueue expiries, Duration cap) {
        this.config = config;
        this.states = states;
        this.link = link;
        this.retry = retry;
        this.guard = guard;
        this.expiries = expiries;
        this.cap = cap;
    }

    Duration untilNext(long startupDeadlineNanos, Now now) {
        long next = Long.MAX_VALUE;
        if (states.state() == ServerState.STARTUP) {
            next = Math.min(next, startupDeadlineNanos);
        }
        PartnerSession session = link.session();
        if (session != null) {
            next = Math.min(next, session.deadAfterNanos(config.keepalive().toNanos()));
            if (session.phase != Phase.AWAIT_CONNECT_REPLY) {
                next = Math.min(next, session.contactDueNanos());
            }
        } else if (config.role() == Role.PRIMARY && !retry.connecting() && !guard.down()) {
            next = Math.min(next, retry.nextNanos());
        }
        if (guard.down()) {
            next = Math.min(next, guard.nextProbeNanos());
        }
        Duration mono = next == Long.MAX_VALUE ? cap : Duration.ofNanos(Math.max(0, next - now.nanos()));
        Duration wall = states.untilWallDeadline(now);
        Instant due = expiries.next();
        if (due != null) {
            Duration untilDue = Duration.between(now.wall(), due);
            untilDue = untilDue.isNegative() ? Duration.ZERO : untilDue;
            wall = untilDue.compareTo(wall) < 0 ? untilDue : wall;
        }
        Duration soonest = mono.compareTo(wall) < 0 ? mono : wall;
        return soonest.compareTo(cap) < 0 ? soonest : cap;
    }
}
