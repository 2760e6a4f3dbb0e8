package org.dhcpv6.failover.core.sim;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The fault settings of one seed, chosen by "swarm testing": each seed switches on a random
 * subset of fault kinds, each with its own random mean interval, and picks its own network and
 * timer parameters. Many different mixes find more than one mix of everything at once does.
 *
 * @param meanIntervals the enabled fault kinds, each with the mean time between occurrences
 * @param baseDelayNanos the one-way network delay
 * @param jitterNanos the largest random addition to the delay
 * @param safetyNanos how long the safety phase (faults on) lasts
 * @param keepalive the keepalive of both servers
 * @param startupTime the startup time of both servers
 * @param connectRetry the primary's first reconnect interval
 * @param connectRetryMax the primary's longest reconnect interval
 * @param autoPartnerDown the auto-partner-down delay, or null when off
 * @param operatorPartnerDown whether the operator's "partner is down" may be used in this run
 */
record Swarm(
        Map<FaultKind, Long> meanIntervals,
        long baseDelayNanos,
        long jitterNanos,
        long safetyNanos,
        Duration keepalive,
        Duration startupTime,
        Duration connectRetry,
        Duration connectRetryMax,
        Duration autoPartnerDown,
        boolean operatorPartnerDown) {

    /** The MCLT of every run: short, since RECOVER-WAIT waits for it and virtual time costs events. */
    static final Duration MCLT = Duration.ofSeconds(60);
    /** The largest wall-clock step a fault makes, either way. */
    static final Duration MAX_CLOCK_STEP = Duration.ofMinutes(2);

    /** The kinds of fault a run may inject. */
    enum FaultKind {
        PARTITION_BOTH_WAYS, PARTITION_ONE_WAY, RESET, DELAY_SPIKE, STALL,
        CRASH, CRASH_LOSING_STORE, GRACEFUL_RESTART, CLOCK_STEP, OPERATOR_PARTNER_DOWN
    }

    /** Draws the settings of one seed. */
    static Swarm draw(SplittableRandom r) {
        boolean operator = r.nextInt(100) < 15;
        List<FaultKind> kinds = new ArrayList<>(List.of(FaultKind.values()));
        if (!operator) {
            kinds.remove(FaultKind.OPERATOR_PARTNER_DOWN);
        }
        Map<FaultKind, Long> means = new EnumMap<>(FaultKind.class);
        // Shuffle with our own random, not Collections.shuffle's hidden one.
        for (int i = kinds.size() - 1; i > 0; i--) {
            Collections.swap(kinds, i, r.nextInt(i + 1));
        }
        int enabled = 1 + r.nextInt(kinds.size());
        for (FaultKind k : kinds.subList(0, enabled)) {
            means.put(k, Duration.ofSeconds(30 + r.nextInt(1800)).toNanos());
        }
        if (operator) {
            means.putIfAbsent(FaultKind.OPERATOR_PARTNER_DOWN, Duration.ofSeconds(300 + r.nextInt(1800)).toNanos());
        }
        long base = Duration.ofMillis(r.nextInt(1, 200)).toNanos();
        long jitter = Duration.ofMillis(r.nextInt(0, 500)).toNanos();
        Duration retry = Duration.ofMillis(r.nextInt(200, 5000));
        return new Swarm(means, base, jitter,
                Duration.ofMinutes(r.nextInt(120, 361)).toNanos(),
                Duration.ofSeconds(r.nextInt(3, 31)),
                Duration.ofSeconds(r.nextInt(2, 31)),
                retry,
                retry.plusSeconds(r.nextInt(0, 60)),
                r.nextInt(100) < 25 ? Duration.ofSeconds(r.nextInt(30, 600)) : null,
                operator);
    }

    boolean enabled(FaultKind k) {
        return meanIntervals.containsKey(k);
    }

    /**
     * How long the liveness phase may take to reach NORMAL: a dead connection found by keepalive,
     * the longest reconnect interval, startup, RECOVER-WAIT's MCLT (stretched by a backward clock
     * step), and a margin for the messages in between.
     */
    long livenessBoundNanos() {
        return keepalive.multipliedBy(3).plus(connectRetryMax).plus(startupTime).plus(MCLT)
                .plus(MAX_CLOCK_STEP).plusSeconds(60).toNanos();
    }

    /** One line for the failure report. */
    String describe() {
        return "faults " + meanIntervals.keySet() + ", delay " + baseDelayNanos / 1_000_000 + "+"
                + jitterNanos / 1_000_000 + " ms, keepalive " + keepalive.toSeconds() + " s, startup "
                + startupTime.toSeconds() + " s, retry " + connectRetry.toMillis() + ".." + connectRetryMax.toMillis()
                + " ms, auto-partner-down " + (autoPartnerDown == null ? "off" : autoPartnerDown.toSeconds() + " s")
                + ", safety " + safetyNanos / 60_000_000_000L + " min";
    }
}
