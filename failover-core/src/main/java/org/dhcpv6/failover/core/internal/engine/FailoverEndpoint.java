package org.dhcpv6.failover.core.internal.engine;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.dhcpv6.failover.api.ClockSource;
import org.dhcpv6.failover.api.ConnectionFailure;
import org.dhcpv6.failover.api.EndpointQueues;
import org.dhcpv6.failover.api.EndpointRecord;
import org.dhcpv6.failover.api.FailoverListener;
import org.dhcpv6.failover.api.LeaseStore;
import org.dhcpv6.failover.api.LeaseStoreException;
import org.dhcpv6.failover.api.RelationshipConfig;
import org.dhcpv6.failover.api.RelationshipMetrics;
import org.dhcpv6.failover.api.Role;
import org.dhcpv6.failover.api.ServerState;
import org.dhcpv6.failover.core.internal.binding.BindingTable;
import org.dhcpv6.failover.core.internal.binding.PoolTally;
import org.dhcpv6.failover.core.internal.binding.EndpointHooks;
import org.dhcpv6.failover.core.internal.binding.ExpiryQueue;
import org.dhcpv6.failover.core.internal.engine.PartnerSession.Phase;
import org.dhcpv6.failover.core.internal.sync.BindingReceiver;
import org.dhcpv6.failover.core.internal.sync.ExpiryProcessor;
import org.dhcpv6.failover.core.internal.sync.PartnerSync;
import org.dhcpv6.failover.core.internal.sync.PoolBalancer;
import org.dhcpv6.failover.core.internal.alloc.ProportionalPool;
import org.dhcpv6.failover.core.internal.time.WireTime;
import org.dhcpv6.failover.core.internal.wire.Connect;
import org.dhcpv6.failover.core.internal.wire.ConnectReply;
import org.dhcpv6.failover.core.internal.wire.Contact;
import org.dhcpv6.failover.core.internal.wire.Disconnect;
import org.dhcpv6.failover.core.internal.wire.FailoverMessage;
import org.dhcpv6.failover.core.internal.wire.StatusCode;
import org.dhcpv6.failover.core.internal.metrics.CountingListener;
import org.dhcpv6.failover.core.internal.metrics.EndpointCounters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.dhcpv6.failover.core.internal.fault.FaultInjector;
import org.dhcpv6.failover.core.internal.fault.InjectedCrash;
import org.dhcpv6.failover.core.internal.state.EndpointSnapshot;

/**
 * The sans-I/O state machine of one failover endpoint (RFC 8156 §6 and §8): the connection
 * procedure, keepalive, the ten server states and their transitions, time skew.
 *
 * <p>It never touches a socket, a thread or the system clock. Inputs are method calls carrying
 * {@link Now}; outputs go to the {@link Outbox} and the {@link LeaseStore}; {@link #poll} runs the
 * timers and returns how long until the next one. Every input must come from the one thread that
 * owns the endpoint (the runtime's event loop, or the simulator); host threads read
 * {@link #snapshot()} only.
 */
public final class FailoverEndpoint {

    private static final Logger LOG = LoggerFactory.getLogger(FailoverEndpoint.class);
    private static final Duration HEARTBEAT = Duration.ofSeconds(30);

    private final RelationshipConfig config;
    private final StoreGuard guard;
    private final FailoverListener listener;
    private final HeldOutbox outbox;
    private final Turn turn;
    private final String name;
    private final EndpointStates states;
    private final SessionProtocol protocol;
    private final ClockSkew skew;
    private final ClockSource clock;
    private final BindingTable table;
    private final PoolTally poolTally;
    private final ExpiryQueue expiries = new ExpiryQueue();
    private final EndpointCounters counters = new EndpointCounters();
    private final EndpointHooks hooks;
    private final PartnerSync sync;
    private final ExpiryProcessor expiry;
    private final BindingWork bindingWork;
    private final StoreWatch storeWatch;
    private final Deadlines deadlines;

    private final PartnerLink link;
    private final ConnectRetry retry;
    private long startupDeadlineNanos = Long.MAX_VALUE;
    private Instant lastHeartbeat;
    private boolean stopped;

    /**
     * An endpoint in STARTUP; call {@link #start} next.
     *
     * @param clock the clock host threads read in the hooks (the same the runtime passes as {@link Now})
     * @param faults fault points for the simulator; {@link FaultInjector#NONE} in production
     * @throws LeaseStoreException if the store cannot be read
     */
    public FailoverEndpoint(RelationshipConfig config, LeaseStore store, FailoverListener listener, Outbox outbox,
            ClockSource clock, FaultInjector faults, Now now) throws LeaseStoreException {
        this.config = config;
        this.guard = new StoreGuard(store);
        store = guard;
        // Guarded here, once, so no call site can let a host's exception steer the engine.
        listener = GuardedListener.guard(listener, config.name(), config.role(), clock);
        this.listener = listener;
        this.outbox = new HeldOutbox(outbox);
        this.clock = clock;
        this.name = config.name();
        this.retry = new ConnectRetry(config);
        this.skew = new ClockSkew(config, listener);
        Optional<EndpointRecord> saved = store.loadEndpoint();
        this.poolTally = new PoolTally(config.prefixPools());
        this.table = new BindingTable(store, poolTally);
        table.load();
        this.states = new EndpointStates(config, guard.recordWriter(table), new CountingListener(listener, counters),
                saved.orElse(null), skew, now);
        this.hooks = new EndpointHooks(config, table, states::snapshot, clock, expiries, listener, counters);
        guard.onFailure(hooks::wake);
        TurnListener turnListener = new TurnListener(listener, table);
        BindingReceiver receiver = new BindingReceiver(name, config.role(), table, hooks::inPools, turnListener, faults,
                expiries, states::snapshot);
        this.sync = new PartnerSync(name, table, turnListener, faults, receiver);
        this.expiry = new ExpiryProcessor(name, table, expiries, turnListener, sync);
        expiry.scheduleAll(config.mclt());
        // Starting ids from the clock keeps a restarted server's ids apart from its earlier ones
        // while staying deterministic under a simulated clock.
        int firstXid = (int) (now.nanos() ^ (now.nanos() >>> 24) ^ now.wall().getEpochSecond());
        PoolBalancer balancer = config.role() == Role.PRIMARY && !config.prefixPools().isEmpty()
                ? new PoolBalancer(config, table, sync, ProportionalPool.DEFAULT_THRESHOLD) : null;
        this.link = new PartnerLink(name, config.role(), this.outbox, counters, states, sync, balancer, retry);
        this.protocol = new SessionProtocol(config, states, skew, link::send, link::close, firstXid, sync,
                this::channel, balancer);
        this.bindingWork = new BindingWork(config, hooks, sync, expiry, balancer, link::session, this::channel,
                link::send, (reason, at) -> link.close("ack_timeout", reason, at), protocol::xids, now.wall());
        this.turn = new Turn(name, table, this.outbox, turnListener, faults, link::close);
        this.storeWatch = new StoreWatch(name, guard, states, listener, this::dropPartnerForStore, retry::resetNow);
        this.deadlines = new Deadlines(config, states, link, retry, guard, expiries, HEARTBEAT);
        this.lastHeartbeat = now.wall();
    }

    /** The host hooks of this endpoint (thread-safe; host threads call them). */
    public EndpointHooks hooks() {
        return hooks;
    }

    /** The binding table (read-only use: tests, status, the simulator's invariants). */
    public BindingTable bindings() {
        return table;
    }

    /** How much this endpoint holds in memory; call it on the event-loop thread. */
    public EndpointQueues queues() {
        return new EndpointQueues(table.size(), sync.queuedCount(), sync.outstandingCount(), expiries.size());
    }

    /** Counters and gauges for monitoring; call it on the event-loop thread. */
    public RelationshipMetrics metrics(Now now) {
        EndpointSnapshot s = states.snapshot();
        return EndpointMetrics.of(s, counters, now, skew.uncertainty(), sync.queuedCount(), sync.outstandingCount(),
                sync.waitingForAcks(now.wall()), poolTally.balances());
    }

    /** The relationship this endpoint serves. */
    public RelationshipConfig config() {
        return config;
    }

    /** The latest immutable view; safe to call from any thread. Closed hooks make it a closed view. */
    public EndpointSnapshot snapshot() {
        EndpointSnapshot s = states.snapshot();
        ConnectionFailure failure = retry.lastFailure();
        if (failure != null) {
            s = s.withLastConnectionFailure(failure);
        }
        return hooks.isClosed() ? s.asClosed() : s;
    }

    /**
     * Opens a turn: until {@link #endTurn}, binding writes of the endpoint's own thread are
     * published at once but stored together, and everything the endpoint sends is held back until
     * they are durable. A runtime brackets each pass over its queued inputs with these, so the
     * BNDUPDs of one read share one durable write instead of one each. Optional: an endpoint
     * driven without turns writes through.
     */
    public void beginTurn() {
        turn.begin();
    }

    /**
     * Ends a turn: stores its binding writes with one durable write, then releases what was held.
     * If the store refuses them, the writes are taken back out of the table, the held messages are
     * dropped (they may acknowledge those writes) and the partner connection is closed, so the
     * partner keeps its updates flagged and sends them again on the next connection.
     *
     * @return whether the turn's writes are durable
     */
    public boolean endTurn(Now now) {
        return turn.end(now);
    }

    /** Starts the startup algorithm (RFC 8156 §8.3): the primary connects, the secondary waits. */
    public void start(Now now) {
        startupDeadlineNanos = now.nanos() + config.startupTime().toNanos();
        retry.now(now);
        LOG.info("{}: starting as {}, previous state {}", name, config.role(), states.previousState().rfcName());
        poll(now);
    }

    /** The primary's connection to the partner is open and ready for CONNECT. */
    public void connectionOpened(long connectionId, Now now) {
        retry.ended();
        if (stopped || guard.down()) {
            outbox.close(connectionId, stopped ? "endpoint stopped" : "lease store unavailable");
            return;
        }
        if (config.role() != Role.PRIMARY) {
            outbox.close(connectionId, "only the primary opens connections (RFC 8156 §6.1)");
            return;
        }
        link.replace(new PartnerSession(connectionId, Phase.AWAIT_CONNECT_REPLY, now.nanos()), now,
                "replaced by a new connection");
        link.send(link.session(), protocol.connectMessage(now), now);
        link.session().connectSentAt = now.wall();
    }

    /** The primary's connection attempt failed; it tries again after the retry delay. */
    public void connectFailed(String reason, Now now) {
        counters.connectionLost("connect_failed");
        LOG.debug("{}: connecting to {} failed: {}", name, config.partnerAddress(), reason);
        listener.connectionFailed(name, retry.failed(reason, now));
    }

    /**
     * The secondary accepted a connection whose first message is this CONNECT, already matched to
     * this endpoint by partner address and relationship name (RFC 8156 §6.2). The newest CONNECT
     * wins: an older connection is closed.
     */
    public void connectReceived(long connectionId, Connect connect, Now now) {
        connectReceived(connectionId, connect, config.partnerAddress(), now);
    }

    /**
     * As {@link #connectReceived(long, Connect, Now)}, with the address and port the connection
     * really came from, which a refusal names (the partner's source port is not the configured
     * one).
     */
    public void connectReceived(long connectionId, Connect connect, InetSocketAddress from, Now now) {
        if (stopped || config.role() != Role.SECONDARY || guard.down()) {
            outbox.close(connectionId, stopped ? "endpoint stopped"
                    : guard.down() ? "lease store unavailable" : "this endpoint is the primary");
            return;
        }
        counters.received(connect, now.nanos());
        PartnerSession fresh = new PartnerSession(connectionId, Phase.AWAIT_STATE, now.nanos());
        skew.sample(connect.sentTime(), now);
        Optional<ConnectChecks.Refusal> refusal = protocol.checkConnect(connect, now);
        if (refusal.isPresent()) {
            LOG.warn("{}: refusing CONNECT from {}: {}", name, from, refusal.get().text());
            ConnectReply reject = ConnectReply.reject(connect.transactionId(), WireTime.toWire(now.wall()),
                    refusal.get().status().code(), refusal.get().text());
            counters.sent(reject);
            counters.connectionLost("connect_refused");
            outbox.send(connectionId, reject);
            outbox.close(connectionId, refusal.get().text());
            return;
        }
        link.replace(fresh, now, "replaced by a newer connection from the primary");
        protocol.acceptConnect(link.session(), connect, now);
        afterInput(now);
    }

    /** A message arrived on a connection of this endpoint. */
    public void messageReceived(long connectionId, FailoverMessage message, Now now) {
        if (!link.isCurrent(connectionId)) {
            outbox.close(connectionId, "message on a connection that is not the current one");
            return;
        }
        link.session().lastReceivedNanos = now.nanos();
        counters.received(message, now.nanos());
        if (!skew.sample(message.sentTime(), now)) {
            link.close("skew_strict", "clock skew beyond 5 s under the RFC 8156 strict policy", now);
            return;
        }
        if (message instanceof ConnectReply reply && reply.isReject()) {
            String text = reply.status().map(st -> st.statusCode() + " " + st.message()).orElse("");
            listener.connectRejected(name, reply.status().map(st -> st.statusCode()).orElse(0),
                    reply.status().map(st -> st.message()).orElse(""));
            retry.rejected(text, now);
            link.close("connect_rejected", "partner rejected CONNECT (" + text + "); retrying in "
                    + retry.delay().toSeconds() + " s", now);
            return;
        }
        if (message instanceof Disconnect d) {
            String text = d.status().map(s -> s.statusCode() + " " + s.message()).orElse("no status");
            if (!link.session().established()) {
                retry.backOff();
            }
            link.close("disconnect_received", "partner sent DISCONNECT (" + text + ")", now);
            return;
        }
        try {
            protocol.handle(link.session(), message, now);
        } catch (InjectedCrash crash) {
            throw crash;
        } catch (RuntimeException e) {
            // A message we cannot handle costs its connection, never the endpoint (docs/architecture.md §7).
            LOG.warn("{}: error handling {} from the partner", name, message.type().rfcName(), e);
            link.close("message_error", "error handling " + message.type().rfcName() + ": " + e, now);
            return;
        }
        if (link.session() != null && link.session().established()) {
            retry.succeeded();
        }
        afterInput(now);
    }

    /** A connection of this endpoint closed. */
    public void connectionClosed(long connectionId, String reason, Now now) {
        link.closed(connectionId, reason, now);
    }

    /** The operator says the partner is down (RFC 8156 §8.4). Returns whether the state changed. */
    public boolean partnerDown(Now now) {
        boolean changed = states.partnerDownCommand(false, now);
        afterInput(now);
        return changed;
    }

    /** Graceful shutdown: DISCONNECT with ServerShuttingDown (20), then close. */
    public void shutdown(Now now) {
        stopped = true;
        if (link.session() != null) {
            link.send(link.session(), Disconnect.of(protocol.xids().next(), WireTime.toWire(now.wall()),
                    StatusCode.SERVER_SHUTTING_DOWN.code(), "server " + name + " is shutting down"), now);
            link.closeForShutdown();
        }
        states.heartbeat(now);
        LOG.info("{}: stopped in {}", name, states.state().rfcName());
    }

    /**
     * Runs every timer that is due and returns how long until the next one.
     */
    public Duration poll(Now now) {
        if (stopped) {
            return Duration.ofDays(1);
        }
        if (states.state() == ServerState.STARTUP && now.nanos() >= startupDeadlineNanos) {
            states.startupTimedOut(now);
        }
        PartnerSession session = link.session();
        if (session != null) {
            long ownKeepalive = config.keepalive().toNanos();
            if (now.nanos() >= session.deadAfterNanos(ownKeepalive)) {
                link.close("keepalive_timeout", "nothing received from partner for " + config.keepalive().toSeconds()
                        + " s", now);
            } else if (session.phase != Phase.AWAIT_CONNECT_REPLY && now.nanos() >= session.contactDueNanos()) {
                link.send(session, Contact.of(protocol.xids().next(), WireTime.toWire(now.wall())), now);
            }
        }
        if (config.role() == Role.PRIMARY && link.session() == null && !guard.down() && retry.due(now)) {
            retry.started();
            outbox.connect(config.partnerAddress());
        }
        states.runTimers(now);
        bindingWork.run(states.snapshot(), now);
        if (Duration.between(lastHeartbeat, now.wall()).compareTo(HEARTBEAT) >= 0) {
            lastHeartbeat = now.wall();
            states.heartbeat(now);
        }
        afterInput(now);
        return deadlines.untilNext(startupDeadlineNanos, now);
    }

    private PartnerSync.Channel channel(Now now) {
        return new SessionChannel(link.session(), now, link, protocol.xids(), skew);
    }

    /** Sends what the states decided (STATE after a transition, UPDREQ on entering a state). */
    private void afterInput(Now now) {
        storeWatch.check(now);
        if (skew.takeChanged()) {
            states.publish();
        }
        if (link.session() == null) {
            // The STATE sent right after the next connection reports the state of that moment.
            states.takeUnsentStates();
            return;
        }
        protocol.flushStateChanges(link.session(), now);
    }

    /** The store failed: DISCONNECT the partner, so it serves our clients meanwhile. */
    private void dropPartnerForStore(Now now) {
        if (link.session() != null) {
            link.send(link.session(), Disconnect.of(protocol.xids().next(), WireTime.toWire(now.wall()),
                    StatusCode.SERVER_SHUTTING_DOWN.code(), "lease store of " + name + " unavailable"), now);
            link.close("lease store unavailable", now);
        }
    }

    /** The current retry delay of the primary (grows after rejections, never stops). */
    Duration retryDelay() {
        return retry.delay();
    }
}
