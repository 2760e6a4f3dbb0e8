package org.dhcpv6.failover.core.sim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/**
 * Every client invariant, (1) to (4), over the default seeds. Disabled while the engine bugs kept
 * in {@link SimulationRegressionTest} stand: on the first 200 seeds some 18% fail, mostly (1)
 * after a store loss (engine bug B1 there) and a few (3) and (4) not yet diagnosed. Enable it
 * when they are fixed and fold its checks into {@link SimulationTest#GATED_CHECKS}.
 */
class ClientPromisesTest {

    @Disabled("engine bug B1 (lost store forgets extensions the partner never saw) and undiagnosed (3)/(4) seeds;"
            + " see SimulationRegressionTest")
    @Test
    void seedsKeepEveryClientPromise() {
        int seeds = Integer.getInteger("failover.sim.seeds", SimulationTest.DEFAULT_SEEDS);
        SimulationRunner.Summary summary = SimulationRunner.run(1, seeds, Simulation.Options.DEFAULT);
        summary.failures().stream().limit(5).forEach(r -> System.out.println(r.report()));
        System.out.println(summary.line());
        assertTrue(summary.failures().isEmpty(), summary::line);
    }
}
