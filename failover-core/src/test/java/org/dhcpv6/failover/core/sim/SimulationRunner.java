package org.dhcpv6.failover.core.sim;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.dhcpv6.failover.api.ServerState;

/**
 * Runs a range of seeds and sums them up. Seeds are independent, so they run in parallel; each
 * seed stays single-threaded and deterministic, and results are gathered in seed order so the
 * report does not depend on scheduling.
 */
final class SimulationRunner {

    /**
     * The outcome of a range of seeds.
     *
     * @param results one per seed, in seed order
     */
    record Summary(List<Simulation.Result> results) {

        List<Simulation.Result> failures() {
            return results.stream().filter(Simulation.Result::failed).toList();
        }

        long faults() {
            return results.stream().mapToLong(Simulation.Result::faults).sum();
        }

        long events() {
            return results.stream().mapToLong(Simulation.Result::events).sum();
        }

        long operatorRuns() {
            return results.stream().filter(Simulation.Result::operatorPartnerDown).count();
        }

        /** The one summary line. */
        String line() {
            return "simulation: " + results.size() + " seeds, " + failures().size() + " violations, " + faults()
                    + " faults injected";
        }

        /** How many runs entered each state: what the seeds reached. */
        String coverageLine() {
            return "simulation: runs entering each state: " + Arrays.stream(ServerState.values())
                    .map(st -> st.rfcName() + " " + results.stream().filter(r -> r.statesSeen().contains(st)).count())
                    .collect(Collectors.joining(", "))
                    + "; network inputs that shared a turn with others: "
                    + results.stream().mapToLong(Simulation.Result::sharedTurnInputs).sum();
        }

        /** The separate line for runs where the operator declared the partner down. */
        String operatorLine() {
            long splitBrain = results.stream().filter(Simulation.Result::splitBrain).count();
            return "simulation: " + operatorRuns() + " of those runs used the operator's partner-down, "
                    + splitBrain + " had a server in PARTNER-DOWN while its partner served (operator or "
                    + "auto-partner-down during a partition; client promises waived there) (" + events()
                    + " events in all)";
        }
    }

    private SimulationRunner() {
    }

    static Summary run(long firstSeed, int seeds, Simulation.Options options) {
        List<Simulation.Result> results = LongStream.range(firstSeed, firstSeed + seeds).parallel()
                .mapToObj(seed -> Simulation.run(seed, options)).toList();
        return new Summary(results);
    }

    static Summary run(long[] seeds, Simulation.Options options) {
        List<Simulation.Result> results = Arrays.stream(seeds).parallel()
                .mapToObj(seed -> Simulation.run(seed, options)).toList();
        return new Summary(results);
    }
}
