package org.dhcpv6.failover.api;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The answer of {@link LeaseHooks#beforeReplyAsync}: the decision as it stands now, and a stage
 * that completes when that decision may be sent to the client.
 *
 * <p>{@link #decision()} is known at once, so a host can build its REPLY while the binding is on
 * its way to stable storage. It must send that REPLY only from {@link #durable()}, and only when
 * the decision {@code durable()} completes with is {@link LeaseDecision#allowed() allowed}: a
 * write that failed completes it with a {@link LeaseDecision.Outcome#NOT_COMMITTED} refusal (do
 * not answer; the client retransmits). {@code durable()} never completes exceptionally.
 *
 * @param decision the decision; for a committing grant or a release it holds only once
 *     {@code durable} completes with it
 * @param durable completes with {@code decision} once the binding is durable, or with a
 *     {@code NOT_COMMITTED} refusal when the store refused or did not confirm the write
 */
public record LeaseCommit(LeaseDecision decision, CompletionStage<LeaseDecision> durable) {

    /** Checks presence of the parts. */
    public LeaseCommit {
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(durable, "durable");
    }

    /** A decision that needs no wait: a refusal, an offer, or one already durable. */
    public static LeaseCommit done(LeaseDecision decision) {
        return new LeaseCommit(decision, CompletableFuture.completedFuture(decision));
    }
}
