package org.dhcpv6.failover.core.runtime;

import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.dhcpv6.failover.api.ClockSource;
import org.dhcpv6.failover.core.internal.engine.FailoverEndpoint;
import org.dhcpv6.failover.core.internal.engine.Now;

/**
 * The body of a server's event-loop thread: polls every endpoint for its next deadline, waits
 * for a task until then, and runs what is queued as one turn of every endpoint
 * (docs/decisions/0003-turns.md).
 */
final class EventLoop implements Runnable {

    /**
     * Inputs taken into one turn at most (a message from a {@link ConnectionInbox} counts as one):
     * enough for a partner's whole send window of BNDUPDs to share one flush, few enough that a
     * turn's held replies do not wait long.
     */
    private static final int TASKS_PER_TURN = 1024;

    private final Collection<FailoverEndpoint> endpoints;
    private final BlockingQueue<Runnable> tasks;
    private final ClockSource clock;
    private final Thread.UncaughtExceptionHandler errorHandler;
    private final TransportBridge bridge;
    private volatile boolean running;

    EventLoop(Collection<FailoverEndpoint> endpoints, BlockingQueue<Runnable> tasks, ClockSource clock,
            Thread.UncaughtExceptionHandler errorHandler, TransportBridge bridge) {
        this.bridge = bridge;
        this.endpoints = endpoints;
        this.tasks = tasks;
        this.clock = clock;
        this.errorHandler = errorHandler;
    }

    boolean running() {
        return running;
    }

    /** Marks the loop running; call before starting its thread. */
    void markRunning() {
        running = true;
    }

    /** Makes the loop end after its current turn (interrupt the thread to cut a wait short). */
    void stop() {
        running = false;
    }

    @Override
    public void run() {
        while (running) {
            try {
                Duration wait = Duration.ofSeconds(30);
                Now now = Now.of(clock);
                // What the engine sends in one run goes to each connection in one hand-over.
                bridge.beginBatch();
                try {
                    for (FailoverEndpoint e : endpoints) {
                        Duration d = e.poll(now);
                        if (d.compareTo(wait) < 0) {
                            wait = d;
                        }
                    }
                } finally {
                    bridge.flush();
                }
                Runnable task = tasks.poll(Math.max(1, wait.toMillis()), TimeUnit.MILLISECONDS);
                if (task != null) {
                    bridge.beginBatch();
                    try {
                        runTurn(task);
                    } finally {
                        bridge.flush();
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException | Error e) {
                // One bad input must not stop failover for every relationship of this server.
                errorHandler.uncaughtException(Thread.currentThread(), e);
            }
        }
    }

    /**
     * Runs the queued inputs as one turn of every endpoint: the BNDUPDs of one read (and whatever
     * else is queued, up to {@link #TASKS_PER_TURN}) are decided, stored with one durable write per
     * endpoint, and only then answered.
     */
    private void runTurn(Runnable first) {
        for (FailoverEndpoint e : endpoints) {
            e.beginTurn();
        }
        try {
            Runnable task = first;
            int n = 0;
            while (task != null) {
                try {
                    if (task instanceof ConnectionInbox inbox) {
                        n += Math.max(1, inbox.runSome(TASKS_PER_TURN - n));
                    } else {
                        task.run();
                        n++;
                    }
                } catch (RuntimeException e) {
                    n++;
                    // One bad input must not stop failover for every relationship of this server.
                    errorHandler.uncaughtException(Thread.currentThread(), e);
                }
                task = n < TASKS_PER_TURN ? tasks.poll() : null;
            }
        } finally {
            Now now = Now.of(clock);
            for (FailoverEndpoint e : endpoints) {
                e.endTurn(now);
            }
        }
    }
}
