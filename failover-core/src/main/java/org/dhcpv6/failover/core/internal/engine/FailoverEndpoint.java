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
import org.dhcpv6.failover.core.internal.wire.PoolReq;
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
    private static final Duration POOL_REQUEST_INTERVAL = Duration.ofMinutes(5);

    private final RelationshipConfig config;
    private final LeaseStore store;
    private final StoreGuard guard;
    private final FailoverListener listener;
    private final HeldOutbox outbox;
    private final FaultInjector faults;
    private final TurnListener turnListener;
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
    private Instant lastPendingScan;
    private final PoolBalancer balancer;
    private Instant lastPoolRequest;

    private PartnerSession session;
    private boolean connecting;
    private long nextConnectNanos;
    private Duration retryDelay;
    private long startupDeadlineNanos = Long.MAX_VALUE;
    private Instant lastHeartbeat;
    private boolean stopped;
    private int consecutiveConnectFailures;
    /** Written on the event loop, read by status callers on any thread. */
    private volatile ConnectionFailure lastConnectionFailure;

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
        this.store = store;
        // Guarded here, once, so no call site can let a host's exception steer the engine.
        listener = GuardedListener.guard(listener, config.name(), config.role(), clock);
        this.listener = listener;
        this.outbox = new HeldOutbox(outbox);
        this.faults = faults;
        this.clock = clock;
        this.name = config.name();
        this.retryDelay = config.connectRetry();
        this.skew = new ClockSkew(config, listener);
        Optional<EndpointRecord> saved = store.loadEndpoint();
        this.poolTally = new PoolTally(config.prefixPools());
        this.table = new BindingTable(store, poolTally);
        table.load();
        this.states = new EndpointStates(config, new EndpointStates.RecordWriter() {
            @Override
            public void save(EndpointRecord record) throws LeaseStoreException {
                // A state record is never durable before the binding writes that led to it.
                table.flushDeferredWrites();
                guard.saveEndpoint(record);
            }

            @Override
            public void check() throws LeaseStoreException {
                guard.size();
            }
        }, new CountingListener(listener, counters), saved.orElse(null), skew, now);
        this.hooks = new EndpointHooks(config, table, states::snapshot, clock, expiries, listener, counters);
        guard.onFailure(hooks::wake);
        this.turnListener = new TurnListener(listener, table);
        BindingReceiver receiver = new BindingReceiver(name, config.role(), table, hooks::inPools, turnListener, faults,
                expiries, states::snapshot);
        this.sync = new PartnerSync(name, table, turnListener, faults, receiver);
        this.expiry = new ExpiryProcessor(name, table, expiries, turnListener, sync);
        expiry.scheduleAll(config.mclt());
        // Starting ids from the clock keeps a restarted server's ids apart from its earlier ones
        // while staying deterministic under a simulated clock.
        int firstXid = (int) (now.nanos() ^ (now.nanos() >>> 24) ^ now.wall().getEpochSecond());
        this.balancer = config.role() == Role.PRIMARY && !config.prefixPools().isEmpty()
                ? new PoolBalancer(config, table, sync, ProportionalPool.DEFAULT_THRESHOLD) : null;
        this.protocol = new SessionProtocol(config, states, skew, this::sendOn, this::closeSession, firstXid, sync,
                this::channel, balancer);
        this.lastHeartbeat = now.wall();
        this.lastPendingScan = now.wall();
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
        ConnectionFailure failure = lastConnectionFailure;
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
        table.beginDeferredWrites();
        outbox.hold();
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
        try {
            table.endDeferredWrites();
            if (faults.shouldFail(FaultInjector.Point.BETWEEN_TURN_STORE_AND_RELEASE)) {
                throw new InjectedCrash(FaultInjector.Point.BETWEEN_TURN_STORE_AND_RELEASE);
            }
            outbox.release();
            turnListener.release();
            return true;
        } catch (InjectedCrash crash) {
            throw crash;
        } catch (LeaseStoreException | RuntimeException e) {
            int dropped = outbox.dropMessages();
            turnListener.drop();
            LOG.error("{}: could not store this turn's binding changes ({} messages held back dropped): {}", name,
                    dropped, e.toString());
            closeSession("binding changes could not be stored", now);
            return false;
        }
    }

    /** Starts the startup algorithm (RFC 8156 §8.3): the primary connects, the secondary waits. */
    public void start(Now now) {
        startupDeadlineNanos = now.nanos() + config.startupTime().toNanos();
        nextConnectNanos = now.nanos();
        LOG.info("{}: starting as {}, previous state {}", name, config.role(), states.previousState().rfcName());
        poll(now);
    }

    /** The primary's connection to the partner is open and ready for CONNECT. */
    public void connectionOpened(long connectionId, Now now) {
        connecting = false;
        if (stopped || guard.down()) {
            outbox.close(connectionId, stopped ? "endpoint stopped" : "lease store unavailable");
            return;
        }
        if (config.role() != Role.PRIMARY) {
            outbox.close(connectionId, "only the primary opens connections (RFC 8156 §6.1)");
            return;
        }
        replaceSession(new PartnerSession(connectionId, Phase.AWAIT_CONNECT_REPLY, now.nanos()), now,
                "replaced by a new connection");
        sendOn(session, protocol.connectMessage(now), now);
        session.connectSentAt = now.wall();
    }

    /** The primary's connection attempt failed; it tries again after the retry delay. */
    public void connectFailed(String reason, Now now) {
        connecting = false;
        counters.connectionLost("connect_failed");
        LOG.debug("{}: connecting to {} failed: {}", name, config.partnerAddress(), reason);
        nextConnectNanos = now.nanos() + retryDelay.toNanos();
        ConnectionFailure failure = new ConnectionFailure(ConnectionFailures.classify(reason), reason, now.wall(),
                ++consecutiveConnectFailures, retryDelay);
        lastConnectionFailure = failure;
        listener.connectionFailed(name, failure);
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
        replaceSession(fresh, now, "replaced by a newer connection from the primary");
        protocol.acceptConnect(session, connect, now);
        afterInput(now);
    }

    /** A message arrived on a connection of this endpoint. */
    public void messageReceived(long connectionId, FailoverMessage message, Now now) {
        if (session == null || session.connectionId != connectionId) {
            outbox.close(connectionId, "message on a connection that is not the current one");
            return;
        }
        session.lastReceivedNanos = now.nanos();
        counters.received(message, now.nanos());
        if (!skew.sample(message.sentTime(), now)) {
            closeSession("skew_strict", "clock skew beyond 5 s under the RFC 8156 strict policy", now);
            return;
        }
        if (message instanceof ConnectReply reply && reply.isReject()) {
            String text = reply.status().map(st -> st.statusCode() + " " + st.message()).orElse("");
            listener.connectRejected(name, reply.status().map(st -> st.statusCode()).orElse(0),
                    reply.status().map(st -> st.message()).orElse(""));
            retryDelay = backOff(retryDelay);
            lastConnectionFailure = new ConnectionFailure(ConnectionFailure.Kind.CONNECT_REJECTED,
                    "partner rejected CONNECT: " + text, now.wall(), ++consecutiveConnectFailures, retryDelay);
            closeSession("connect_rejected", "partner rejected CONNECT (" + text + "); retrying in "
                    + retryDelay.toSeconds() + " s", now);
            return;
        }
        if (message instanceof Disconnect d) {
            String text = d.status().map(s -> s.statusCode() + " " + s.message()).orElse("no status");
            if (!session.established()) {
                retryDelay = backOff(retryDelay);
            }
            closeSession("disconnect_received", "partner sent DISCONNECT (" + text + ")", now);
            return;
        }
        try {
            protocol.handle(session, message, now);
        } catch (InjectedCrash crash) {
            throw crash;
        } catch (RuntimeException e) {
            // A message we cannot handle costs its connection, never the endpoint (docs/architecture.md §7).
            LOG.warn("{}: error handling {} from the partner", name, message.type().rfcName(), e);
            closeSession("message_error", "error handling " + message.type().rfcName() + ": " + e, now);
            return;
        }
        if (session != null && session.established()) {
            retryDelay = config.connectRetry();
            consecutiveConnectFailures = 0;
        }
        afterInput(now);
    }

    /** A connection of this endpoint closed. */
    public void connectionClosed(long connectionId, String reason, Now now) {
        if (session != null && session.connectionId == connectionId) {
            counters.connectionLost("transport_closed");
            session = null;
            lostCommunications(reason, now);
        }
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
        if (session != null) {
            sendOn(session, Disconnect.of(protocol.xids().next(), WireTime.toWire(now.wall()),
                    StatusCode.SERVER_SHUTTING_DOWN.code(), "server " + name + " is shutting down"), now);
            outbox.close(session.connectionId, "shutting down");
            session = null;
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
        if (session != null) {
            long ownKeepalive = config.keepalive().toNanos();
            if (now.nanos() >= session.deadAfterNanos(ownKeepalive)) {
                closeSession("keepalive_timeout", "nothing received from partner for " + config.keepalive().toSeconds()
                        + " s", now);
            } else if (session.phase != Phase.AWAIT_CONNECT_REPLY && now.nanos() >= session.contactDueNanos()) {
                sendOn(session, Contact.of(protocol.xids().next(), WireTime.toWire(now.wall())), now);
            }
        }
        if (config.role() == Role.PRIMARY && session == null && !connecting && !guard.down()
                && now.nanos() >= nextConnectNanos) {
            connecting = true;
            outbox.connect(config.partnerAddress());
        }
        states.runTimers(now);
        runBindings(now);
        if (Duration.between(lastHeartbeat, now.wall()).compareTo(HEARTBEAT) >= 0) {
            lastHeartbeat = now.wall();
            states.heartbeat(now);
        }
        afterInput(now);
        return untilNextDeadline(now);
    }

    /** Host changes, lease expiry, the periodic rescan of pending updates, and sending BNDUPDs. */
    private void runBindings(Now now) {
        for (org.dhcpv6.failover.api.Resource r = hooks.pollChanged(); r != null; r = hooks.pollChanged()) {
            sync.changed(r);
        }
        EndpointSnapshot s = states.snapshot();
        expiry.run(now.wall(), s.partnerDownSince(), s.mclt());
        if (Duration.between(lastPendingScan, now.wall()).compareTo(HEARTBEAT) >= 0) {
            lastPendingScan = now.wall();
            sync.queueAllPending();
        }
        Duration unanswered = sync.waitingForAcks(now.wall());
        // plus, not multipliedBy(2): the same value without BigDecimal arithmetic on every poll.
        if (session != null && unanswered.compareTo(config.keepalive().plus(config.keepalive())) > 0) {
            closeSession("ack_timeout", "partner has not acknowledged BNDUPDs for " + unanswered.toSeconds() + " s", now);
            return;
        }
        if (session != null && session.established()) {
            if (s.state() == ServerState.NORMAL) {
                balancePools(now, s);
            }
            sync.pump(channel(now), now.wall());
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
            balancer.balance(channel(now), now.wall(), false);
            return;
        }
        boolean due = lastPoolRequest == null || lastPoolRequest.isBefore(s.stateEnteredAt())
                || !now.wall().isBefore(lastPoolRequest.plus(POOL_REQUEST_INTERVAL));
        if (due) {
            lastPoolRequest = now.wall();
            sendOn(session, PoolReq.of(protocol.xids().next(), WireTime.toWire(now.wall())), now);
        }
    }

    private PartnerSync.Channel channel(Now now) {
        return new SessionChannel(session, now, this::sendOn, protocol.xids(), skew);
    }

    private Duration untilNextDeadline(Now now) {
        long next = Long.MAX_VALUE;
        if (states.state() == ServerState.STARTUP) {
            next = Math.min(next, startupDeadlineNanos);
        }
        if (session != null) {
            next = Math.min(next, session.deadAfterNanos(config.keepalive().toNanos()));
            if (session.phase != Phase.AWAIT_CONNECT_REPLY) {
                next = Math.min(next, session.contactDueNanos());
            }
        } else if (config.role() == Role.PRIMARY && !connecting && !guard.down()) {
            next = Math.min(next, nextConnectNanos);
        }
        if (guard.down()) {
            next = Math.min(next, guard.nextProbeNanos());
        }
        Duration mono = next == Long.MAX_VALUE ? HEARTBEAT : Duration.ofNanos(Math.max(0, next - now.nanos()));
        Duration wall = states.untilWallDeadline(now);
        Instant due = expiries.next();
        if (due != null) {
            Duration untilDue = Duration.between(now.wall(), due);
            untilDue = untilDue.isNegative() ? Duration.ZERO : untilDue;
            wall = untilDue.compareTo(wall) < 0 ? untilDue : wall;
        }
        Duration soonest = mono.compareTo(wall) < 0 ? mono : wall;
        return soonest.compareTo(HEARTBEAT) < 0 ? soonest : HEARTBEAT;
    }

    /** Sends what the states decided (STATE after a transition, UPDREQ on entering a state). */
    private void afterInput(Now now) {
        watchStore(now);
        if (skew.takeChanged()) {
            states.publish();
        }
        if (session == null) {
            // The STATE sent right after the next connection reports the state of that moment.
            states.takeUnsentStates();
            return;
        }
        protocol.flushStateChanges(session, now);
    }

    /**
     * A store that fails writes takes the server out of service: no client answered, the partner
     * told with DISCONNECT and kept away, so it goes to COMMUNICATIONS-INTERRUPTED and serves them
     * (docs/decisions/0002-store-outage.md). A probe write brings it back.
     */
    private void watchStore(Now now) {
        if (!guard.down()) {
            if (guard.takeFailure()) {
                guard.markDown(now);
                LOG.error("{}: the lease store fails; answering no client and closing the partner connection until"
                        + " it works again", name);
                states.storeAvailable(false);
                listener.storeAvailabilityChanged(name, false);
                if (session != null) {
                    sendOn(session, Disconnect.of(protocol.xids().next(), WireTime.toWire(now.wall()),
                            StatusCode.SERVER_SHUTTING_DOWN.code(), "lease store of " + name + " unavailable"), now);
                    closeSession("lease store unavailable", now);
                }
            }
        } else if (guard.probeDue(now)) {
            // Failures noted before the probe (the persist on closing the connection, say) are old news.
            guard.takeFailure();
            if (states.probeStore() && !guard.takeFailure()) {
                guard.markUp();
                LOG.info("{}: the lease store works again; serving", name);
                states.storeAvailable(true);
                listener.storeAvailabilityChanged(name, true);
                retryDelay = config.connectRetry();
                nextConnectNanos = now.nanos();
            } else {
                guard.probeFailed(now);
            }
        }
    }

    private void replaceSession(PartnerSession fresh, Now now, String reason) {
        if (session != null) {
            counters.connectionLost("replaced");
            outbox.close(session.connectionId, reason);
            if (session.established()) {
                states.communicationsLost(reason, now);
            }
        }
        session = fresh;
    }

    private void sendOn(PartnerSession s, FailoverMessage message, Now now) {
        // FO_SEND_TIMER restarts on every transmitted message (RFC 8156 §6.5).
        s.lastSentNanos = now.nanos();
        counters.sent(message);
        outbox.send(s.connectionId, message);
    }

    /** Closes on the session protocol's word (a protocol violation or a refused reply). */
    private void closeSession(String reason, Now now) {
        closeSession("protocol", reason, now);
    }

    /** Closes the current connection; {@code key} names the reason for the loss counters. */
    private void closeSession(String key, String reason, Now now) {
        if (session == null) {
            return;
        }
        counters.connectionLost(key);
        LOG.info("{}: closing connection to partner: {}", name, reason);
        outbox.close(session.connectionId, reason);
        session = null;
        lostCommunications(reason, now);
    }

    private void lostCommunications(String reason, Now now) {
        sync.onConnectionLost();
        if (balancer != null) {
            balancer.onConnectionLost();
        }
        if (config.role() == Role.PRIMARY) {
            nextConnectNanos = now.nanos() + retryDelay.toNanos();
        }
        states.communicationsLost(reason, now);
    }

    private Duration backOff(Duration d) {
        Duration doubled = d.multipliedBy(2);
        return doubled.compareTo(config.connectRetryMax()) > 0 ? config.connectRetryMax() : doubled;
    }

    /** The current retry delay of the primary (grows after rejections, never stops). */
    Duration retryDelay() {
        return retryDelay;
    }
}
