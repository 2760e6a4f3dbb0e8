package org.dhcpv6.failover.core.sim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The seeded two-server simulation over many seeds (STYLE.md 23). {@code -Dfailover.sim.seeds=N}
 * sets how many, {@code -Dfailover.sim.seed=S} the first; {@code seeds=1} with a failing seed
 * replays that run exactly. A violation prints the seed, the invariant and the last events.
 * {@code -Dfailover.sim.checks=EXCLUSIVE,MCLT_CAP,STABILITY,AGREEMENT} chooses the client
 * invariants judged; the gate judges {@link #GATED_CHECKS} until the engine bugs recorded in
 * {@link SimulationRegressionTest} are fixed ({@code ClientPromisesTest} judges them all).
 */
class SimulationTest {

    /**
     * With a few hundred clients per seed (some 50,000 events a seed) 2,000 seeds took about
     * 100 s on two shared cores, inside the 2-3 min CI budget; more seeds on demand.
     */
    static final int DEFAULT_SEEDS = 2_000;

    /**
     * The client invariants the CI gate judges: (1) exclusivity, (2) the MCLT cap and (3) lease
     * stability, 0 violations over seeds 1-2,000. Not yet everywhere: seeds 2,001-32,000 gave 36
     * violations of (1) (0.12%; first 2426), none of (2) or (3). (4) binding agreement failed on 15
     * of seeds 1-2,000; the 14 take-back ones are fixed (regression seeds), 1193 (two clients for
     * one address) is not, and 301-2,000 have not been rerun since; see {@code ClientPromisesTest}.
     */
    static final String GATED_CHECKS = "EXCLUSIVE,MCLT_CAP,STABILITY";

    /** The options of the gate: every fault, clients on, {@link #GATED_CHECKS} judged. */
    static Simulation.Options gated() {
        return Simulation.Options.DEFAULT.withClientChecks(Arrays.stream(GATED_CHECKS.split(","))
                .map(ClientLedger.Check::valueOf).collect(Collectors.toSet()));
    }

    @Test
    void seedsKeepEveryInvariant() {
        int seeds = Integer.getInteger("failover.sim.seeds", DEFAULT_SEEDS);
        long first = Long.getLong("failover.sim.seed", 1L);
        String checks = System.getProperty("failover.sim.checks", GATED_CHECKS);
        Simulation.Options options = Simulation.Options.DEFAULT.withClientChecks(Arrays.stream(checks.split(","))
                .filter(c -> !c.isBlank()).map(ClientLedger.Check::valueOf).collect(Collectors.toSet()));
        SimulationRunner.Summary summary = SimulationRunner.run(first, seeds, options);
        summary.failures().forEach(r -> System.out.println(r.report()));
        System.out.println(summary.line());
        System.out.println(summary.operatorLine());
        System.out.println(summary.coverageLine());
        assertTrue(summary.failures().isEmpty(), () -> summary.line() + "; first failing seed "
                + summary.failures().get(0).seed() + ": " + summary.failures().get(0).violation());
    }
}
