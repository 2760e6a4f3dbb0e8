package org.dhcpv6.failover.core.internal.engine;

import java.time.Duration;
import org.dhcpv6.failover.api.ConnectionFailure;
import org.dhcpv6.failover.api.RelationshipConfig;

/**
 * The primary's attempts to reach its partner: whether one is under way, when the next is due,
 * the retry delay (doubled up to the ceiling after a rejection, never stopping) and the last
 * failure, which status readers on any thread see.
 */
final class ConnectRetry {

    private final RelationshipConfig config;
    private boolean connecting;
    private long nextNanos;
    private Duration delay;
    private int consecutiveFailures;
    /** Written on the event loop, read by status callers on any thread. */
    private volatile ConnectionFailure lastFailure;

    ConnectRetry(RelationshipConfig config) {
        this.config = config;
        this.delay = config.connectRetry();
    }

    /** Whether a connection attempt may start now (none under way and its time has come). */
    boolean due(Now now) {
        return !connecting && now.nanos() >= nextNanos;
    }

    boolean connecting() {
        return connecting;
    }

    long nextNanos() {
        return nextNanos;
    }

    Duration delay() {
        return delay;
    }

    ConnectionFailure lastFailure() {
        return lastFailure;
    }

    /** An attempt starts. */
    void started() {
        connecting = true;
    }

    /** The attempt ended: the connection opened (or failed, see {@link #failed}). */
    void ended() {
        connecting = false;
    }

    /** Try at once (at start, or when the store works again with the first delay). */
    void now(Now now) {
        nextNanos = now.nanos();
    }

    /** Try again after the current delay (the connection was lost or refused). */
    void later(Now now) {
        nextNanos = now.nanos() + delay.toNanos();
    }

    /** The attempt failed before CONNECT; returns the failure to report. */
    ConnectionFailure failed(String reason, Now now) {
        connecting = false;
        later(now);
        lastFailure = new ConnectionFailure(ConnectionFailures.classify(reason), reason, now.wall(),
                ++consecutiveFailures, delay);
        return lastFailure;
    }

    /** The partner rejected our CONNECT: back off and record it. */
    void rejected(String text, Now now) {
        backOff();
        lastFailure = new ConnectionFailure(ConnectionFailure.Kind.CONNECT_REJECTED,
                "partner rejected CONNECT: " + text, now.wall(), ++consecutiveFailures, delay);
    }

    /** Doubles the delay, up to the configured ceiling. */
    void backOff() {
        Duration doubled = delay.multipliedBy(2);
        delay = doubled.compareTo(config.connectRetryMax()) > 0 ? config.connectRetryMax() : doubled;
    }

    /** Communications are established: the next loss retries with the first delay. */
    void succeeded() {
        delay = config.connectRetry();
        consecutiveFailures = 0;
    }

    /** The store works again: retry at once with the first delay. */
    void resetNow(Now now) {
        delay = config.connectRetry();
        nextNanos = now.nanos();
    }
}
