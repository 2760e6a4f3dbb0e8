package org.dhcpv6.failover.core.runtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.net.InetSocketAddress;
import org.dhcpv6.failover.api.ClockSource;
import org.dhcpv6.failover.api.EndpointQueues;
import org.dhcpv6.failover.api.EndpointStatus;
import org.dhcpv6.failover.api.FailoverListener;
import org.dhcpv6.failover.api.LeaseHooks;
import org.dhcpv6.failover.api.LeaseStore;
import org.dhcpv6.failover.api.LeaseStoreException;
import org.dhcpv6.failover.api.RelationshipConfig;
import org.dhcpv6.failover.api.RelationshipMetrics;
import org.dhcpv6.failover.api.Role;
import org.dhcpv6.failover.api.ServerState;
import org.dhcpv6.failover.api.Transport;
import org.dhcpv6.failover.api.TransportException;
import org.dhcpv6.failover.core.internal.alloc.PoolValidation;
import org.dhcpv6.failover.core.internal.engine.ConnectionRouter;
import org.dhcpv6.failover.core.internal.fault.FaultInjector;
import org.dhcpv6.failover.core.internal.engine.FailoverEndpoint;
import org.dhcpv6.failover.core.internal.engine.GuardedListener;
import org.dhcpv6.failover.core.internal.engine.Now;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the failover endpoints of one server process (m-to-1: one endpoint per relationship) on a
 * single event-loop thread. The loop wakes on transport events, on host calls and at the
 * engines' next deadline; it is the only thread that touches the engines.
 *
 * <p>Build with {@link #builder()}, then {@link #start()}; {@link #close()} sends DISCONNECT to
 * every partner and stops.
 *
 * <p><b>After close.</b> {@link #close()} is idempotent. A closed server serves nobody: every
 * {@link LeaseHooks} call answers as an unresponsive server ({@code beforeReply} and
 * {@code beforeReplyAsync} refuse with
 * {@link org.dhcpv6.failover.api.LeaseDecision.Outcome#NOT_RESPONSIVE} and write nothing; close
 * waits up to five seconds for the asynchronous writes already queued,
 * {@code clientService()} is {@code UNRESPONSIVE}, {@code nextFreeAddress()} and
 * {@code nextFreePrefix()} are empty, {@code binding()} is empty, {@code afterReply} does nothing);
 * none of them throws, so host request threads that race with close need no special case.
 * {@link #status} still answers, with {@link EndpointStatus#closed()} true. Commands that need
 * the event loop ({@link #start}, {@link #partnerDown}, {@link #queues}) throw
 * {@link IllegalStateException}.
 *
 * <p><b>Stores.</b> The server never closes the {@link LeaseStore}s it was given: the host opened
 * them and closes them after {@link #close()} returns (by then no hook and no event-loop task
 * writes to them any more).
 */
public final class FailoverServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FailoverServer.class);

    private final Transport transport;
    private final ClockSource clock;
    private final Map<String, FailoverEndpoint> endpoints = new LinkedHashMap<>();
    private final ConnectionRouter router = new ConnectionRouter();
    private final LinkedBlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>();
    private final List<AutoCloseable> listeners = new ArrayList<>();
    private final TransportBridge bridge;
    private final String label;
    private final StateWaiters waiters = new StateWaiters(this::status);
    private final Thread loop;
    private final EventLoop eventLoop;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
    /** How long close waits for a lease write in progress in a hook. */
    private static final Duration HOOK_DRAIN = Duration.ofSeconds(5);
    private static final Runnable NOTHING = () -> { };

    private FailoverServer(Builder b) throws LeaseStoreException {
        this.transport = b.transport;
        this.clock = b.clock;
        // "campus/primary" (several: "campus/primary,lab/secondary"): in the loop's thread name and
        // in every line written on host and transport threads, so two servers in one JVM log apart.
        this.label = String.join(",", b.specs.stream().map(spec -> spec.config.label()).toList());
        this.bridge = new TransportBridge(transport, tasks::add, router, clock, label);
        Now now = Now.of(clock);
        for (EndpointSpec spec : b.specs) {
            TransportBridge.EndpointOutbox outbox = bridge.outboxFor(spec.config.label());
            FailoverListener guarded = GuardedListener.guard(spec.listener, spec.config.name(), spec.config.role(),
                    clock);
            FailoverEndpoint endpoint = new FailoverEndpoint(spec.config, spec.store, waiters.observing(guarded),
                    outbox, clock, FaultInjector.NONE, now);
            // A host commit queues its BNDUPD; waking the loop sends it without waiting for a timer.
            endpoint.hooks().onChange(() -> tasks.add(NOTHING));
            outbox.attach(endpoint);
            endpoints.put(spec.config.name(), endpoint);
            router.add(endpoint);
        }
        // Log lines written on the loop carry the thread name in the usual SLF4J backends' layouts.
        this.eventLoop = new EventLoop(endpoints.values(), tasks, clock, b.errorHandler, bridge);
        this.loop = new Thread(eventLoop, "failover-event-loop-" + label);
        this.loop.setDaemon(true);
    }

    /** A builder; a transport is required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts listening (for secondary endpoints) and the event loop.
     *
     * @throws TransportException if a listening address cannot be bound
     * @throws IllegalStateException if the server was started before or is closed
     */
    public void start() throws TransportException {
        if (closed.get() || eventLoop.running()) {
            throw new IllegalStateException("failover server " + endpoints.keySet()
                    + (closed.get() ? " is closed" : " is already started"));
        }
        Set<InetSocketAddress> bound = new HashSet<>();
        for (FailoverEndpoint e : endpoints.values()) {
            if (e.config().role() == Role.SECONDARY && bound.add(e.config().localAddress())) {
                listeners.add(bridge.listen(e.config().localAddress()));
            }
        }
        eventLoop.markRunning();
        loop.start();
        submit(() -> endpoints.values().forEach(e -> e.start(Now.of(clock))));
    }

    /**
     * The latest status of a relationship's endpoint; safe from any thread, never waits for the
     * event loop. After {@link #close()} it says {@link EndpointStatus#closed() closed}.
     *
     * @throws IllegalArgumentException if there is no such relationship
     */
    public EndpointStatus status(String relationship) {
        return StatusView.of(endpoint(relationship).snapshot());
    }

    /**
     * A future completed when the relationship's endpoint is in {@code state}: at once if it is
     * now, otherwise when it next enters it (also a state it passes through within one event).
     * Dependent stages run on a common-pool thread, never on the event loop. The future fails with
     * {@link IllegalStateException} when the server closes first. Cancel it, or use
     * {@link CompletableFuture#orTimeout}, to stop waiting.
     *
     * @throws IllegalArgumentException if there is no such relationship
     */
    public CompletableFuture<EndpointStatus> whenState(String relationship, ServerState state) {
        endpoint(relationship);
        Objects.requireNonNull(state, "state");
        if (closed.get()) {
            return CompletableFuture.failedFuture(new IllegalStateException("failover server "
                    + endpoints.keySet() + " is closed"));
        }
        return waiters.when(relationship, state);
    }

    /**
     * Waits until the relationship's endpoint is in {@code state} (see {@link #whenState}), for at
     * most {@code timeout}; so hosts and tests need no polling loop.
     *
     * @return true if the state was reached, false if the timeout passed first
     * @throws IllegalStateException if the server is or becomes closed
     * @throws InterruptedException if the calling thread is interrupted while waiting
     */
    public boolean awaitState(String relationship, ServerState state, Duration timeout) throws InterruptedException {
        CompletableFuture<EndpointStatus> done = whenState(relationship, state);
        try {
            done.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            done.cancel(false);
            return false;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IllegalStateException ise) {
                throw new IllegalStateException(ise.getMessage(), ise);
            }
            throw new IllegalStateException("waiting for " + state + " failed", e.getCause());
        }
    }

    /**
     * The hooks a host calls around each REPLY for this relationship (docs/architecture.md §4); thread-safe,
     * never waits for the event loop.
     */
    public LeaseHooks hooks(String relationship) {
        return endpoint(relationship).hooks();
    }

    /** The status of every relationship's endpoint, in configuration order. */
    public List<EndpointStatus> statuses() {
        return endpoints.values().stream().map(e -> StatusView.of(e.snapshot())).toList();
    }

    /**
     * The operator's "partner is down" (RFC 8156 §8.4) for one relationship. Waits for the event
     * loop and returns whether the state changed.
     */
    public boolean partnerDown(String relationship) throws InterruptedException {
        FailoverEndpoint e = endpoint(relationship);
        checkOpen();
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        submit(() -> done.complete(e.partnerDown(Now.of(clock))));
        try {
            return done.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException ex) {
            throw new IllegalStateException("event loop did not run the partner-down command", ex);
        }
    }

    /**
     * How much one relationship's endpoint holds in memory (bindings, updates queued and awaiting
     * the partner's answer, scheduled expiry looks), for monitoring. Waits for the event loop,
     * which owns those queues.
     */
    public EndpointQueues queues(String relationship) throws InterruptedException {
        FailoverEndpoint e = endpoint(relationship);
        checkOpen();
        CompletableFuture<EndpointQueues> done = new CompletableFuture<>();
        submit(() -> done.complete(e.queues()));
        try {
            return done.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException ex) {
            throw new IllegalStateException("event loop did not report its queues", ex);
        }
    }

    /**
     * Counters and gauges of one relationship (state, connection, skew, BNDUPD traffic and
     * refusals, queues, hook decisions, commit times), for monitoring. Waits for the event loop,
     * which owns the queues; before {@link #start} and after {@link #close} there is none to wait
     * for, so it throws {@link IllegalStateException} at once.
     */
    public RelationshipMetrics metrics(String relationship) throws InterruptedException {
        FailoverEndpoint e = endpoint(relationship);
        if (!eventLoop.running()) {
            // Monitoring binds and scrapes when it likes; it must not wait 10 s for a loop not there.
            throw new IllegalStateException("failover server is not running");
        }
        CompletableFuture<RelationshipMetrics> done = new CompletableFuture<>();
        submit(() -> done.complete(e.metrics(Now.of(clock))));
        try {
            return done.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException ex) {
            throw new IllegalStateException("event loop did not report its metrics", ex);
        }
    }

    /** The names of the relationships, in configuration order. */
    public List<String> relationships() {
        return List.copyOf(endpoints.keySet());
    }

    /** Runs a task on the event loop; never blocks. */
    private void submit(Runnable task) {
        tasks.add(task);
    }

    private void checkOpen() {
        if (closed.get()) {
            throw new IllegalStateException("failover server " + endpoints.keySet() + " is closed");
        }
    }

    private FailoverEndpoint endpoint(String relationship) {
        FailoverEndpoint e = endpoints.get(relationship);
        if (e == null) {
            throw new IllegalArgumentException("no relationship named '" + relationship + "'; have " + endpoints.keySet());
        }
        return e;
    }

    /**
     * Refuses every hook call from now on, sends DISCONNECT to every partner, stops the loop,
     * closes listeners and the transport. Does not close the lease stores (see the class
     * comment). Calling it again does nothing.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        // Hooks first: from here on no host thread leases or writes, whatever the loop does.
        endpoints.values().forEach(e -> e.hooks().close(HOOK_DRAIN));
        waiters.closeAll("failover server " + endpoints.keySet() + " closed");
        if (!eventLoop.running()) {
            transport.close();
            return;
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        submit(() -> {
            endpoints.values().forEach(e -> e.shutdown(Now.of(clock)));
            done.complete(null);
        });
        try {
            done.get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("{}: event loop did not shut the endpoints down in time: {}", label, e.toString());
        }
        eventLoop.stop();
        loop.interrupt();
        for (AutoCloseable l : listeners) {
            try {
                l.close();
            } catch (Exception e) {
                LOG.debug("{}: closing listener: {}", label, e.toString());
            }
        }
        try {
            loop.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        transport.close();
    }

    private record EndpointSpec(RelationshipConfig config, LeaseStore store, FailoverListener listener) {
    }

    /** Builds a {@link FailoverServer}; {@link #build()} checks the required parts. */
    public static final class Builder {
        private Transport transport;
        private ClockSource clock = ClockSource.SYSTEM;
        private Thread.UncaughtExceptionHandler errorHandler =
                (t, e) -> LOG.error("failover event loop error (continuing)", e);
        private final List<EndpointSpec> specs = new ArrayList<>();

        private Builder() {
        }

        /** The transport to partners (required): TLS for users, plain TCP only where explicitly chosen. */
        public Builder transport(Transport value) {
            this.transport = Objects.requireNonNull(value, "transport");
            return this;
        }

        /** The clock (default {@link ClockSource#SYSTEM}). */
        public Builder clock(ClockSource value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /** Where unexpected errors of the event loop go (default: logged). Never exits the process. */
        public Builder errorHandler(Thread.UncaughtExceptionHandler value) {
            this.errorHandler = Objects.requireNonNull(value, "errorHandler");
            return this;
        }

        /** Adds a relationship with its store and listener. */
        public Builder relationship(RelationshipConfig config, LeaseStore store, FailoverListener listener) {
            Objects.requireNonNull(config, "config");
            if (specs.stream().anyMatch(s -> s.config.name().equals(config.name()))) {
                throw new IllegalArgumentException("relationship '" + config.name() + "' added twice");
            }
            specs.add(new EndpointSpec(config, Objects.requireNonNull(store, "store"),
                    Objects.requireNonNull(listener, "listener")));
            return this;
        }

        /**
         * Builds the server; nothing runs until {@link FailoverServer#start()}.
         *
         * @throws IllegalArgumentException if the transport or every relationship is missing
         * @throws LeaseStoreException if an endpoint's saved state cannot be read
         */
        public FailoverServer build() throws LeaseStoreException {
            if (transport == null) {
                throw new IllegalArgumentException("a transport is required");
            }
            if (specs.isEmpty()) {
                throw new IllegalArgumentException("at least one relationship is required");
            }
            // Each pool belongs to exactly one endpoint (RFC 8156 §6.2).
            for (EndpointSpec spec : specs) {
                PoolValidation.validate(spec.config.name(), spec.config.addressPools(), spec.config.prefixPools());
            }
            PoolValidation.validateAcrossRelationships(specs.stream().map(EndpointSpec::config).toList());
            return new FailoverServer(this);
        }
    }
}
