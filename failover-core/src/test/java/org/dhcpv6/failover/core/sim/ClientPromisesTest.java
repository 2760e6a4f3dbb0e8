package org.dhcpv6.failover.core.sim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/**
 * Every client invariant, (1) to (4), over the default seeds. Disabled while violations stand:
 * over seeds 1-1,500, (1) fails on 3 seeds (331, 835, 1420) and (4) on 27 (expiry differences of
 * 5-18 s after skew translation, and FREE vs FREE-BACKUP after prefix take-backs). Enable it when
 * they are fixed and fold its checks into {@link SimulationTest#GATED_CHECKS}.
 */
class ClientPromisesTest {

    @Disabled("(1) on seeds 331, 835, 1420 and (4) on 27 of seeds 1-1500 are not fixed yet; see the class comment")
    @Test
    void seedsKeepEveryClientPromise() {
        int seeds = Integer.getInteger("failover.sim.seeds", SimulationTest.DEFAULT_SEEDS);
        SimulationRunner.Summary summary = SimulationRunner.run(1, seeds, Simulation.Options.DEFAULT);
        summary.failures().stream().limit(5).forEach(r -> System.out.println(r.report()));
        System.out.println(summary.line());
        assertTrue(summary.failures().isEmpty(), summary::line);
    }
}
