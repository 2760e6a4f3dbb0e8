package org.dhcpv6.failover.examples.soak;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.dhcpv6.failover.api.ServerState;

/**
 * What {@link FloodSoak} saw of one pair: state samples inside and outside the windows that
 * follow a deliberate primary restart, and how long each restart took to reach NORMAL again.
 */
final class PairWatch {

    private final SoakPair pair;
    private final Map<ServerState, Long> outsideWindows = new EnumMap<>(ServerState.class);
    private final List<Double> reconnectSeconds = new ArrayList<>();
    private long restartedAt;
    private boolean inWindow;
    private int restarts;
    private int failedRestarts;
    private long samplesOutside;
    private long notNormalOutside;

    PairWatch(SoakPair pair) {
        this.pair = pair;
    }

    void sample(long now) {
        if (inWindow) {
            if (pair.bothNormal()) {
                inWindow = false;
                reconnectSeconds.add((now - restartedAt) / 1e9);
            } else if (now - restartedAt > 60_000_000_000L) {
                inWindow = false;
                failedRestarts++;
            }
            return;
        }
        samplesOutside++;
        count(pair.primaryState());
        count(pair.secondaryState());
        if (!pair.bothNormal()) {
            notNormalOutside++;
        }
    }

    private void count(ServerState s) {
        outsideWindows.merge(s, 1L, Long::sum);
    }

    void restart(long now) throws Exception {
        if (inWindow) {
            return; // the last restart has not finished; a failure is already being counted
        }
        restarts++;
        restartedAt = now;
        inWindow = true;
        pair.restartPrimary();
    }

    String states() {
        return abbreviate(pair.primaryState()) + "/" + abbreviate(pair.secondaryState());
    }

    private static String abbreviate(ServerState s) {
        return s == ServerState.NORMAL ? "NORMAL" : s.rfcName();
    }

    boolean healthy() {
        return notNormalOutside == 0 && failedRestarts == 0 && !inWindow;
    }

    String summary() {
        double max = reconnectSeconds.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        double mean = reconnectSeconds.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        return String.format("%s pair: %d samples outside restart windows, %d not NORMAL on both sides "
                + "(server-state tallies %s); %d primary restarts, %d back to NORMAL (mean %.2f s, max %.2f s), "
                + "%d did not within 60 s", pair.name(), samplesOutside, notNormalOutside, outsideWindows, restarts,
                reconnectSeconds.size(), mean, max, failedRestarts);
    }
}
