package org.dhcpv6.failover.core.sim;

import java.util.List;
import java.util.Optional;
import org.dhcpv6.failover.api.ServerState;
import org.dhcpv6.failover.api.EndpointQueues;
import org.dhcpv6.failover.core.internal.state.EndpointSnapshot;

/**
 * What must hold in every run. {@link #afterEvent} runs after every single event; the liveness
 * checks run at the end of the liveness phase. Each violation names its invariant by letter:
 * <ul>
 *   <li>(a) no PARTNER-DOWN on both servers while both see communications OK; and with neither
 *       the operator's command nor auto-partner-down in the run, no PARTNER-DOWN at all;</li>
 *   <li>(b) the engine never throws (reported by {@link SimServer} as it happens);</li>
 *   <li>(c) bounded memory: frames in flight per direction and the event queue stay small, and in
 *       each engine the lazy update queue holds each resource at most once, no more BNDUPDs await
 *       an answer than the partner's max-unacked, and the expiry queue holds at most
 *       {@link #EXPIRY_ENTRIES_PER_BINDING} looks per binding (superseded looks drain when due);</li>
 *   <li>(d) once faults heal, both servers reach NORMAL within {@link Swarm#livenessBoundNanos()};</li>
 *   <li>(e) after that, each server's idea of its partner's state is the partner's state.</li>
 * </ul>
 * Client invariants ({@link ClientInvariant}) run after every event too.
 */
final class Invariants {

    /**
     * Frames one direction may hold besides a full send window of BNDUPDs and the BNDREPLYs to the
     * partner's: a stalled reader for minutes at a CONTACT a second.
     */
    static final int MAX_OTHER_IN_FLIGHT = 2_000;
    /** Events waiting at once; a leak of timers or frames shows here first. */
    static final int MAX_QUEUE = 20_000;

    /**
     * Looks per binding the expiry queue may hold: a grant, its renewals within one lifetime and
     * the rechecks of an ended lease stay a handful; a leak of superseded looks grows without end.
     */
    static final int EXPIRY_ENTRIES_PER_BINDING = 8;

    private final Swarm swarm;
    private final List<ClientInvariant> clientInvariants;

    Invariants(Swarm swarm, List<ClientInvariant> clientInvariants) {
        this.swarm = swarm;
        this.clientInvariants = List.copyOf(clientInvariants);
    }

    /** The safety checks, after every event. */
    Optional<String> afterEvent(SimServer p, SimServer s, SimNetwork network, EventQueue queue) {
        Optional<String> pd = partnerDown(p, s);
        if (pd.isPresent()) {
            return pd;
        }
        int maxInFlight = MAX_OTHER_IN_FLIGHT + 2 * p.config.maxUnackedBndupd();
        if (network.maxInFlight() > maxInFlight) {
            return Optional.of("(c) more than " + maxInFlight + " frames in flight on one connection");
        }
        if (queue.size() > MAX_QUEUE) {
            return Optional.of("(c) event queue holds " + queue.size() + " events");
        }
        for (SimServer server : new SimServer[] {p, s}) {
            Optional<String> m = engineMemory(server);
            if (m.isPresent()) {
                return m;
            }
        }
        for (ClientInvariant c : clientInvariants) {
            Optional<String> v = c.check(p, s, queue.now());
            if (v.isPresent()) {
                return v;
            }
        }
        return Optional.empty();
    }

    private static Optional<String> engineMemory(SimServer server) {
        EndpointQueues q = server.queues();
        if (q == null) {
            return Optional.empty();
        }
        if (q.queuedUpdates() > q.bindings()
                || q.updatesAwaitingAck() > server.config.maxUnackedBndupd() // both sides use one value
                || q.expiryEntries() > EXPIRY_ENTRIES_PER_BINDING * q.bindings() + 64) {
            return Optional.of("(c) " + server.label + " holds " + q);
        }
        return Optional.empty();
    }

    private Optional<String> partnerDown(SimServer p, SimServer s) {
        if (swarm.operatorPartnerDown()) {
            // The operator may declare both down: that is the operator's responsibility.
            return Optional.empty();
        }
        ServerState ps = p.state();
        ServerState ss = s.state();
        if (swarm.autoPartnerDown() == null
                && (ps == ServerState.PARTNER_DOWN || ss == ServerState.PARTNER_DOWN)) {
            return Optional.of("(a) " + (ps == ServerState.PARTNER_DOWN ? "primary" : "secondary")
                    + " in PARTNER-DOWN without the operator's command or auto-partner-down");
        }
        if (ps == ServerState.PARTNER_DOWN && ss == ServerState.PARTNER_DOWN
                && p.snapshot().orElseThrow().communicationsOk() && s.snapshot().orElseThrow().communicationsOk()) {
            return Optional.of("(a) both servers in PARTNER-DOWN while communications are OK");
        }
        return Optional.empty();
    }

    /** (d), at the end of the liveness phase. */
    Optional<String> reachedNormal(SimServer p, SimServer s) {
        if (p.state() == ServerState.NORMAL && s.state() == ServerState.NORMAL) {
            return Optional.empty();
        }
        return Optional.of("(d) not both NORMAL " + swarm.livenessBoundNanos() / 1_000_000_000L
                + " s after faults healed: primary " + describe(p) + "; secondary " + describe(s));
    }

    /** (e), once NORMAL has held a little while. */
    Optional<String> statesAgree(SimServer p, SimServer s) {
        EndpointSnapshot a = p.snapshot().orElseThrow();
        EndpointSnapshot b = s.snapshot().orElseThrow();
        if (a.communicationsOk() && b.communicationsOk() && a.partnerState() == b.state()
                && b.partnerState() == a.state()) {
            return Optional.empty();
        }
        return Optional.of("(e) partners disagree after quiescence: primary " + describe(p) + "; secondary "
                + describe(s));
    }

    private static String describe(SimServer server) {
        return server.snapshot().map(EndpointSnapshot::describe).orElse("down");
    }
}
