package org.dhcpv6.failover.core.transport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one I/O thread of a {@link TcpTransport}. It owns the selector and every channel registered
 * with it; other threads hand it work through {@link #execute}, which wakes the selector. Keeping
 * all channel state on one thread is what lets connections and listeners go without locks.
 */
final class SelectorLoop {

    private static final Logger log = LoggerFactory.getLogger(SelectorLoop.class);

    /** Largest read at once; a whole maximum-size frame fits. */
    private static final int READ_BUFFER_SIZE = 64 * 1024 + 2;

    private final Selector selector;
    /** Shared by all connections: only the I/O thread reads, one connection at a time. */
    private final ByteBuffer readBuffer = ByteBuffer.allocate(READ_BUFFER_SIZE);
    private final Thread thread;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    /** Deadlines, touched by the I/O thread only. */
    private final PriorityQueue<Timer> timers = new PriorityQueue<>();
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();
    private volatile boolean running = true;
    private long timerSeq;

    SelectorLoop(String threadName) throws IOException {
        this.selector = Selector.open();
        this.thread = new Thread(this::run, threadName);
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    boolean isRunning() {
        return running;
    }

    /** Runs {@code task} on the I/O thread soon; always queued, never run inline. */
    void execute(Runnable task) {
        tasks.add(task);
        selector.wakeup();
    }

    /**
     * Runs {@code task} on the I/O thread and waits up to {@code timeoutMillis} for it. From the
     * I/O thread itself it only queues the task, since waiting there would never end.
     */
    void executeAndWait(Runnable task, long timeoutMillis) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        execute(() -> {
            try {
                task.run();
            } finally {
                done.complete(null);
            }
        });
        if (!inLoop()) {
            awaitQuietly(CompletableFuture.anyOf(done, stopped), timeoutMillis);
        }
    }

    /** The buffer connections read into; I/O thread only, contents gone after each use. */
    ByteBuffer readBuffer() {
        return readBuffer;
    }

    /** Registers {@code channel}; I/O thread only. */
    SelectionKey register(SelectableChannel channel, int ops, IoEndpoint endpoint) throws IOException {
        return channel.register(selector, ops, endpoint);
    }

    /**
     * Lets the selector forget cancelled keys now. Until it does, the JDK keeps the socket of a
     * closed, registered channel open, so a closed listener would still accept connections.
     */
    void flushCancelledKeys() throws IOException {
        selector.selectNow(this::dispatch);
    }

    /** Runs {@code task} on the I/O thread once {@code delayNanos} have passed; I/O thread only. */
    void schedule(long delayNanos, Runnable task) {
        timers.add(new Timer(System.nanoTime() + delayNanos, timerSeq++, task));
    }

    /**
     * Aborts every endpoint, stops the thread and waits up to {@code timeoutMillis} for it to end.
     * From the I/O thread itself it only asks the loop to stop, since a thread cannot join itself.
     */
    void shutdown(long timeoutMillis) {
        running = false;
        selector.wakeup();
        if (inLoop()) {
            return;
        }
        // Join the thread rather than wait for {@code stopped}: that future completes inside
        // run(), before the thread has returned, so a caller woken by it could still find the
        // thread alive and would report a stop that had in fact finished.
        try {
            thread.join(timeoutMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            log.warn("{} did not stop within {} ms", thread.getName(), timeoutMillis);
        }
    }

    /** The I/O thread, for tests that check it ends. */
    Thread thread() {
        return thread;
    }

    private void run() {
        try {
            while (running) {
                selector.select(this::dispatch, millisToNextTimer());
                runTasks();
                runDueTimers();
            }
        } catch (IOException | ClosedSelectorException e) {
            log.error("{} stopped: selector failed", thread.getName(), e);
        } finally {
            running = false;
            closeAll();
            stopped.complete(null);
        }
    }

    private void dispatch(SelectionKey key) {
        IoEndpoint endpoint = (IoEndpoint) key.attachment();
        try {
            endpoint.onReady(key);
        } catch (RuntimeException e) {
            log.error("unexpected failure on {}; closing it", endpoint, e);
            endpoint.abort("internal error: " + e);
        }
    }

    private void runTasks() {
        Runnable task;
        while ((task = tasks.poll()) != null) {
            runSafely(task);
        }
    }

    private void runDueTimers() {
        long now = System.nanoTime();
        while (!timers.isEmpty() && timers.peek().deadlineNanos - now <= 0) {
            runSafely(timers.poll().task);
        }
    }

    private static void runSafely(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            log.error("task on the I/O thread failed", e);
        }
    }

    private long millisToNextTimer() {
        if (timers.isEmpty()) {
            return 0; // select(action, 0) waits without a limit
        }
        long nanos = timers.peek().deadlineNanos - System.nanoTime();
        // select(action, 0) would wait forever, so a due timer waits the shortest time instead.
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanos) + 1);
    }

    private void closeAll() {
        // Tasks queued before shutdown (sends, closes) may still need the channels to exist.
        runTasks();
        List<IoEndpoint> endpoints = new ArrayList<>();
        try {
            for (SelectionKey key : selector.keys()) {
                endpoints.add((IoEndpoint) key.attachment());
            }
        } catch (ClosedSelectorException e) {
            // Nothing left to close.
        }
        for (IoEndpoint endpoint : endpoints) {
            try {
                endpoint.abort("transport closed");
            } catch (RuntimeException e) {
                log.error("failed to close {}", endpoint, e);
            }
        }
        try {
            selector.close();
        } catch (IOException e) {
            log.warn("failed to close the selector", e);
        }
    }

    private static void awaitQuietly(CompletableFuture<?> future, long timeoutMillis) {
        try {
            future.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            log.debug("gave up waiting for the I/O thread", e);
        }
    }

    private record Timer(long deadlineNanos, long seq, Runnable task) implements Comparable<Timer> {
        @Override
        public int compareTo(Timer other) {
            int byTime = Long.compare(deadlineNanos - other.deadlineNanos, 0);
            return byTime != 0 ? byTime : Long.compare(seq, other.seq);
        }
    }
}
