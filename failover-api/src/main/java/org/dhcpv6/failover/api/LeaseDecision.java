package org.dhcpv6.failover.api;

import java.util.Objects;

/**
 * The answer of {@link LeaseHooks#beforeReply}: whether the host may give (or keep giving) the
 * resource, and with which lifetimes. When {@link #outcome()} is {@link Outcome#GRANTED} the
 * binding is already committed; the host puts exactly these lifetimes in its REPLY and then calls
 * {@link LeaseHooks#afterReply}.
 *
 * @param request the request this answers
 * @param outcome what the host may do
 * @param preferredSeconds preferred lifetime to send (0 unless granted)
 * @param validSeconds valid lifetime to send (0 unless granted)
 * @param t1Seconds T1 to send (0 unless granted)
 * @param t2Seconds T2 to send (0 unless granted)
 * @param reason a short explanation for logs, never null
 */
public record LeaseDecision(
        LeaseRequest request,
        Outcome outcome,
        long preferredSeconds,
        long validSeconds,
        long t1Seconds,
        long t2Seconds,
        String reason) {

    /** What the host may do with the resource. */
    public enum Outcome {
        /** Lease or extend it with the given lifetimes (or, for SOLICIT, offer them). */
        GRANTED,
        /** The release or decline was recorded; answer the client with Success. */
        RECORDED,
        /** This server must not answer this client in its current state. */
        NOT_RESPONSIVE,
        /** The resource belongs to the partner's half or pool; choose another. */
        NOT_OWNED,
        /** Another client holds the resource, or it may not be reused yet. */
        IN_USE,
        /** The resource is outside every pool of this relationship. */
        NOT_IN_POOL,
        /** The lifetime allowed would be under the RFC 8156 §1 minimum of 30 seconds. */
        TOO_SHORT,
        /** The binding could not be committed to the store; do not answer. */
        NOT_COMMITTED
    }

    /** Checks presence of the parts. */
    public LeaseDecision {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(reason, "reason");
    }

    /** A refusal with no lifetimes. */
    public static LeaseDecision refuse(LeaseRequest request, Outcome outcome, String reason) {
        if (outcome == Outcome.GRANTED || outcome == Outcome.RECORDED) {
            throw new IllegalArgumentException("not a refusal: " + outcome);
        }
        return new LeaseDecision(request, outcome, 0, 0, 0, 0, reason);
    }

    /** Whether the host may answer the client positively about this resource. */
    public boolean allowed() {
        return outcome == Outcome.GRANTED || outcome == Outcome.RECORDED;
    }
}
