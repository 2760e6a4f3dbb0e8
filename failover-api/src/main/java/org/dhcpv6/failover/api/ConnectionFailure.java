package org.dhcpv6.failover.api;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Why the primary's attempt to reach its partner failed, for the listener and the status
 * (RFC 8156 §6.1: the primary connects, and retries until it succeeds).
 *
 * @param kind what went wrong, as far as the transport's reason shows it
 * @param detail the transport's reason, in words a person can act on
 * @param at when the failure was seen (wall clock)
 * @param consecutiveFailures how many attempts in a row have failed, this one included (1 or more)
 * @param retryIn how long until the next attempt
 */
public record ConnectionFailure(Kind kind, String detail, Instant at, int consecutiveFailures, Duration retryIn) {

    /** What went wrong with a connection attempt. */
    public enum Kind {
        /** The partner's host answered, but nothing listens on the port (connection refused). */
        REFUSED,
        /** No route to the partner, or its name does not resolve. */
        UNREACHABLE,
        /** The connection or the TLS handshake did not finish in time. */
        TIMEOUT,
        /** The partner's certificate does not name the configured partner name. */
        TLS_NAME_MISMATCH,
        /** The partner's certificate is not signed by the configured trust anchor (unknown CA). */
        TLS_UNKNOWN_CA,
        /** The partner's certificate is missing, expired, not yet valid or of the wrong fingerprint. */
        TLS_CERTIFICATE,
        /** The partner refused our certificate, or the TLS handshake failed otherwise. */
        TLS_HANDSHAKE,
        /** The partner refused our CONNECT (its status code is in the detail). */
        CONNECT_REJECTED,
        /** Anything else (the detail says what). */
        OTHER
    }

    /** Checks the fields. */
    public ConnectionFailure {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(retryIn, "retryIn");
        if (consecutiveFailures < 1) {
            throw new IllegalArgumentException("consecutiveFailures must be at least 1: " + consecutiveFailures);
        }
        if (retryIn.isNegative()) {
            throw new IllegalArgumentException("retryIn must not be negative: " + retryIn);
        }
    }

    /** One line for logs and status output. */
    public String describe() {
        return kind + " at " + at + " (" + consecutiveFailures + " in a row, retry in " + retryIn.toMillis()
                + " ms): " + detail;
    }
}
