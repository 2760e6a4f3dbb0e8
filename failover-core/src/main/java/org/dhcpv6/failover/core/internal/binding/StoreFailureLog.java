package org.dhcpv6.failover.core.internal.binding;

import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;

/**
 * Logs one kind of store failure at a bounded rate: the first one, then at most one line per
 * {@link #INTERVAL} with the count of those left out. A database that is down fails every write
 * of every request and every BNDUPD; a line per failure would flood the log at the request rate
 * (the store itself logs when the database goes away and when it is back). Time comes from the
 * caller; a clock step simply counts as time passed. Thread-safe.
 */
public final class StoreFailureLog {

    /** The least time between two lines. */
    public static final Duration INTERVAL = Duration.ofSeconds(10);

    private final Logger log;
    private final String what;
    private Instant lastReport;
    private long leftOut;

    /** A log of failures to {@code what} (for instance "commit"), written to {@code log}. */
    public StoreFailureLog(Logger log, String what) {
        this.log = log;
        this.what = what;
    }

    /** A failure to {@code what} {@code resource} in {@code relationship} at {@code now}. */
    public void failed(String relationship, Object resource, String message, Instant now) {
        String suffix;
        synchronized (this) {
            if (lastReport != null && Duration.between(lastReport, now).abs().compareTo(INTERVAL) < 0) {
                leftOut++;
                return;
            }
            suffix = leftOut == 0 ? "" : " (" + leftOut + " more such failures in the last " + INTERVAL.toSeconds()
                    + " s not logged)";
            lastReport = now;
            leftOut = 0;
        }
        log.error("{}: could not {} {}: {}{}", relationship, what, resource, message, suffix);
    }
}
