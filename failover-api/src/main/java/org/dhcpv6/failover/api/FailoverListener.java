package org.dhcpv6.failover.api;

import java.time.Duration;

/**
 * Observes a failover endpoint: state changes, partner up and down, skew, conflicts and pool
 * events. Every method has an empty default, so a listener overrides only what it needs.
 *
 * <p><b>Threads.</b> Called from the endpoint's event loop or from host threads (binding events).
 * Methods must be fast and thread-safe, and should not throw.
 *
 * <p><b>Failures.</b> The engine guards every call: whatever a method throws (any exception, or
 * an {@link Error} other than a {@link VirtualMachineError}) is caught and never changes what the
 * engine does. The first failure of each method is logged at WARN with the relationship, the
 * role and the stack trace; later failures of the same method are counted and summarised in one
 * line at most once a minute. A slow method still delays the event loop: hand long work to
 * another thread.
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

    /**
     * The primary could not reach its partner (refused, unreachable, timed out, a TLS name or CA
     * mismatch, ...); it tries again after {@link ConnectionFailure#retryIn()}. Repeated
     * failures count up in {@link ConnectionFailure#consecutiveFailures()}, so a listener sees
     * every reconnect attempt that fails; a successful one is followed by
     * {@link #communicationsUp}. Only the connecting side (the primary) gets this event.
     */
    default void connectionFailed(String relationship, ConnectionFailure failure) {
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
