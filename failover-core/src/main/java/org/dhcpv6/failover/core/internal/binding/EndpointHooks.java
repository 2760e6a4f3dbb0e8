package org.dhcpv6.failover.core.internal.binding;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import org.dhcpv6.failover.api.Binding;
import org.dhcpv6.failover.api.ClientIdentity;
import org.dhcpv6.failover.api.BindingStatus;
import org.dhcpv6.failover.api.ClientService;
import org.dhcpv6.failover.api.ClockSource;
import org.dhcpv6.failover.api.FailoverListener;
import org.dhcpv6.failover.api.Ipv6Address;
import org.dhcpv6.failover.api.Ipv6Prefix;
import org.dhcpv6.failover.api.LeaseDecision;
import org.dhcpv6.failover.api.LeaseCommit;
import org.dhcpv6.failover.api.LeaseDecision.Outcome;
import org.dhcpv6.failover.api.LeaseHooks;
import org.dhcpv6.failover.api.LeaseRequest;
import org.dhcpv6.failover.api.LeaseStoreException;
import org.dhcpv6.failover.api.RelationshipConfig;
import org.dhcpv6.failover.api.Resource;
import org.dhcpv6.failover.core.internal.state.EndpointSnapshot;
import org.dhcpv6.failover.core.internal.metrics.EndpointCounters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host's hooks for one endpoint (docs/architecture.md §4). {@link #beforeReply} runs on host threads: it
 * reads the endpoint snapshot (a volatile read), decides with {@link LeaseGrants} and
 * {@link LifetimePolicy}, and commits to the {@link BindingTable} under the resource's lock;
 * {@link #afterReply} only queues the resource for the event loop, which sends the BNDUPD.
 *
 * <p>After {@link #close(java.time.Duration)} every hook answers as a server that serves nobody (see
 * {@link org.dhcpv6.failover.api.LeaseHooks}); a {@code beforeReply} already running when close
 * starts finishes its write first, and none writes after close returns.
 */
public final class EndpointHooks implements LeaseHooks {

    private static final Logger LOG = LoggerFactory.getLogger(EndpointHooks.class);

    private final RelationshipConfig config;
    private final BindingTable table;
    private final Supplier<EndpointSnapshot> snapshot;
    private final ClockSource clock;
    private final StoreFailureLog commitFailures = new StoreFailureLog(LOG, "commit");
    private final Allocation allocation;
    private final ConcurrentLinkedQueue<Resource> changed = new ConcurrentLinkedQueue<>();
    private final ExpiryQueue expiries;
    private final EndpointCounters counters;
    private volatile Runnable wakeup = () -> { };
    /** Set when a wake-up for {@link #changed} is on its way: one per batch of replies, not one per reply. */
    private final java.util.concurrent.atomic.AtomicBoolean wakeQueued = new java.util.concurrent.atomic.AtomicBoolean();
    /** Test-only switch for the simulator's mutation check; always on in production. */
    private volatile boolean mcltCapEnabled = true;
    private volatile boolean closed;
    /** Read-held by each beforeReply, write-held by close: no store write after close returns. */
    private final ReadWriteLock writers = new ReentrantReadWriteLock();
    /** Asynchronous writes not yet durable: close waits for them, and a stuck one is given up. */
    private final InFlightCommits inFlight;

    /**
     * Hooks over the table, reading state from {@code snapshot} and time from {@code clock}; every
     * decision and commit time is counted in {@code counters}.
     */
    public EndpointHooks(RelationshipConfig config, BindingTable table, Supplier<EndpointSnapshot> snapshot,
            ClockSource clock, ExpiryQueue expiries, FailoverListener listener, EndpointCounters counters) {
        this.counters = counters;
        this.config = config;
        this.table = table;
        this.snapshot = snapshot;
        this.clock = clock;
        this.expiries = expiries;
        this.allocation = new Allocation(config, table, listener);
        this.inFlight = new InFlightCommits(clock, this::gaveUp);
    }

    /** Sets what to call when a change was queued (the runtime wakes its event loop). */
    public void onChange(Runnable wakeupAction) {
        this.wakeup = wakeupAction;
    }

    /** Wakes the event loop (a store call failed on a host thread: the loop takes the server out of service). */
    public void wake() {
        wakeup.run();
    }

    /** Resources changed by the host since the last call, for the event loop. */
    public Resource pollChanged() {
        Resource r = changed.poll();
        if (r == null) {
            // Cleared before the second look: whatever is added after it wakes the loop again.
            wakeQueued.set(false);
            r = changed.poll();
        }
        return r;
    }

    /** Whether the resource belongs to one of this endpoint's pools. */
    public boolean inPools(Resource resource) {
        return allocation.inPools(resource);
    }

    /** Disables the MCLT cap; only the simulator's check that it can catch a broken rule uses this. */
    public void disableMcltCapForTesting() {
        mcltCapEnabled = false;
    }

    /**
     * Refuses every later hook call; waits up to {@code timeout} for the {@code beforeReply} calls
     * in progress to finish their writes. Closing twice does nothing more.
     *
     * @return whether every call in progress finished within the timeout
     */
    public boolean close(java.time.Duration timeout) {
        closed = true;
        try {
            if (writers.writeLock().tryLock(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                writers.writeLock().unlock();
                // No write is queued after the lock: now wait for the queued ones to be durable.
                if (inFlight.awaitAll(timeout)) {
                    return true;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.warn("{}: a lease write was still in progress when the hooks closed", config.label());
        return false;
    }

    /** Whether {@link #close} was called. */
    public boolean isClosed() {
        return closed;
    }

    @Override
    public ClientService clientService() {
        return closed ? ClientService.UNRESPONSIVE : snapshot.get().clientService();
    }

    @Override
    public LeaseDecision beforeReply(LeaseRequest request) {
        writers.readLock().lock();
        try {
            if (closed) {
                return LeaseDecision.refuse(request, Outcome.NOT_RESPONSIVE, "failover server " + config.name()
                        + " is closed");
            }
            LeaseDecision d = decide(request, this::commit);
            counters.decided(d.outcome());
            return d;
        } finally {
            writers.readLock().unlock();
        }
    }

    /** How a decision's binding is written: through at once, or queued (see {@link #beforeReplyAsync}). */
    private interface Writes {
        /** Writes (or queues) the binding; false when the store refused it. */
        boolean commit(Binding next);
    }

    private LeaseDecision decide(LeaseRequest request, Writes writes) {
        EndpointSnapshot s = snapshot.get();
        if (!s.storeAvailable()) {
            return LeaseDecision.refuse(request, Outcome.NOT_COMMITTED, "lease store unavailable");
        }
        if (!s.clientService().allows(request.directedToThisServer())) {
            return LeaseDecision.refuse(request, Outcome.NOT_RESPONSIVE,
                    "server is " + s.state().rfcName() + " (" + s.clientService() + ")");
        }
        Resource resource = request.resource();
        if (!allocation.inPools(resource)) {
            return LeaseDecision.refuse(request, Outcome.NOT_IN_POOL, resource + " is in no pool of " + config.name());
        }
        LeaseGrants.Context ctx = new LeaseGrants.Context(s.leasePolicy(), clock.wallTime());
        try (BindingTable.Locked lock = table.lock(resource)) {
            Binding current = table.get(resource);
            return switch (request.kind()) {
                case RELEASE -> end(current, request, BindingStatus.RELEASED, ctx, writes);
                case DECLINE -> end(current, request, BindingStatus.ABANDONED, ctx, writes);
                case CONFIRM, INFORMATION_REQUEST -> LeaseDecision.refuse(request, Outcome.NOT_IN_POOL,
                        request.kind() + " leases nothing");
                default -> grant(current, request, ctx, writes);
            };
        }
    }

    private LeaseDecision grant(Binding current, LeaseRequest request, LeaseGrants.Context ctx, Writes writes) {
        Outcome refusal = LeaseGrants.refusal(current, request, ctx);
        if (refusal != null) {
            return LeaseDecision.refuse(request, refusal, request.resource() + " "
                    + (current == null ? "unbound" : current.status().rfcName()) + " in " + ctx.state().rfcName());
        }
        // Only a lease that goes on may run to the acknowledged partner lifetime plus MCLT; a new
        // lease on a free record, even to its last client, gets MCLT (docs/decisions/0014, seed 2959).
        boolean continuing = LeaseGrants.continuesLease(current, request.client());
        long valid = mcltCapEnabled
                ? LifetimePolicy.allowedValidSeconds(request.desiredValidSeconds(),
                        continuing ? current.ackedPartnerLifetime() : null, ctx.now(), ctx.mclt(), ctx.partnerDown())
                : request.desiredValidSeconds();
        if (LifetimePolicy.isTooShort(valid)) {
            return LeaseDecision.refuse(request, Outcome.TOO_SHORT, "only " + valid + " s allowed (RFC 8156 §1: 30 s)");
        }
        Lifetimes l = LifetimePolicy.scale(request.desiredPreferredSeconds(),
                request.desiredValidSeconds(), request.desiredT1Seconds(), request.desiredT2Seconds(), valid);
        LeaseDecision granted = new LeaseDecision(request, Outcome.GRANTED, l.preferredSeconds(), l.validSeconds(),
                l.t1Seconds(), l.t2Seconds(), "granted");
        if (!request.kind().commits()) {
            return granted;
        }
        Binding next = LeaseGrants.activeBinding(current, request, l, ctx.now());
        if (!writes.commit(next)) {
            return LeaseDecision.refuse(request, Outcome.NOT_COMMITTED, "store refused the write");
        }
        expiries.add(next.resource(), next.stateExpirationTime());
        return granted;
    }

    private LeaseDecision end(Binding current, LeaseRequest request, BindingStatus status, LeaseGrants.Context ctx,
            Writes writes) {
        if (current == null || !request.client().equals(current.client()) || current.status() != BindingStatus.ACTIVE) {
            return LeaseDecision.refuse(request, Outcome.IN_USE, "no ACTIVE binding of " + request.resource()
                    + " for this client");
        }
        Binding next = LeaseGrants.ended(current, status, ctx.now());
        if (!writes.commit(next)) {
            return LeaseDecision.refuse(request, Outcome.NOT_COMMITTED, "store refused the write");
        }
        return new LeaseDecision(request, Outcome.RECORDED, 0, 0, 0, 0, status.rfcName());
    }

    private boolean commit(Binding next) {
        long started = clock.monotonicNanos();
        try {
            table.commit(next);
            counters.committed(clock.monotonicNanos() - started);
            return true;
        } catch (LeaseStoreException e) {
            commitFailures.failed(config.label(), next.resource(), e.getMessage(), clock.wallTime());
            return false;
        }
    }

    /**
     * Decides as {@link #beforeReply} under the same read lock, but queues the write
     * ({@link BindingTable#commitAsync}) instead of waiting for it; the answer completes on the
     * store's thread. Decisions are counted when final, commit latency when durable.
     */
    @Override
    public LeaseCommit beforeReplyAsync(LeaseRequest request) {
        inFlight.expire();
        Queued queued = new Queued();
        LeaseDecision d;
        CompletableFuture<LeaseDecision> answer = new CompletableFuture<>();
        writers.readLock().lock();
        try {
            if (closed) {
                return LeaseCommit.done(LeaseDecision.refuse(request, Outcome.NOT_RESPONSIVE, "failover server "
                        + config.name() + " is closed"));
            }
            d = decide(request, queued);
            if (queued.flushed == null || !d.allowed()) {
                counters.decided(d.outcome());
                return LeaseCommit.done(d);
            }
            // Registered under the read lock, so close (after taking the write lock) waits for it.
            inFlight.add(new InFlightCommits.Write(queued.started, request, answer));
        } finally {
            writers.readLock().unlock();
        }
        LeaseDecision decided = d;
        queued.flushed.whenComplete((ok, e) -> {
            if (e == null) {
                if (answer.complete(decided)) {
                    counters.committed(clock.monotonicNanos() - queued.started);
                    counters.decided(decided.outcome());
                }
                return;
            }
            if (answer.complete(LeaseDecision.refuse(request, Outcome.NOT_COMMITTED, "store refused the write"))) {
                commitFailures.failed(config.name(), request.resource(), messageOf(e), clock.wallTime());
                counters.decided(Outcome.NOT_COMMITTED);
            }
        });
        return new LeaseCommit(d, answer);
    }

    /** The write of one asynchronous decision, queued under the resource's lock. */
    private final class Queued implements Writes {
        long started;
        CompletableFuture<Void> flushed;

        @Override
        public boolean commit(Binding binding) {
            started = clock.monotonicNanos();
            flushed = table.commitAsync(binding);
            if (flushed.isCompletedExceptionally()) {
                commitFailures.failed(config.name(), binding.resource(), messageOf(flushed), clock.wallTime());
                return false;
            }
            return true;
        }
    }

    /**
     * A queued write took longer than the limit: its decision is NOT_COMMITTED, so no REPLY goes
     * out. Its binding stays in the table: the store may still make it durable (a late flush), and
     * a table that had taken it back would disagree with what a restart loads. If the store does
     * fail it, {@link BindingTable#commitAsync} takes it back then.
     */
    private void gaveUp(InFlightCommits.Write w) {
        counters.decided(Outcome.NOT_COMMITTED);
        commitFailures.failed(config.name(), w.request().resource(), "not durable within "
                + InFlightCommits.LIMIT.toSeconds() + " s", clock.wallTime());
        wake();
    }

    private static String messageOf(CompletableFuture<?> failed) {
        try {
            failed.join();
            return "no failure";
        } catch (CompletionException | java.util.concurrent.CancellationException e) {
            return messageOf(e);
        }
    }

    private static String messageOf(Throwable e) {
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        return String.valueOf(cause.getMessage());
    }

    @Override
    public void afterReply(LeaseDecision decision) {
        if (closed || !decision.allowed() || (decision.outcome() == Outcome.GRANTED && !decision.request().kind().commits())) {
            return;
        }
        changed.add(decision.request().resource());
        if (wakeQueued.compareAndSet(false, true)) {
            wakeup.run();
        }
    }

    @Override
    public Optional<Ipv6Address> nextFreeAddress() {
        EndpointSnapshot s = snapshot.get();
        if (!mayLeaseNew(s)) {
            return Optional.empty();
        }
        return allocation.nextAddress(clock.wallTime(), s.leasePolicy());
    }

    @Override
    public Optional<Ipv6Prefix> nextFreePrefix() {
        EndpointSnapshot s = snapshot.get();
        if (!mayLeaseNew(s)) {
            return Optional.empty();
        }
        return allocation.nextPrefix(clock.wallTime(), s.leasePolicy());
    }

    private boolean mayLeaseNew(EndpointSnapshot s) {
        return !closed && s.leasePolicy().refusalOfAny() == null;
    }

    @Override
    public Optional<Binding> binding(Resource resource) {
        return closed ? Optional.empty() : Optional.ofNullable(table.get(resource));
    }

    @Override
    public List<Binding> bindingsOf(ClientIdentity client) {
        return closed ? List.of() : table.bindingsOf(client);
    }
}
