package org.dhcpv6.failover.examples.micrometer;

import java.util.function.Consumer;
import org.dhcpv6.failover.api.RelationshipMetrics;

/**
 * One relationship's last metrics snapshot, taken again when it is older than a limit, so the
 * many meters of one scrape cost one round trip to the failover event loop. Thread-safe: meters
 * may be read from any thread.
 */
final class CachedMetrics {

    /** Takes a snapshot; may wait for the event loop, may throw. */
    @FunctionalInterface
    interface Source {
        RelationshipMetrics take() throws InterruptedException;
    }

    private final Source source;
    private final long maxAgeNanos;
    private Consumer<RelationshipMetrics> onRefresh = m -> { };
    private RelationshipMetrics last;
    private boolean stale = true;
    private long takenAtNanos;
    private boolean everTried;

    CachedMetrics(Source source, long maxAgeNanos) {
        this.source = source;
        this.maxAgeNanos = maxAgeNanos;
    }

    /** Called with every new snapshot (to give keys seen for the first time their meters). */
    synchronized void onRefresh(Consumer<RelationshipMetrics> action) {
        onRefresh = action;
    }

    /** The newest snapshot, or null when the last attempt failed (gauges then read NaN). */
    synchronized RelationshipMetrics fresh() {
        refreshIfOld();
        return stale ? null : last;
    }

    /** The newest snapshot that was taken, however old, or null if none ever was (for counters). */
    synchronized RelationshipMetrics last() {
        refreshIfOld();
        return last;
    }

    /** Takes a snapshot now if the kept one is too old. */
    synchronized void get() {
        refreshIfOld();
    }

    private void refreshIfOld() {
        long now = System.nanoTime();
        if (everTried && now - takenAtNanos <= maxAgeNanos) {
            return;
        }
        everTried = true;
        takenAtNanos = now;
        try {
            last = source.take();
            stale = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stale = true;
            return;
        } catch (RuntimeException e) {
            // The event loop did not answer in time (or is closed); try again after maxAge.
            stale = true;
            return;
        }
        onRefresh.accept(last);
    }
}
