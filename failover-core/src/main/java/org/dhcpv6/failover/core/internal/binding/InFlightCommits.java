package org.dhcpv6.failover.core.internal.binding;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.dhcpv6.failover.api.ClockSource;
import org.dhcpv6.failover.api.LeaseDecision;
import org.dhcpv6.failover.api.LeaseDecision.Outcome;
import org.dhcpv6.failover.api.LeaseRequest;

/**
 * The asynchronous grants of one endpoint's hooks whose writes are not yet durable, oldest
 * first. A store that never finishes a write must not keep a client waiting for ever: a write
 * older than {@link #LIMIT} is answered NOT_COMMITTED when the next asynchronous call looks (no
 * thread of its own; a host under load calls often, an idle one has no client waiting). Its
 * binding stays in the table until the store answers: a late flush may still make it durable. Close waits for the writes still in flight.
 */
final class InFlightCommits {

    /** How long a queued write may take before its decision turns into NOT_COMMITTED. */
    static final Duration LIMIT = Duration.ofSeconds(30);

    /** One queued write: when it was queued, what was asked, and the host's answer. */
    record Write(long startedNanos, LeaseRequest request, CompletableFuture<LeaseDecision> answer) {
    }

    /** What to do when a write is given up (count it, log it, take the binding back). */
    interface GiveUp {
        /** The write was given up; the answer already says NOT_COMMITTED. */
        void gaveUp(Write write);
    }

    private final ConcurrentLinkedQueue<Write> writes = new ConcurrentLinkedQueue<>();
    private final ClockSource clock;
    private final GiveUp giveUp;

    InFlightCommits(ClockSource clock, GiveUp giveUp) {
        this.clock = clock;
        this.giveUp = giveUp;
    }

    void add(Write write) {
        writes.add(write);
    }

    /** Drops answered writes from the head and gives up those older than the limit. */
    void expire() {
        for (Write w = writes.peek(); w != null; w = writes.peek()) {
            if (!w.answer().isDone()) {
                if (clock.monotonicNanos() - w.startedNanos() < LIMIT.toNanos()) {
                    return;
                }
                LeaseDecision refusal = LeaseDecision.refuse(w.request(), Outcome.NOT_COMMITTED,
                        "store did not confirm the write within " + LIMIT.toSeconds() + " s");
                if (w.answer().complete(refusal)) {
                    giveUp.gaveUp(w);
                }
            }
            writes.remove(w);
        }
    }

    /** Waits until every write in flight is answered, up to {@code timeout}; whether all were. */
    boolean awaitAll(Duration timeout) {
        // A timed wait of the host's closing thread, not a clock read: a simulated clock does not
        // move while we wait, so ClockSource could not end it.
        CompletableFuture<?>[] answers = writes.stream().map(Write::answer).toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(answers).get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            // Answers never complete exceptionally; all are done.
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Writes queued and not yet answered (plus answered ones not yet dropped from the head). */
    int size() {
        return writes.size();
    }
}
