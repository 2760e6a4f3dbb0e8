package org.dhcpv6.failover.tls.internal;

import java.net.Socket;
import java.security.SecureRandom;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.dhcpv6.failover.core.transport.LogLimiter;
import org.dhcpv6.failover.tls.TlsSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the parts of one {@link org.dhcpv6.failover.tls.TlsTransport} share: settings, the
 * validator, the TLS crypto, the threads, the handshake deadlines and the live sockets, so that
 * closing the transport can close all of them and wait for its threads.
 *
 * <p>Two pools: handshakes of accepted connections run on a bounded pool (the listener's caps
 * on unauthenticated connections plus one partner reserve), so a flood of silent or slow peers
 * costs at most that many threads; authenticated connections and outgoing attempts (one or two
 * per relationship) get threads from the open pool.
 */
public final class TransportRuntime {

    private static final Logger LOG = LoggerFactory.getLogger(TransportRuntime.class);
    private static final long CLOSE_WAIT_SECONDS = 5;

    private final TlsSettings settings;
    private final PartnerValidator validator;
    private final BcTlsCrypto crypto = new JdkAesGcm(new SecureRandom());
    private final ThreadGroupFactory threads = new ThreadGroupFactory();
    private final ExecutorService executor = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS,
            new SynchronousQueue<>(), threads);
    private final ThreadPoolExecutor handshakePool;
    private final LogLimiter handshakeLog = new LogLimiter(Duration.ofSeconds(10));
    private final ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, threads);
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final Set<TlsConnection> connections = ConcurrentHashMap.newKeySet();
    private final Set<SecureListener> listeners = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();

    /** Shared parts for a transport with {@code settings}. */
    public TransportRuntime(TlsSettings settings) {
        this.settings = settings;
        this.validator = new PartnerValidator(settings);
        scheduler.setRemoveOnCancelPolicy(true);
        int handshakeThreads = settings.maxUnauthenticated() + settings.maxConnectionsPerPartner();
        // Queued handshakes are bounded by the listener's admission caps; the queue only absorbs
        // a moment's overlap while an evicted or timed-out handshake lets go of its thread.
        handshakePool = new ThreadPoolExecutor(handshakeThreads, handshakeThreads, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(2 * handshakeThreads), threads);
        handshakePool.allowCoreThreadTimeOut(true);
    }

    TlsSettings settings() {
        return settings;
    }

    PartnerValidator validator() {
        return validator;
    }

    BcTlsCrypto crypto() {
        return crypto;
    }

    /** Whether the transport is closed. */
    public boolean isClosed() {
        return closed.get();
    }

    /** Runs {@code task} on a new transport thread; false if the transport is closed. */
    public boolean execute(Runnable task) {
        if (closed.get()) {
            return false;
        }
        try {
            executor.execute(task);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    /** Runs a listener's handshake on the bounded handshake pool; false if closed or full. */
    boolean executeHandshake(Runnable task) {
        if (closed.get()) {
            return false;
        }
        try {
            handshakePool.execute(task);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    /** Limits the lines about refused or failed incoming handshakes; shared by all listeners. */
    LogLimiter handshakeLog() {
        return handshakeLog;
    }

    boolean startWriter(TlsConnection connection) {
        return execute(connection::writeLoop);
    }

    /** Closes {@code socket} when the handshake deadline passes, and sets {@code timedOut}. */
    ScheduledFuture<?> deadline(Socket socket, AtomicBoolean timedOut) {
        return scheduler.schedule(() -> {
            timedOut.set(true);
            Handshakes.closeQuietly(socket);
        }, settings.handshakeTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    boolean track(Socket socket) {
        sockets.add(socket);
        if (closed.get()) {
            sockets.remove(socket);
            return false;
        }
        return true;
    }

    void untrack(Socket socket) {
        sockets.remove(socket);
    }

    void register(SecureListener listener) {
        listeners.add(listener);
        if (closed.get()) {
            listener.close();
        }
    }

    void register(TlsConnection connection) {
        connections.add(connection);
    }

    void unregister(TlsConnection connection) {
        connections.remove(connection);
    }

    /**
     * Closes every connection and socket, then waits a little for the transport's threads so
     * that no callback is still on its way when this returns (unless called from one of them).
     */
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        for (SecureListener l : List.copyOf(listeners)) {
            l.close();
        }
        for (TlsConnection c : List.copyOf(connections)) {
            c.abort("transport closed");
        }
        for (Socket s : List.copyOf(sockets)) {
            Handshakes.closeQuietly(s);
        }
        scheduler.shutdownNow();
        handshakePool.shutdown();
        executor.shutdown();
        if (threads.isOurs(Thread.currentThread())) {
            return;
        }
        try {
            if (!executor.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)
                    | !handshakePool.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)) {
                LOG.warn("tls transport threads still running {} s after close", CLOSE_WAIT_SECONDS);
                executor.shutdownNow();
                handshakePool.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Daemon threads with telling names, and a way to know them again. */
    private static final class ThreadGroupFactory implements ThreadFactory {
        private static final AtomicInteger TRANSPORTS = new AtomicInteger();
        private final String prefix = "failover-tls-" + TRANSPORTS.incrementAndGet() + "-";
        private final AtomicInteger count = new AtomicInteger();
        private final Set<Thread> mine = ConcurrentHashMap.newKeySet();

        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(() -> {
                try {
                    r.run();
                } finally {
                    mine.remove(Thread.currentThread());
                }
            }, prefix + count.incrementAndGet());
            t.setDaemon(true);
            mine.add(t);
            return t;
        }

        boolean isOurs(Thread t) {
            return mine.contains(t);
        }
    }
}
