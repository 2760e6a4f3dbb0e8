package org.dhcpv6.failover.api;

import java.time.Duration;

/**
 * Observes a failover endpoint: state changes, partner up and down, skew, conflicts and pool
 * events. Every method has an empty default, so a listener overrides only what it needs.
 *
 * <p><b>Threads.</b> Called from the endpoint's event loop or from host threads (binding events).
 * Methods must be fast, thread-safe and must never throw; exceptions are logged and ignored.
 */
public interface FailoverListener {

    /** A listener that ignores every event. */
    FailoverListener NONE = new FailoverListener() {
        @Override
        public String toString() {
            return "FailoverListener.NONE";
        }
    };

    /** The endpoint moved from one state to another. */
    default void stateChanged(String relationship, ServerState from, ServerState to) {
    }

    /** Communications with the partner became OK (partner's STATE received). */
    default void communicationsUp(String relationship) {
    }

    /** Communications with the partner were lost; {@code reason} says why. */
    default void communicationsDown(String relationship, String reason) {
    }

    /** The partner refused our CONNECT, with an RFC 8156 status code and its text. */
    default void connectRejected(String relationship, int statusCode, String text) {
    }

    /** The clock-skew estimate changed by more than the reporting threshold. */
    default void skewChanged(String relationship, Duration partnerMinusLocal) {
    }

    /** A binding changed status because of expiry or the partner (not because of a host hook). */
    default void bindingChanged(String relationship, Binding binding) {
    }

    /** The partner rejected a binding update, or we rejected one of the partner's. */
    default void bindingConflict(String relationship, Resource resource, int statusCode, String text) {
    }

    /** A pool of this relationship has nothing free for this server. */
    default void poolExhausted(String relationship, String pool) {
    }

    /**
     * The lease store failed ({@code available} false: the endpoint answers no client and keeps the
     * partner connection closed, so the partner serves) or works again. A gauge for metrics.
     */
    default void storeAvailabilityChanged(String relationship, boolean available) {
    }
}
