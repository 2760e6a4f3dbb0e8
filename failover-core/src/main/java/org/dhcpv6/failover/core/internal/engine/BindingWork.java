package org.dhcpv6.failover.core.internal.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;
import java.util.function.Supplier;
import org.dhcpv6.failover.api.RelationshipConfig;
import org.dhcpv6.failover.api.Resource;
import org.dhcpv6.failover.api.ServerState;
import org.dhcpv6.failover.core.internal.binding.EndpointHooks;
import org.dhcpv6.failover.core.internal.state.EndpointSnapshot;
import org.dhcpv6.failover.core.internal.sync.ExpiryProcessor;
import org.dhcpv6.failover.core.internal.sync.PartnerSync;
import org.dhcpv6.failover.core.internal.sync.PoolBalancer;
import org.dhcpv6.failover.core.internal.time.WireTime;
import org.dhcpv6.failover.core.internal.wire.PoolReq;

/**
 * The binding work of each poll: host changes into the update queue, lease expiry, the periodic
 * rescan of pending updates, the BNDUPD acknowledgement deadline, pool balancing in NORMAL and
 * sending queued BNDUPDs.
 */
final class BindingWork {

    private static final Duration RESCAN = Duration.ofSeconds(30);
    private static final Duration POOL_REQUEST_INTERVAL = Duration.ofMinutes(5);

    private final RelationshipConfig config;
    private final EndpointHooks hooks;
    private final PartnerSync sync;
    private final ExpiryProcessor expiry;
    private final PoolBalancer balancer;
    private final Supplier<PartnerSession> session;
    private final Function<Now, PartnerSync.Channel> channels;
    private final SessionProtocol.Sender sender;
    private final SessionProtocol.Closer ackTimeout;
    private final Supplier<XidAllocator> xids;
    private Instant lastPendingScan;
    private Instant lastPoolRequest;

    /**
     * @param balancerOrNull the primary's pool balancer (null on the secondary or without prefix pools)
     * @param ackTimeout closes the connection when the partner leaves BNDUPDs unacknowledged too long
     */
    BindingWork(RelationshipConfig config, EndpointHooks hooks, PartnerSync sync, ExpiryProcessor expiry,
            PoolBalancer balancerOrNull, Supplier<PartnerSession> session, Function<Now, PartnerSync.Channel> channels,
            SessionProtocol.Sender sender, SessionProtocol.Closer ackTimeout, Supplier<XidAllocator> xids,
            Instant now) {
        this.config = config;
        this.hooks = hooks;
        this.sync = sync;
        this.expiry = expiry;
        this.balancer = balancerOrNull;
        this.session = session;
        this.channels = channels;
        this.sender = sender;
        this.ackTimeout = ackTimeout;
        this.xids = xids;
        this.lastPendingScan = now;
    }

    void run(EndpointSnapshot s, Now now) {
        for (Resource r = hooks.pollChanged(); r != null; r = hooks.pollChanged()) {
            sync.changed(r);
        }
        expiry.run(now.wall(), s.reuseByTimeSince(), s.mclt());
        if (Duration.between(lastPendingScan, now.wall()).compareTo(RESCAN) >= 0) {
            lastPendingScan = now.wall();
            sync.queueAllPending();
        }
        Duration unanswered = sync.waitingForAcks(now.wall());
        // plus, not multipliedBy(2): the same value without BigDecimal arithmetic on every poll.
        if (session.get() != null && unanswered.compareTo(config.keepalive().plus(config.keepalive())) > 0) {
            ackTimeout.close("partner has not acknowledged BNDUPDs for " + unanswered.toSeconds() + " s", now);
            return;
        }
        if (session.get() != null && session.get().established()) {
            if (s.state() == ServerState.NORMAL) {
                balancePools(now, s);
            }
            sync.pump(channels.apply(now), now.wall());
        }
    }

    /**
     * Proportional allocation runs only in NORMAL (RFC 8156 §4.2.2): the secondary asks with
     * POOLREQ on entering NORMAL and every few minutes; the primary also checks on its own when
     * free counts move by more than the threshold.
     */
    private void balancePools(Now now, EndpointSnapshot s) {
        if (config.prefixPools().isEmpty()) {
            return;
        }
        if (balancer != null) {
            balancer.balance(channels.apply(now), now.wall(), false);
            return;
        }
        boolean due = lastPoolRequest == null || lastPoolRequest.isBefore(s.stateEnteredAt())
                || !now.wall().isBefore(lastPoolRequest.plus(POOL_REQUEST_INTERVAL));
        if (due) {
            lastPoolRequest = now.wall();
            sender.send(session.get(), PoolReq.of(xids.get().next(), WireTime.toWire(now.wall())), now);
        }
    }
}
