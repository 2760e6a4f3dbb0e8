package org.dhcpv6.failover.core.store;

import java.time.Duration;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a store from hammering, or waiting on, a database it just found unreachable. After a
 * failure to reach it, calls fail at once for a pause (250 ms, doubling to 5 s while failures
 * go on) instead of each waiting for a connection timeout; the first call after the pause tries
 * again, and a success ends it. A request thread thus gets NOT_COMMITTED in microseconds and the
 * event loop stalls at most one connection timeout per pause. Logs once when the database goes
 * away and once when it is back, never per call. Thread-safe.
 */
final class DatabaseGate {

    static final Duration FIRST_PAUSE = Duration.ofMillis(250);
    static final Duration LONGEST_PAUSE = Duration.ofSeconds(5);

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseGate.class);

    private final String storeName;
    private final LongSupplier nanoTime;
    private long pausedUntilNanos;
    private long pauseNanos;
    private long failuresSinceDown;
    private long refusedSinceDown;
    private boolean down;

    DatabaseGate(String storeName, LongSupplier nanoTime) {
        this.storeName = storeName;
        this.nanoTime = nanoTime;
    }

    /**
     * Null when a call may try the database now, otherwise why not (the database was found
     * unreachable and the pause after that has not run out).
     */
    synchronized String refusal() {
        if (!down || nanoTime.getAsLong() - pausedUntilNanos >= 0) {
            return null;
        }
        refusedSinceDown++;
        return "database unreachable (retrying in " + Math.max(1, (pausedUntilNanos - nanoTime.getAsLong()) / 1_000_000)
                + " ms)";
    }

    /** A call could not reach the database. */
    synchronized void unreachable(String reason) {
        failuresSinceDown++;
        if (!down) {
            down = true;
            pauseNanos = FIRST_PAUSE.toNanos();
            LOG.warn("{}: database unreachable, writes fail until it is back: {}", storeName, reason);
        } else {
            pauseNanos = Math.min(pauseNanos * 2, LONGEST_PAUSE.toNanos());
        }
        pausedUntilNanos = nanoTime.getAsLong() + pauseNanos;
    }

    /** A call reached the database. */
    synchronized void reached() {
        if (down) {
            LOG.info("{}: database reachable again ({} failed attempts, {} calls refused meanwhile)", storeName,
                    failuresSinceDown, refusedSinceDown);
            down = false;
            failuresSinceDown = 0;
            refusedSinceDown = 0;
        }
    }

    /** Whether the database was last found unreachable. */
    synchronized boolean down() {
        return down;
    }
}
