package org.dhcpv6.failover.core.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Seeds kept on purpose: each ran into something during development, or covers a mix of faults
 * worth keeping an eye on whatever the default seed range becomes. A seed that exposes an engine
 * bug owned elsewhere goes in its own {@code @Disabled} test whose reason holds the diagnosis.
 */
class SimulationRegressionTest {

    /** Seeds that must keep passing with the real engine. */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void keptSeedsPass(long seed) {
        Simulation.Result r = Simulation.run(seed, Simulation.Options.DEFAULT);
        assertFalse(r.failed(), r::report);
    }

    /** The same seed twice gives the same run, event for event: the base of every replay. */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 7, 42})
    void aSeedReplaysExactly(long seed) {
        Simulation.Options sabotaged = Simulation.Options.DEFAULT.withOutbox(Sabotage.dropLaterStates());
        Simulation.Result a = Simulation.run(seed, sabotaged);
        Simulation.Result b = Simulation.run(seed, sabotaged);
        assertEquals(a.events(), b.events());
        assertEquals(a.faults(), b.faults());
        assertEquals(a.violation(), b.violation());
        assertEquals(a.lastEvents(), b.lastEvents());
    }
}
