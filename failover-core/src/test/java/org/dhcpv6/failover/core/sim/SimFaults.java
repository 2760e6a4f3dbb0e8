package org.dhcpv6.failover.core.sim;

import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.dhcpv6.failover.core.internal.engine.FaultInjector;

/**
 * The seed's answers at the engine's named fault points. Each point gets a per-seed probability
 * (zero for most seeds, as swarm testing wants); the answers come from the run's own random
 * stream, so a failing run replays. The engine consults them in its binding layer ({@code
 * BindingReceiver}, {@code PartnerSync}); a failing point throws {@code InjectedCrash}, which
 * {@link SimServer} turns into a crash that keeps the store.
 */
final class SimFaults implements FaultInjector {

    private final SplittableRandom random;
    private final Map<Point, Double> probabilities = new EnumMap<>(Point.class);
    private long injected;
    private boolean healed;

    SimFaults(SplittableRandom random) {
        this.random = random;
        for (Point p : Point.values()) {
            if (p != Point.BETWEEN_TURN_STORE_AND_RELEASE) {
                probabilities.put(p, random.nextInt(3) == 0 ? random.nextDouble() * 0.05 : 0.0);
            }
        }
        // Both are "stored, not yet answered": one chance for both keeps every seed's draws as
        // they were before turns had a point of their own.
        probabilities.put(Point.BETWEEN_TURN_STORE_AND_RELEASE, probabilities.get(Point.BETWEEN_PERSIST_AND_BNDREPLY));
    }

    @Override
    public boolean shouldFail(Point p) {
        double chance = probabilities.get(p);
        if (healed || chance == 0.0 || random.nextDouble() >= chance) {
            return false;
        }
        injected++;
        return true;
    }

    /** The liveness phase began: no more crashes at fault points, or nothing would reboot them. */
    void heal() {
        healed = true;
    }

    /** How many times a point was told to fail. */
    long injected() {
        return injected;
    }
}
