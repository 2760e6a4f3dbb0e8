package org.dhcpv6.failover.examples.server;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The writes a backend queued while the calling thread answered one message: the core takes
 * them when the answer is made ({@link LeaseBackend#takeQueuedCommits}) and the server sends the
 * reply when they are all durable. Per thread, because the core answers a message on one thread
 * and the backend is shared.
 */
final class QueuedCommits {

    /** Nothing queued: the reply may go at once. */
    static final CompletionStage<Boolean> NONE = CompletableFuture.completedFuture(true);

    private final ThreadLocal<List<CompletableFuture<Boolean>>> queued = ThreadLocal.withInitial(ArrayList::new);

    /** Adds a write whose stage completes with whether it is durable (never exceptionally). */
    void add(CompletionStage<Boolean> durable) {
        CompletableFuture<Boolean> f = durable.toCompletableFuture();
        if (f.isDone() && f.getNow(false)) {
            return;
        }
        queued.get().add(f);
    }

    /** True once every write queued on this thread since the last take is durable; false if one failed. */
    CompletionStage<Boolean> take() {
        List<CompletableFuture<Boolean>> list = queued.get();
        if (list.isEmpty()) {
            return NONE;
        }
        List<CompletableFuture<Boolean>> all = List.copyOf(list);
        list.clear();
        if (all.size() == 1) {
            return all.get(0);
        }
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new))
                .thenApply(v -> all.stream().allMatch(CompletableFuture::join));
    }
}
