package org.dhcpv6.failover.core.sim;

import java.time.Instant;
import java.util.SplittableRandom;
import org.dhcpv6.failover.api.Binding;
import org.dhcpv6.failover.api.ClientIdentity;
import org.dhcpv6.failover.api.Duid;
import org.dhcpv6.failover.api.IaType;
import org.dhcpv6.failover.api.LeaseDecision;
import org.dhcpv6.failover.api.LeaseRequest;
import org.dhcpv6.failover.api.MessageKind;
import org.dhcpv6.failover.api.Resource;
import org.dhcpv6.failover.core.internal.binding.EndpointHooks;
import org.dhcpv6.failover.core.internal.engine.EndpointSnapshot;

/**
 * The DHCPv6 clients of one run: a few hundred {@link SimClient}s arriving over the safety phase,
 * IA_NA and IA_PD, and the one place they talk to servers ({@link #ask}), the way a host server
 * calls the hooks: {@code clientService()}, then {@code beforeReply}, the REPLY, then
 * {@code afterReply}. Every answer is judged by the {@link ClientLedger} with what the server
 * showed just before it. Clients are on the DHCP network, not the failover link: a client reaches
 * every server that is up, whatever partition separates the servers (the split-brain case).
 */
final class SimClients {

    /** Seconds a client's policy asks for, before the MCLT cap. */
    static final int MIN_DESIRED_SECONDS = 600;
    static final int MAX_DESIRED_SECONDS = 1_800;

    final EventQueue queue;
    final SplittableRandom random;
    final SimServer[] servers;
    final ClientLedger ledger;
    final EventLog log;
    private final long arrivalsEndNanos;
    private final int count;

    SimClients(EventQueue queue, SplittableRandom random, Swarm swarm, SimServer[] servers, ClientLedger ledger,
            EventLog log) {
        this.queue = queue;
        this.random = random;
        this.servers = servers;
        this.ledger = ledger;
        this.log = log;
        this.arrivalsEndNanos = swarm.safetyNanos();
        this.count = 100 + random.nextInt(301);
    }

    /** Schedules every client's arrival, spread over the safety phase. */
    void start() {
        for (int id = 1; id <= count; id++) {
            IaType type = random.nextInt(10) < 7 ? IaType.IA_NA : IaType.IA_PD;
            ClientIdentity identity = new ClientIdentity(Duid.parseHex(String.format("00030001%08x", id)), id, type);
            int desired = random.nextInt(MIN_DESIRED_SECONDS, MAX_DESIRED_SECONDS + 1);
            SimClient c = new SimClient(id, identity, desired, this);
            queue.at(random.nextLong(arrivalsEndNanos), "client " + id + " arrives", c::solicit);
        }
    }

    int count() {
        return count;
    }

    /** What one server said, with whether it knew the lease before (for invariant (3)). */
    record Answer(int side, LeaseDecision decision) {
    }

    /**
     * One exchange with one server: null when the server is down or does not answer this message
     * in its state (no REPLY); else the decision, committed and queued for the partner.
     */
    Answer ask(int side, SimClient c, MessageKind kind, Resource r, boolean directed) {
        SimServer s = servers[side];
        EndpointHooks hooks = s.hooks().orElse(null);
        if (hooks == null || !hooks.clientService().allows(directed)) {
            return null;
        }
        EndpointSnapshot snapshot = s.snapshot().orElseThrow();
        Binding before = hooks.binding(r).orElse(null);
        Instant wallNow = s.clock.wallTime();
        LeaseRequest request = LeaseRequest.of(kind, c.identity, r, c.desiredSeconds, c.desiredSeconds, directed);
        LeaseDecision d = hooks.beforeReply(request);
        hooks.afterReply(d);
        ledger.checkCap(s.label, snapshot, before, wallNow, d);
        if (kind == MessageKind.RENEW || kind == MessageKind.REBIND) {
            boolean sameClient = before != null && c.identity.equals(before.client());
            ledger.checkStability(s.label, c.id, queue.now(), before, sameClient, c.grantedBy(side, s.storeEpoch()), d);
        }
        if (d.allowed() && kind != MessageKind.SOLICIT) {
            // The host's wakeup: the event loop sends the BNDUPD (and may die at a fault point).
            s.hostChanged();
        }
        return new Answer(side, d);
    }

    /** Whether new clients may still arrive or come back. */
    boolean arriving() {
        return queue.now() < arrivalsEndNanos;
    }

    long seconds(long s) {
        return s * 1_000_000_000L;
    }

    /** A random delay between two bounds in seconds. */
    long between(double minSeconds, double maxSeconds) {
        return (long) ((minSeconds + random.nextDouble() * (maxSeconds - minSeconds)) * 1e9);
    }
}
