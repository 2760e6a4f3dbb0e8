package org.dhcpv6.failover.core.sim;

import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.dhcpv6.failover.core.engine.FaultInjector;

/**
 * The seed's answers at the engine's named fault points. Each point gets a per-seed probability
 * (zero for most seeds, as swarm testing wants); the answers come from the run's own random
 * stream, so a failing run replays. The engine does not consult fault points yet; this is ready
 * for the binding layer's sites.
 */
final class SimFaults implements FaultInjector {

    private final SplittableRandom random;
    private final Map<Point, Double> probabilities = new EnumMap<>(Point.class);
    private long injected;

    SimFaults(SplittableRandom random) {
        this.random = random;
        for (Point p : Point.values()) {
            probabilities.put(p, random.nextInt(3) == 0 ? random.nextDouble() * 0.05 : 0.0);
        }
    }

    @Override
    public boolean shouldFail(Point p) {
        double chance = probabilities.get(p);
        if (chance == 0.0 || random.nextDouble() >= chance) {
            return false;
        }
        injected++;
        return true;
    }

    /** How many times a point was told to fail. */
    long injected() {
        return injected;
    }
}
