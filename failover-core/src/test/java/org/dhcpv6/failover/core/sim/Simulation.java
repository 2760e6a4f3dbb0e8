package org.dhcpv6.failover.core.sim;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;
import org.dhcpv6.failover.api.LeaseHooks;
import org.dhcpv6.failover.api.LeaseStore;
import org.dhcpv6.failover.api.RelationshipConfig;
import org.dhcpv6.failover.api.Role;
import org.dhcpv6.failover.api.ServerState;
import org.dhcpv6.failover.core.engine.FailoverEndpoint;
import org.dhcpv6.failover.core.engine.Outbox;

/**
 * One seeded run of two servers, the way Kafka's {@code RaftEventSimulationTest} and TigerBeetle's
 * VOPR run theirs: everything comes from one {@link SplittableRandom}, split per component in a
 * fixed order, and one {@link EventQueue} on one thread. A safety phase injects the seed's faults;
 * a liveness phase heals them and expects NORMAL; {@link Invariants} run after every event. The
 * same seed and options give the same run, event for event.
 */
final class Simulation {

    /** How long after NORMAL the partners' views of each other are compared (invariant e). */
    private static final long SETTLE_NANOS = Duration.ofSeconds(30).toNanos();
    /** More events than this at one instant means a timer that never moves on. */
    private static final int MAX_EVENTS_AT_ONE_INSTANT = 10_000;
    private static final int LOG_LINES = 30;

    /**
     * What a run may be built with besides its seed; tests sabotage through the wrappers.
     *
     * @param outboxWrapper wraps each engine incarnation's outbox
     * @param storeWrapper wraps each store the engine is given
     * @param hooks makes the host hooks of an engine incarnation (null while the engine has none)
     * @param clientInvariants checked after every event beside {@link Invariants}
     */
    record Options(UnaryOperator<Outbox> outboxWrapper, UnaryOperator<LeaseStore> storeWrapper,
            BiFunction<FailoverEndpoint, LeaseStore, LeaseHooks> hooks, List<ClientInvariant> clientInvariants) {

        static final Options DEFAULT = new Options(o -> o, s -> s, (e, s) -> null, List.of());

        Options withOutbox(UnaryOperator<Outbox> wrapper) {
            return new Options(wrapper, storeWrapper, hooks, clientInvariants);
        }

        Options withStore(UnaryOperator<LeaseStore> wrapper) {
            return new Options(outboxWrapper, wrapper, hooks, clientInvariants);
        }
    }

    /**
     * The outcome of one seed.
     *
     * @param seed the seed
     * @param violation the first violated invariant, or null
     * @param lastEvents the event log at the violation (empty when none)
     * @param swarm the seed's settings, for the report
     * @param faults how many faults were injected
     * @param operatorPartnerDown whether the operator's "partner is down" was applied
     * @param events how many events ran
     * @param statesSeen the states either server entered, to show what the seeds cover
     */
    record Result(long seed, String violation, List<String> lastEvents, String swarm, long faults,
            boolean operatorPartnerDown, long events, Set<ServerState> statesSeen) {

        boolean failed() {
            return violation != null;
        }

        /** The failure report: seed, invariant, settings, last events, and how to replay. */
        String report() {
            StringBuilder b = new StringBuilder();
            b.append("simulation seed ").append(seed).append(" violated ").append(violation).append('\n');
            b.append("  settings: ").append(swarm).append('\n');
            b.append("  replay: mvn -B test -pl failover-core -am -Dtest=SimulationTest -Dsurefire.failIfNoSpecifiedTests=false")
                    .append(" -Dfailover.sim.seeds=1 -Dfailover.sim.seed=").append(seed).append('\n');
            b.append("  last ").append(lastEvents.size()).append(" events:\n");
            lastEvents.forEach(l -> b.append("    ").append(l).append('\n'));
            return b.toString();
        }
    }

    private final long seed;
    private final Swarm swarm;
    private final EventQueue queue = new EventQueue();
    private final EventLog log = new EventLog(LOG_LINES);
    private final SimNetwork network;
    private final SimServer[] servers = new SimServer[2];
    private final FaultSchedule faults;
    private final SimFaults faultPoints;
    private final Invariants invariants;
    private final Set<ServerState> statesSeen = EnumSet.noneOf(ServerState.class);
    private String violation;
    private boolean finished;
    private long events;

    private Simulation(long seed, Options options) {
        this.seed = seed;
        SplittableRandom root = new SplittableRandom(seed);
        this.swarm = Swarm.draw(root.split());
        this.network = new SimNetwork(queue, root.split(), swarm);
        SplittableRandom clocks = root.split();
        for (int side = 0; side < 2; side++) {
            Duration offset = Duration.ofMillis(clocks.nextLong(-86_400_000L, 86_400_001L));
            SimClock clock = new SimClock(queue, offset, clocks.nextDouble(-200.0, 200.0));
            servers[side] = new SimServer(side, config(side == 0 ? Role.PRIMARY : Role.SECONDARY), clock, queue,
                    network, options, log, statesSeen, what -> violated("(b) " + what));
            network.attach(side, servers[side]);
        }
        this.faults = new FaultSchedule(queue, root.split(), swarm, network, servers, log);
        this.faultPoints = new SimFaults(root.split());
        this.invariants = new Invariants(swarm, options.clientInvariants());
    }

    private RelationshipConfig config(Role role) {
        RelationshipConfig.Builder b = RelationshipConfig.builder("sim", role)
                .partnerAddress(new InetSocketAddress("2001:db8::" + (role == Role.PRIMARY ? 2 : 1), 647))
                .mclt(Swarm.MCLT)
                .keepalive(swarm.keepalive())
                .startupTime(swarm.startupTime())
                .connectRetry(swarm.connectRetry(), swarm.connectRetryMax());
        if (swarm.autoPartnerDown() != null) {
            b.autoPartnerDown(swarm.autoPartnerDown());
        }
        return b.build();
    }

    /** Runs one seed to its end or its first violation. */
    static Result run(long seed, Options options) {
        return new Simulation(seed, options).run();
    }

    private Result run() {
        long livenessStart = swarm.safetyNanos();
        long livenessCheck = livenessStart + swarm.livenessBoundNanos();
        queue.at(0, "P boots", servers[0]::boot);
        queue.at(0, "S boots", servers[1]::boot);
        faults.start();
        queue.at(livenessStart, "liveness phase: faults healed", faults::healAll);
        queue.at(livenessCheck, "liveness check", () -> check(invariants.reachedNormal(servers[0], servers[1])));
        queue.at(livenessCheck + SETTLE_NANOS, "settled check", () -> {
            check(invariants.reachedNormal(servers[0], servers[1]));
            check(invariants.statesAgree(servers[0], servers[1]));
            finished = true;
        });
        long lastAt = -1;
        int atThisInstant = 0;
        while (violation == null && !finished) {
            EventQueue.Event e = queue.next();
            if (e == null) {
                violated("(c) the event queue ran dry before the run ended");
                break;
            }
            events++;
            log.note(e.atNanos(), e.label());
            e.action().run();
            atThisInstant = e.atNanos() == lastAt ? atThisInstant + 1 : 0;
            lastAt = e.atNanos();
            if (atThisInstant > MAX_EVENTS_AT_ONE_INSTANT) {
                violated("(c) more than " + MAX_EVENTS_AT_ONE_INSTANT + " events at one instant: a busy loop");
            }
            if (violation == null) {
                check(invariants.afterEvent(servers[0], servers[1], network, queue));
            }
        }
        return new Result(seed, violation, violation == null ? List.of() : log.lines(), swarm.describe(),
                faults.injected() + faultPoints.injected(), faults.operatorUsed(), events, statesSeen);
    }

    private void check(Optional<String> v) {
        v.ifPresent(this::violated);
    }

    private void violated(String what) {
        if (violation == null) {
            violation = what;
            log.note(queue.now(), "VIOLATION " + what);
        }
    }
}
