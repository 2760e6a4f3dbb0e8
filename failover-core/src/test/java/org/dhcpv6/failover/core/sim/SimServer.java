package org.dhcpv6.failover.core.sim;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.dhcpv6.failover.api.LeaseStore;
import org.dhcpv6.failover.api.LeaseStoreException;
import org.dhcpv6.failover.api.RelationshipConfig;
import org.dhcpv6.failover.api.Role;
import org.dhcpv6.failover.api.ServerState;
import org.dhcpv6.failover.core.internal.binding.BindingTable;
import org.dhcpv6.failover.core.internal.binding.EndpointHooks;
import org.dhcpv6.failover.api.EndpointQueues;
import org.dhcpv6.failover.core.internal.state.EndpointSnapshot;
import org.dhcpv6.failover.core.internal.engine.FailoverEndpoint;
import org.dhcpv6.failover.core.internal.fault.FaultInjector;
import org.dhcpv6.failover.core.internal.fault.InjectedCrash;
import org.dhcpv6.failover.core.internal.engine.Now;
import org.dhcpv6.failover.core.internal.engine.Outbox;
import org.dhcpv6.failover.core.internal.wire.Connect;
import org.dhcpv6.failover.core.internal.wire.FailoverMessage;
import org.dhcpv6.failover.core.internal.wire.MalformedMessageException;
import org.dhcpv6.failover.core.internal.wire.MessageCodec;

/**
 * One simulated server: a real {@link FailoverEndpoint} with its store, its {@link SimClock} and an
 * {@link Outbox} that encodes every message with the real codec and hands the bytes to the
 * {@link SimNetwork}. It can crash (the engine object is dropped, the store kept or lost), shut
 * down gracefully and boot again. After every input it polls the engine and schedules the next
 * poll at the deadline the engine returned. The engine's own {@link EndpointHooks} serve the
 * simulated clients ({@link SimClients}); an {@link InjectedCrash} from a fault point is the
 * process dying right there, which keeps the store (what was persisted survives).
 */
final class SimServer implements SimNetwork.Side {

    final int side;
    final String label;
    final RelationshipConfig config;
    final SimClock clock;
    private final EventQueue queue;
    private final SimNetwork network;
    private final Simulation.Options options;
    private final Consumer<String> engineFailure;
    private final EventLog log;
    private final Set<ServerState> statesSeen;
    private final FaultInjector faultPoints;
    private final Consumer<SimServer> crashedAtFaultPoint;
    private SimDisk baseStore = new SimDisk();
    private LeaseStore store;
    private FailoverEndpoint engine;
    private EndpointHooks hooks;
    /** Grows each time the store is lost: a grant recorded under an older epoch may be forgotten. */
    private int storeEpoch;
    /** Lost its store and has not yet been through RECOVER to RECOVER-DONE or NORMAL. */
    private boolean storeIncomplete;
    private int incarnation;
    /** Secondary: connections whose CONNECT was delivered (lookups only, never iterated). */
    private final Set<Long> routed = new HashSet<>();
    private long pollAtNanos = Long.MAX_VALUE;
    private final String pollLabel;
    /** Network inputs that arrived at this instant, for one turn ({@link Simulation.Options#batchedTurns}). */
    private final List<PendingInput> inbox = new ArrayList<>();
    private long sharedTurnInputs;

    SimServer(int side, RelationshipConfig config, SimClock clock, EventQueue queue, SimNetwork network,
            Simulation.Options options, EventLog log, Set<ServerState> statesSeen, Consumer<String> engineFailure,
            FaultInjector faultPoints, Consumer<SimServer> crashedAtFaultPoint) {
        this.side = side;
        this.label = side == 0 ? "P" : "S";
        this.pollLabel = label + " poll";
        this.config = config;
        this.clock = clock;
        this.queue = queue;
        this.network = network;
        this.options = options;
        this.log = log;
        this.statesSeen = statesSeen;
        this.engineFailure = engineFailure;
        this.faultPoints = faultPoints;
        this.crashedAtFaultPoint = crashedAtFaultPoint;
        this.store = wrap(baseStore);
    }

    private LeaseStore wrap(SimDisk base) {
        LeaseStore s = options.storeWrapper().apply(base);
        return TracingStore.RESOURCE.isEmpty() ? s : new TracingStore(s, label, clock, queue, log);
    }

    /** Starts a new incarnation on the current store. */
    void boot() {
        incarnation++;
        routed.clear();
        inbox.clear();
        Outbox out = options.outboxWrapper().apply(new NetworkOutbox(incarnation));
        try {
            engine = new FailoverEndpoint(config, store, new SimListener(label, queue, log, statesSeen, () -> storeIncomplete = false), out, clock,
                    faultPoints, Now.of(clock));
        } catch (LeaseStoreException | RuntimeException e) {
            engineFailure.accept(label + ": engine constructor threw " + e);
            return;
        }
        hooks = engine.hooks();
        options.hooksTweak().accept(hooks);
        input("start", FailoverEndpoint::start);
    }

    /** Drops the engine without a word; with {@code loseStore} its disk is gone too. */
    void crash(boolean notifyPartner, boolean loseStore) {
        engine = null;
        hooks = null;
        incarnation++;
        inbox.clear();
        pollAtNanos = Long.MAX_VALUE;
        network.sideCrashed(side, notifyPartner);
        if (loseStore) {
            storeEpoch++;
            storeIncomplete = true;
            baseStore = new SimDisk();
            store = wrap(baseStore);
        } else {
            int lost = baseStore.crash();
            if (lost > 0) {
                log.note(queue.now(), label + " loses " + lost + " unforced binding writes");
            }
        }
    }

    /** Graceful shutdown: the engine says DISCONNECT and closes, then the process exits. */
    void shutdown() {
        input("shutdown", FailoverEndpoint::shutdown);
        baseStore.closedByHost();
        crash(true, false);
    }

    /** The operator's "partner is down"; returns whether the engine applied it. */
    boolean operatorPartnerDown() {
        boolean[] changed = new boolean[1];
        input("operator partner-down", (e, now) -> changed[0] = e.partnerDown(now));
        return changed[0];
    }

    boolean up() {
        return engine != null;
    }

    Optional<EndpointSnapshot> snapshot() {
        return engine == null ? Optional.empty() : Optional.of(engine.snapshot());
    }

    /** The state, or null while down. */
    ServerState state() {
        return engine == null ? null : engine.snapshot().state();
    }

    /** The host hooks of the running incarnation; empty while down. */
    Optional<EndpointHooks> hooks() {
        return Optional.ofNullable(hooks);
    }

    /** What the running incarnation holds in memory; null while down. */
    EndpointQueues queues() {
        return engine == null ? null : engine.queues();
    }

    /** The binding table of the running incarnation (for invariants); null while down. */
    BindingTable bindings() {
        return engine == null ? null : engine.bindings();
    }

    /** Network inputs handled in a turn together with others (batched turns only). */
    long sharedTurnInputs() {
        return sharedTurnInputs;
    }

    int storeEpoch() {
        return storeEpoch;
    }

    /** Whether this server lost its store and has not recovered the partner's copy yet. */
    boolean storeIncomplete() {
        return storeIncomplete;
    }

    /**
     * Whether this store holds a client lease no copy elsewhere protects: an ACTIVE binding whose
     * BNDUPD the partner has not acknowledged and whose lease ends more than MCLT after both the
     * partner lifetime the partner acknowledged and the last client transaction. Outside
     * PARTNER-DOWN the MCLT cap (RFC 8156 §4.4) and RECOVER-WAIT's MCLT wait cover every unsent
     * lease; only PARTNER-DOWN, while the partner is down, grants the desired lifetime, and until
     * the partner receives it that lease exists on this disk alone (seeds 392, 592, 693, 1130).
     */
    boolean holdsLeaseOnlyItKnows() {
        boolean[] found = new boolean[1];
        Duration mclt = config.mclt();
        try {
            baseStore.forEach(b -> {
                if (b.status() != org.dhcpv6.failover.api.BindingStatus.ACTIVE || !b.partnerUpdatePending()
                        || b.stateExpirationTime() == null) {
                    return;
                }
                java.time.Instant covered = b.clientLastTransactionTime();
                if (b.ackedPartnerLifetime() != null
                        && (covered == null || b.ackedPartnerLifetime().isAfter(covered))) {
                    covered = b.ackedPartnerLifetime();
                }
                if (covered == null || b.stateExpirationTime().isAfter(covered.plus(mclt).plusSeconds(1))) {
                    found[0] = true;
                }
            });
        } catch (LeaseStoreException e) {
            throw new IllegalStateException(e);
        }
        return found[0];
    }

    /** A host thread changed bindings: the event loop wakes and sends the BNDUPDs. */
    void hostChanged() {
        input("host change", (e, now) -> { });
    }

    /** The store as the engine sees it (for client invariants). */
    LeaseStore store() {
        return store;
    }

    private interface Input {
        void apply(FailoverEndpoint engine, Now now);
    }

    private record PendingInput(String what, Input call) {
    }

    /**
     * An input from the network: at once, or, with batched turns, in one turn with every other
     * network input of this instant (a turn scheduled behind the events already due now).
     */
    private void networkInput(String what, Input call) {
        if (!options.batchedTurns()) {
            input(what, call);
            return;
        }
        if (engine == null) {
            return;
        }
        inbox.add(new PendingInput(what, call));
        if (inbox.size() > 1) {
            return;
        }
        int inc = incarnation;
        queue.at(queue.now(), label + " turn", () -> {
            if (inc != incarnation || inbox.isEmpty()) {
                return;
            }
            List<PendingInput> batch = List.copyOf(inbox);
            inbox.clear();
            if (batch.size() > 1) {
                sharedTurnInputs += batch.size();
            }
            String label = batch.size() == 1 ? batch.get(0).what() : "turn of " + batch.size() + " inputs";
            input(label, (e, now) -> batch.forEach(p -> p.call().apply(e, now)));
        });
    }

    /** One input to the engine, then a poll; any exception is a violation of invariant (b). */
    private void input(String what, Input call) {
        if (engine == null) {
            return;
        }
        FailoverEndpoint e = engine;
        try {
            // One input is one turn, as the runtime runs the inputs of one read: its binding writes
            // are stored together at its end, and what it sends waits for them. A crash inside it
            // loses both, as a crash before the runtime's write would.
            e.beginTurn();
            call.apply(e, Now.of(clock));
            Duration next = e.poll(Now.of(clock));
            e.endTurn(Now.of(clock));
            schedulePoll(next);
        } catch (InjectedCrash crash) {
            log.note(queue.now(), label + " dies at fault point " + crash.point() + " during " + what);
            crash(true, false);
            crashedAtFaultPoint.accept(this);
        } catch (RuntimeException ex) {
            engineFailure.accept(label + ": engine threw on " + what + ": " + ex);
        }
    }

    private void schedulePoll(Duration next) {
        long at = queue.now() + clock.trueDelay(next);
        if (at >= pollAtNanos) {
            return;
        }
        pollAtNanos = at;
        int inc = incarnation;
        queue.at(at, pollLabel, () -> {
            if (inc == incarnation && pollAtNanos == at) {
                pollAtNanos = Long.MAX_VALUE;
                input("poll", (eng, now) -> { });
            }
        });
    }

    @Override
    public boolean acceptsConnections() {
        return engine != null;
    }

    @Override
    public int incarnation() {
        return incarnation;
    }

    @Override
    public void opened(long id) {
        networkInput("connection opened", (e, now) -> e.connectionOpened(id, now));
    }

    @Override
    public void connectFailed(String reason) {
        networkInput("connect failed", (e, now) -> e.connectFailed(reason, now));
    }

    @Override
    public void received(long id, byte[] frame) {
        FailoverMessage m;
        try {
            m = MessageCodec.decode(frame);
        } catch (MalformedMessageException ex) {
            engineFailure.accept(label + ": codec could not decode what the partner encoded: " + ex.getMessage());
            return;
        }
        if (config.role() == Role.SECONDARY && !routed.contains(id)) {
            // ConnectionRouter's job in production: the first message must be CONNECT.
            if (m instanceof Connect c) {
                routed.add(id);
                networkInput("CONNECT", (e, now) -> e.connectReceived(id, c, now));
            } else {
                network.close(side, id, "first message was not CONNECT");
            }
            return;
        }
        networkInput(m.type().rfcName(), (e, now) -> e.messageReceived(id, m, now));
    }

    @Override
    public void closed(long id, String reason) {
        networkInput("connection closed", (e, now) -> e.connectionClosed(id, reason, now));
    }

    /** Encodes with the real codec; the network carries bytes only. */
    private final class NetworkOutbox implements Outbox {
        private final int owner;

        NetworkOutbox(int owner) {
            this.owner = owner;
        }

        @Override
        public void send(long connectionId, FailoverMessage message) {
            if (owner == incarnation) {
                network.send(side, connectionId, MessageCodec.encode(message), message.type().rfcName());
            }
        }

        @Override
        public void close(long connectionId, String reason) {
            if (owner == incarnation) {
                network.close(side, connectionId, reason);
            }
        }

        @Override
        public void connect(InetSocketAddress partner) {
            if (owner == incarnation) {
                network.connect();
            }
        }
    }
}
