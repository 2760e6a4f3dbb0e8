package org.dhcpv6.failover.core.runtime;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * What one connection's I/O thread hands to the event loop (its messages, then its close), in
 * order. The inbox stands in the loop's queue at most once: a read's worth of messages costs one
 * queue entry and at most one wake-up of the loop instead of one each, and they share a turn, so
 * one store flush. The loop takes them in runs ({@link #runSome}), so no connection holds a turn
 * for long.
 */
final class ConnectionInbox implements Runnable {

    private final Queue<Runnable> inputs = new ConcurrentLinkedQueue<>();
    /** Whether this inbox is in the loop's queue or running on the loop. */
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final Consumer<Runnable> loop;

    ConnectionInbox(Consumer<Runnable> loop) {
        this.loop = loop;
    }

    /** Adds an input to run on the loop after every one added before it; any thread. */
    void add(Runnable input) {
        inputs.add(input);
        if (scheduled.compareAndSet(false, true)) {
            loop.accept(this);
        }
    }

    @Override
    public void run() {
        runSome(Integer.MAX_VALUE);
    }

    /**
     * Runs up to {@code max} waiting inputs on the loop; returns how many ran. If more wait, the
     * inbox queues itself again behind whatever else waits for the loop. An input that throws
     * ends the run (the loop reports it) without losing the inputs after it.
     */
    int runSome(int max) {
        int ran = 0;
        boolean more = true;
        try {
            Runnable input;
            while (ran < max && (input = inputs.poll()) != null) {
                ran++;
                input.run();
            }
            more = ran >= max;
        } finally {
            if (more) {
                loop.accept(this);
            } else {
                scheduled.set(false);
                // An input added after the last poll saw the inbox still scheduled and did not queue it.
                if (!inputs.isEmpty() && scheduled.compareAndSet(false, true)) {
                    loop.accept(this);
                }
            }
        }
        return ran;
    }
}
