package org.dhcpv6.failover.core.runtime;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.dhcpv6.failover.api.EndpointStatus;
import org.dhcpv6.failover.api.FailoverListener;
import org.dhcpv6.failover.api.ForwardingFailoverListener;
import org.dhcpv6.failover.api.ServerState;

/**
 * The futures of {@link FailoverServer#whenState}: completed from the event loop's
 * {@code stateChanged}, so even a state passed through within one event is seen. Thread-safe.
 */
final class StateWaiters {

    private record Waiter(String relationship, ServerState state, CompletableFuture<EndpointStatus> done) {
    }

    private final CopyOnWriteArrayList<Waiter> waiters = new CopyOnWriteArrayList<>();
    private final Function<String, EndpointStatus> status;

    StateWaiters(Function<String, EndpointStatus> status) {
        this.status = status;
    }

    /** A future completed when {@code relationship} is in, or next enters, {@code state}. */
    CompletableFuture<EndpointStatus> when(String relationship, ServerState state) {
        Waiter w = new Waiter(relationship, state, new CompletableFuture<>());
        waiters.add(w);
        // Checked after registering: a transition before the add is seen here, one after it by entered().
        EndpointStatus now = status.apply(relationship);
        if (now.state() == state && !now.closed()) {
            complete(w, now);
        }
        // A caller giving up (cancel, or orTimeout) must not leave its waiter behind.
        w.done.whenComplete((s, e) -> waiters.remove(w));
        return w.done;
    }

    /** Fails every waiter: the server closed. */
    void closeAll(String why) {
        for (Waiter w : waiters) {
            w.done.completeExceptionally(new IllegalStateException(why));
        }
        waiters.clear();
    }

    private void entered(String relationship, ServerState state) {
        for (Waiter w : waiters) {
            if (w.state == state && w.relationship.equals(relationship)) {
                complete(w, status.apply(relationship));
            }
        }
    }

    private void complete(Waiter w, EndpointStatus s) {
        waiters.remove(w);
        // On the common pool: a host's dependent stages must never run on the event loop.
        w.done.completeAsync(() -> s);
    }

    /**
     * The host's listener with the waiters told of every state change first (so a throwing host
     * listener cannot hide a change from them).
     */
    FailoverListener observing(FailoverListener host) {
        return new ForwardingFailoverListener(host) {
            @Override
            public void stateChanged(String relationship, ServerState from, ServerState to) {
                entered(relationship, to);
                host.stateChanged(relationship, from, to);
            }

            @Override
            public String toString() {
                return host.toString();
            }
        };
    }
}
