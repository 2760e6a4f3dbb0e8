package org.dhcpv6.failover.core.sim;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.function.IntPredicate;
import org.dhcpv6.failover.core.sim.Swarm.FaultKind;

/**
 * Injects the seed's faults during the safety phase: each enabled kind recurs after exponential
 * intervals with its own mean; faults with a duration (partitions, stalls, delay spikes, a
 * server being down) schedule their own end. {@link #healAll} ends them for the liveness phase.
 */
final class FaultSchedule {

    private static final long SECOND = 1_000_000_000L;

    private final EventQueue queue;
    private final SplittableRandom random;
    private final Swarm swarm;
    private final SimNetwork network;
    private final SimServer[] servers;
    private final EventLog log;
    private final long safetyEndNanos;
    private long injected;
    private boolean operatorUsed;
    /** Whether the server on a side was in PARTNER-DOWN since the two last talked. */
    private IntPredicate partnerDownSinceContact = side -> false;

    FaultSchedule(EventQueue queue, SplittableRandom random, Swarm swarm, SimNetwork network, SimServer[] servers,
            EventLog log) {
        this.queue = queue;
        this.random = random;
        this.swarm = swarm;
        this.network = network;
        this.servers = servers;
        this.log = log;
        this.safetyEndNanos = swarm.safetyNanos();
    }

    /** Tells the schedule which server holds the only record of its PARTNER-DOWN grants. */
    void partnerDownSinceContact(IntPredicate which) {
        this.partnerDownSinceContact = which;
    }

    /** Schedules the first occurrence of every enabled kind, in the enum's fixed order. */
    void start() {
        for (FaultKind k : FaultKind.values()) {
            if (swarm.enabled(k)) {
                scheduleNext(k);
            }
        }
    }

    private void scheduleNext(FaultKind k) {
        double mean = swarm.meanIntervals().get(k);
        long at = queue.now() + (long) (-Math.log(1.0 - random.nextDouble()) * mean);
        if (at < safetyEndNanos) {
            queue.at(at, "fault " + k, () -> {
                inject(k);
                scheduleNext(k);
            });
        }
    }

    private long between(long minSeconds, long maxSeconds) {
        return minSeconds * SECOND + random.nextLong((maxSeconds - minSeconds) * SECOND + 1);
    }

    private void inject(FaultKind k) {
        injected++;
        int side = random.nextInt(2);
        SimServer server = servers[side];
        if (k != FaultKind.PARTITION_BOTH_WAYS && k != FaultKind.RESET && k != FaultKind.DELAY_SPIKE) {
            // The queue's "fault K" line cannot name the side: it is drawn only now.
            log.note(queue.now(), k + " hits " + server.label);
        }
        switch (k) {
            case PARTITION_BOTH_WAYS -> {
                network.partition(true, true);
                queue.after(between(5, 600), "partition heals", network::heal);
            }
            case PARTITION_ONE_WAY -> {
                network.partition(side == 0, side == 1);
                queue.after(between(5, 600), "partition heals", network::heal);
            }
            case RESET -> network.resetAll("connection reset (fault)");
            case DELAY_SPIKE -> {
                network.delaySpike(between(1, 20));
                queue.after(between(10, 300), "delay spike ends", () -> network.delaySpike(0));
            }
            case STALL -> network.stall(side, queue.now() + between(1, 180));
            case CRASH -> down(server, () -> server.crash(random.nextBoolean(), false));
            // Both databases gone before either was rebuilt is beyond any failover protocol: while
            // the partner still lacks its copy, this crash keeps the store. So is the store of a
            // server that was in PARTNER-DOWN since the two last talked, or that holds a lease
            // granted there beyond MCLT and not yet acknowledged: what it granted in PARTNER-DOWN
            // (for any lifetime, no MCLT bound, RFC 8156 §4.2.2.1) exists nowhere else.
            case CRASH_LOSING_STORE -> down(server, () -> {
                boolean notify = random.nextBoolean();
                boolean soleRecord = partnerDownSinceContact.test(side) || server.holdsLeaseOnlyItKnows();
                if (soleRecord) {
                    log.note(queue.now(), server.label + " keeps its store: it holds the only record of its PARTNER-DOWN grants");
                }
                server.crash(notify, !servers[1 - side].storeIncomplete() && !soleRecord);
            });
            case GRACEFUL_RESTART -> down(server, server::shutdown);
            case CLOCK_STEP -> {
                long max = Swarm.MAX_CLOCK_STEP.toNanos();
                server.clock.step(Duration.ofNanos(random.nextLong(2 * max + 1) - max));
                log.note(queue.now(), server.label + " wall clock now " + server.clock);
            }
            case OPERATOR_PARTNER_DOWN -> {
                if (server.operatorPartnerDown()) {
                    operatorUsed = true;
                }
            }
        }
    }

    /**
     * A server died at an engine fault point ({@link SimFaults}); it comes back like any crashed
     * server. Counted by {@link SimFaults}, not here.
     */
    void crashedAtFaultPoint(SimServer server) {
        rebootLater(server);
    }

    private void down(SimServer server, Runnable how) {
        if (!server.up()) {
            return;
        }
        how.run();
        rebootLater(server);
    }

    private void rebootLater(SimServer server) {
        queue.after(between(1, 900), server.label + " boots", () -> {
            if (!server.up() && queue.now() < safetyEndNanos) {
                server.boot();
            }
        });
    }

    /** The liveness phase begins: the network heals and every server is up. */
    void healAll() {
        network.heal();
        network.delaySpike(0);
        for (SimServer s : servers) {
            if (!s.up()) {
                s.boot();
            }
        }
    }

    long injected() {
        return injected;
    }

    /** Whether the operator's "partner is down" was applied at least once. */
    boolean operatorUsed() {
        return operatorUsed;
    }
}
