package org.dhcpv6.failover.tls.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.dhcpv6.failover.api.Transport.ConnectionHandler;
import org.dhcpv6.failover.api.Transport.PeerKind;
import org.dhcpv6.failover.api.TransportException;
import org.dhcpv6.failover.core.transport.AcceptBackoff;
import org.dhcpv6.failover.core.transport.AdmissionGate;
import org.dhcpv6.failover.core.transport.ListenerHandle;
import org.dhcpv6.failover.core.transport.LogLimiter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A secure listener: accepts TCP connections, asks the handler's {@link ConnectionHandler#peerKind}
 * at once (a stranger is reset before any handshake), admits the rest through an
 * {@link AdmissionGate} (a global cap on unauthenticated connections, a per-address cap as
 * RFC 8156 §10 asks, and a reserve for each configured partner address where a newer connection
 * displaces the oldest pending one), and hands each admitted one to {@link Handshakes#runServer}
 * on the transport's bounded handshake pool. A failed accept (no file descriptors, say) pauses
 * with a growing back-off and never ends the listener (issue 17, finding 3); failures and
 * refusals are logged at most once every 10 s each.
 *
 * <p><b>Closing.</b> {@link #close()} returns only once the port refuses connections, as
 * {@link ListenerHandle} promises for this project's transports. Closing a {@link ServerSocket}
 * while another thread is blocked in {@code accept()} does not do that by itself: the JDK only
 * swaps the descriptor and signals the accepting thread, and the kernel keeps the socket
 * listening until that thread has left {@code accept()}. Until then a new connection still
 * completes the TCP handshake and may even be returned by that very {@code accept()}; on a busy
 * machine the window is long. So close() also waits for the accept loop to end, and a socket
 * that {@code accept()} hands over after close() began is closed at once instead of served.
 */
public final class SecureListener implements ListenerHandle {

    private static final Logger LOG = LoggerFactory.getLogger(SecureListener.class);
    /** How long {@link #close} waits for the accept thread to let go of the port. */
    private static final long CLOSE_WAIT_SECONDS = 5;

    private final ServerSocket serverSocket;
    private final TransportRuntime runtime;
    private final Handshakes handshakes;
    private final ConnectionHandler handler;
    private static final Duration LOG_INTERVAL = Duration.ofSeconds(10);

    private final AdmissionGate gate;
    private final AcceptBackoff backoff = new AcceptBackoff();
    private final LogLimiter acceptFailureLog = new LogLimiter(LOG_INTERVAL);
    private final LogLimiter refusalLog = new LogLimiter(LOG_INTERVAL);
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Counted down by close(), so an accept back-off pause ends at once. */
    private final CountDownLatch closing = new CountDownLatch(1);
    /** Counted down when the accept loop has ended, or when it never will run. */
    private final CountDownLatch acceptLoopEnded = new CountDownLatch(1);
    /** The thread running the accept loop, once it runs. */
    private volatile Thread acceptor;

    private SecureListener(ServerSocket serverSocket, TransportRuntime runtime, ConnectionHandler handler) {
        this.serverSocket = serverSocket;
        this.runtime = runtime;
        this.handshakes = new Handshakes(runtime);
        this.handler = handler;
        this.gate = new AdmissionGate(runtime.settings().maxUnauthenticated(),
                runtime.settings().maxConnectionsPerPartner());
    }

    /** Binds {@code local} and starts accepting. */
    public static SecureListener start(InetSocketAddress local, TransportRuntime runtime, ConnectionHandler handler)
            throws TransportException {
        try {
            return start(local, runtime, handler, new ServerSocket());
        } catch (IOException e) {
            throw new TransportException("cannot listen on " + local + ": " + Reasons.describe(e), e);
        }
    }

    /** As above on a given unbound socket, which tests replace to make accept fail. */
    static SecureListener start(InetSocketAddress local, TransportRuntime runtime, ConnectionHandler handler,
            ServerSocket socket) throws TransportException {
        try {
            socket.setReuseAddress(true);
            socket.bind(local);
        } catch (IOException e) {
            closeQuietly(socket);
            throw new TransportException("cannot listen on " + local + ": " + Reasons.describe(e), e);
        }
        SecureListener listener = new SecureListener(socket, runtime, handler);
        if (!runtime.execute(listener::acceptLoop)) {
            listener.acceptLoopEnded.countDown();
            listener.close();
            throw new TransportException("cannot listen on " + local + ": transport closed");
        }
        // Registered only once the accept loop is handed to a thread, so that closing it (here or
        // by the transport) can wait for that loop; register() closes it if the transport closed.
        runtime.register(listener);
        if (runtime.isClosed()) {
            listener.close();
            throw new TransportException("cannot listen on " + local + ": transport closed");
        }
        LOG.info("{}: tls: listening for partners on {}", handler.logContext(), listener.localAddress());
        return listener;
    }

    @Override
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) serverSocket.getLocalSocketAddress();
    }

    /**
     * Stops accepting and returns once the port refuses connections (or after
     * {@link #CLOSE_WAIT_SECONDS} if the accept thread does not end, which is logged). Connections
     * accepted before stay open. Safe to call more than once and from any thread.
     */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            closing.countDown();
            try {
                serverSocket.close();
            } catch (IOException e) {
                LOG.debug("{}: tls: closing listener: {}", handler.logContext(), e.toString());
            }
        }
        if (Thread.currentThread() == acceptor) {
            return;
        }
        try {
            if (!acceptLoopEnded.await(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)) {
                LOG.warn("{}: tls: accept thread of listener {} still running {} s after close; the port may still"
                        + " accept connections", handler.logContext(), serverSocket.getLocalSocketAddress(), CLOSE_WAIT_SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void acceptLoop() {
        acceptor = Thread.currentThread();
        try {
            acceptUntilClosed();
        } finally {
            close(); // also when the loop ended because the transport closed
            acceptLoopEnded.countDown();
        }
    }

    private void acceptUntilClosed() {
        while (!closed.get() && !runtime.isClosed()) {
            Socket socket;
            try {
                socket = serverSocket.accept();
            } catch (IOException e) {
                if (closed.get() || runtime.isClosed()) {
                    return;
                }
                pauseAfter(e);
                continue;
            }
            backoff.reset();
            if (closed.get() || runtime.isClosed()) {
                // The connection arrived after close() began; the kernel still had the port
                // listening (see the class comment). Refuse it as a closed port would.
                LOG.debug("{}: tls: closed listener refused {}", handler.logContext(), socket.getRemoteSocketAddress());
                abortQuietly(socket);
                return;
            }
            admit(socket);
        }
    }

    /** Waits out the back-off (ended early by close) instead of failing accept in a tight loop. */
    private void pauseAfter(IOException e) {
        long delayMillis = backoff.nextDelayMillis();
        long held = acceptFailureLog.tryLog();
        if (held >= 0) {
            LOG.warn("{}: tls: accept on {} failed: {}; pausing accepts for {} ms, then retrying{}",
                    handler.logContext(), localAddress(), Reasons.describe(e), delayMillis, LogLimiter.heldBack(held));
        }
        try {
            closing.await(delayMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            close();
        }
    }

    private void admit(Socket socket) {
        InetSocketAddress remote = (InetSocketAddress) socket.getRemoteSocketAddress();
        AtomicBoolean displaced = new AtomicBoolean();
        AdmissionGate.Admission admission = gate.admit(remote.getAddress(), peerKind(remote), () -> {
            displaced.set(true);
            Handshakes.closeQuietly(socket);
        });
        if (!admission.admitted()) {
            long held = refusalLog.tryLog();
            if (held >= 0) {
                LOG.warn("{}: tls {}: refused connection: {}{}", handler.logContext(), remote, admission.refusal(),
                        LogLimiter.heldBack(held));
            }
            abortQuietly(socket);
            return;
        }
        AdmissionGate.Ticket ticket = admission.ticket();
        if (!runtime.executeHandshake(() -> handshakes.runServer(socket, handler, ticket::release, ticket::progressed,
                displaced::get))) {
            abortQuietly(socket);
            ticket.release();
        }
    }

    private PeerKind peerKind(InetSocketAddress remote) {
        try {
            PeerKind kind = handler.peerKind(remote);
            return kind == null ? PeerKind.UNCHECKED : kind;
        } catch (RuntimeException e) {
            LOG.warn("{}: tls: connection handler threw on peerKind({}); treating the address as unchecked",
                    handler.logContext(), remote, e);
            return PeerKind.UNCHECKED;
        }
    }

    /** Closes with a reset rather than FIN, so the peer hears at once that nobody serves it. */
    private static void abortQuietly(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
        } catch (IOException e) {
            LOG.debug("tls: SO_LINGER on refused socket: {}", e.toString());
        }
        Handshakes.closeQuietly(socket);
    }

    private static void closeQuietly(ServerSocket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            LOG.debug("tls: closing unbound listener socket: {}", e.toString());
        }
    }
}
