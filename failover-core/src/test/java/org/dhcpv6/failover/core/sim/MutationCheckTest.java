package org.dhcpv6.failover.core.sim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Shows the simulator catches planted bugs (a mutation check of the checker): each sabotage must
 * produce a violation within a bounded number of seeds, and the seed found must replay to the
 * same violation.
 */
class MutationCheckTest {

    private static final int SEEDS = 2_000;

    @Test
    void losingEveryStateIsCaughtAtOnce() {
        Simulation.Result r = firstFailure(Simulation.Options.DEFAULT.withOutbox(Sabotage.dropEveryState()), 10)
                .orElseThrow(() -> new AssertionError("dropping every STATE went unnoticed for 10 seeds"));
        assertTrue(r.violation().startsWith("(d)"), r::report);
    }

    @Test
    void losingStatesAfterTheFirstIsCaught() {
        Simulation.Options sabotaged = Simulation.Options.DEFAULT.withOutbox(Sabotage.dropLaterStates());
        Simulation.Result r = firstFailure(sabotaged, SEEDS)
                .orElseThrow(() -> new AssertionError("dropping later STATEs went unnoticed for " + SEEDS + " seeds"));
        Simulation.Result again = Simulation.run(r.seed(), sabotaged);
        assertTrue(r.violation().equals(again.violation()) && r.lastEvents().equals(again.lastEvents()),
                "seed " + r.seed() + " did not replay:\n" + r.report() + "\n" + again.report());
    }

    /**
     * The MCLT cap removed from every engine incarnation (RFC 8156 §4.4): new leases go out for
     * the full desired 10-30 min though the partner acknowledged nothing. Client invariant (2)
     * must notice, and the seed must replay to the same violation.
     */
    @Test
    void removingTheMcltCapIsCaught() {
        Simulation.Options sabotaged = Simulation.Options.DEFAULT
                .withHooks(org.dhcpv6.failover.core.internal.binding.EndpointHooks::disableMcltCapForTesting);
        Simulation.Result r = firstFailure(sabotaged, SEEDS)
                .orElseThrow(() -> new AssertionError("no MCLT cap went unnoticed for " + SEEDS + " seeds"));
        assertTrue(r.violation().startsWith("(2)"), r::report);
        assertTrue(r.violation().equals(Simulation.run(r.seed(), sabotaged).violation()), r::report);
    }

    /** Runs seeds in chunks and stops at the chunk holding the first failure. */
    private static Optional<Simulation.Result> firstFailure(Simulation.Options options, int seeds) {
        int chunk = 50;
        for (long first = 1; first <= seeds; first += chunk) {
            Optional<Simulation.Result> f = SimulationRunner.run(first, (int) Math.min(chunk, seeds - first + 1), options)
                    .failures().stream().findFirst();
            if (f.isPresent()) {
                System.out.println("mutation caught by seed " + f.get().seed() + ": " + f.get().violation());
                return f;
            }
        }
        return Optional.empty();
    }
}
