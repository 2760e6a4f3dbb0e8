package org.dhcpv6.failover.core.internal.binding;

import java.util.List;
import java.util.Optional;
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
import org.dhcpv6.failover.api.LeaseDecision.Outcome;
import org.dhcpv6.failover.api.LeaseHooks;
import org.dhcpv6.failover.api.LeaseRequest;
import org.dhcpv6.failover.api.LeaseStoreException;
import org.dhcpv6.failover.api.RelationshipConfig;
import org.dhcpv6.failover.api.Resource;
import org.dhcpv6.failover.api.ServerState;
import org.dhcpv6.failover.core.internal.engine.EndpointSnapshot;
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
    /** Test-only switch for the simulator's mutation check; always on in production. */
    private volatile boolean mcltCapEnabled = true;
    private volatile boolean closed;
    /** Read-held by each beforeReply, write-held by close: no store write after close returns. */
    private final ReadWriteLock writers = new ReentrantReadWriteLock();

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
        return changed.poll();
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
                return true;
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
            LeaseDecision d = decide(request);
            counters.decided(d.outcome());
            return d;
        } finally {
            writers.readLock().unlock();
        }
    }

    private LeaseDecision decide(LeaseRequest request) {
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
        LeaseGrants.Context ctx = new LeaseGrants.Context(config.role(), s.state(), s.mclt(), s.partnerDownSince(),
                clock.wallTime(), s.newPrefixesWithheld(), s.newLeasesWithheld());
        try (BindingTable.Locked lock = table.lock(resource)) {
            Binding current = table.get(resource);
            return switch (request.kind()) {
                case RELEASE -> end(current, request, BindingStatus.RELEASED, ctx);
                case DECLINE -> end(current, request, BindingStatus.ABANDONED, ctx);
                case CONFIRM, INFORMATION_REQUEST -> LeaseDecision.refuse(request, Outcome.NOT_IN_POOL,
                        request.kind() + " leases nothing");
                default -> grant(current, request, ctx);
            };
        }
    }

    private LeaseDecision grant(Binding current, LeaseRequest request, LeaseGrants.Context ctx) {
        Outcome refusal = LeaseGrants.refusal(current, request, ctx);
        if (refusal != null) {
            return LeaseDecision.refuse(request, refusal, request.resource() + " "
                    + (current == null ? "unbound" : current.status().rfcName()) + " in " + ctx.state().rfcName());
        }
        // Only a lease that goes on may run to the partner lifetime the partner acknowledged plus
        // MCLT. On a free record that acknowledgement was for a lease that has ended: the partner
        // holds the resource free, and in PARTNER-DOWN may take a free prefix MCLT after entering it
        // (RFC 8156 §4.2.2.1), so a new lease, even to the record's last client, gets MCLT. Seed
        // 2959: the primary, out of touch, gave 2001:db8:1::11's last client 680 s on its FREE
        // record (13,381.7 s, to that lease's acknowledged 14,002.6 s plus MCLT), then lost its
        // store; the secondary's copy said FREE, nothing held it, and the primary leased the address
        // to another client at 13,983.3 s, 78 s before the first one's lease ended.
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
        if (!commit(next)) {
            return LeaseDecision.refuse(request, Outcome.NOT_COMMITTED, "store refused the write");
        }
        expiries.add(next.resource(), next.stateExpirationTime());
        return granted;
    }

    private LeaseDecision end(Binding current, LeaseRequest request, BindingStatus status, LeaseGrants.Context ctx) {
        if (current == null || !request.client().equals(current.client()) || current.status() != BindingStatus.ACTIVE) {
            return LeaseDecision.refuse(request, Outcome.IN_USE, "no ACTIVE binding of " + request.resource()
                    + " for this client");
        }
        Binding next = LeaseGrants.ended(current, status, ctx.now());
        if (!commit(next)) {
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

    @Override
    public void afterReply(LeaseDecision decision) {
        if (closed || !decision.allowed() || (decision.outcome() == Outcome.GRANTED && !decision.request().kind().commits())) {
            return;
        }
        changed.add(decision.request().resource());
        wakeup.run();
    }

    @Override
    public Optional<Ipv6Address> nextFreeAddress() {
        EndpointSnapshot s = snapshot.get();
        if (!mayLeaseNew(s)) {
            return Optional.empty();
        }
        return allocation.nextAddress(clock.wallTime(), s);
    }

    @Override
    public Optional<Ipv6Prefix> nextFreePrefix() {
        EndpointSnapshot s = snapshot.get();
        if (!mayLeaseNew(s)) {
            return Optional.empty();
        }
        return allocation.nextPrefix(clock.wallTime(), s);
    }

    private boolean mayLeaseNew(EndpointSnapshot s) {
        // Not while a lost store's UPDREQALL is unanswered: the partner's records of our half are not
        // here yet (seed 11763, EndpointSnapshot.newLeasesWithheld).
        return !closed && s.clientService() == ClientService.RESPONSIVE && s.state() != ServerState.RECOVER_DONE
                && !s.newLeasesWithheld();
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
