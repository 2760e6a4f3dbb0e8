package org.dhcpv6.failover.tls.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.dhcpv6.failover.api.Transport.ConnectionHandler;
import org.dhcpv6.failover.api.TransportException;
import org.dhcpv6.failover.core.transport.ListenerHandle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A secure listener: accepts TCP connections, caps how many one partner address may hold at
 * once (RFC 8156 §10 SHOULD), and hands each to {@link Handshakes#runServer} on its own thread.
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
    private final Map<InetAddress, Integer> perAddress = new ConcurrentHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Counted down when the accept loop has ended, or when it never will run. */
    private final CountDownLatch acceptLoopEnded = new CountDownLatch(1);
    /** The thread running the accept loop, once it runs. */
    private volatile Thread acceptor;

    private SecureListener(ServerSocket serverSocket, TransportRuntime runtime, ConnectionHandler handler) {
        this.serverSocket = serverSocket;
        this.runtime = runtime;
        this.handshakes = new Handshakes(runtime);
        this.handler = handler;
    }

    /** Binds {@code local} and starts accepting. */
    public static SecureListener start(InetSocketAddress local, TransportRuntime runtime, ConnectionHandler handler)
            throws TransportException {
        ServerSocket socket;
        try {
            socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(local);
        } catch (IOException e) {
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
        LOG.info("tls: listening for partners on {}", listener.localAddress());
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
            try {
                serverSocket.close();
            } catch (IOException e) {
                LOG.debug("tls: closing listener: {}", e.toString());
            }
        }
        if (Thread.currentThread() == acceptor) {
            return;
        }
        try {
            if (!acceptLoopEnded.await(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)) {
                LOG.warn("tls: accept thread of listener {} still running {} s after close; the port may still"
                        + " accept connections", serverSocket.getLocalSocketAddress(), CLOSE_WAIT_SECONDS);
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
                if (!closed.get() && !runtime.isClosed()) {
                    LOG.warn("tls: listener on {} stopped: {}", localAddress(), Reasons.describe(e));
                }
                return;
            }
            if (closed.get() || runtime.isClosed()) {
                // The connection arrived after close() began; the kernel still had the port
                // listening (see the class comment). Refuse it as a closed port would.
                LOG.debug("tls: closed listener refused {}", socket.getRemoteSocketAddress());
                abortQuietly(socket);
                return;
            }
            InetAddress from = socket.getInetAddress();
            if (!acquire(from)) {
                LOG.warn("tls {}: refused connection: already {} connections from that address",
                        socket.getRemoteSocketAddress(), runtime.settings().maxConnectionsPerPartner());
                Handshakes.closeQuietly(socket);
                continue;
            }
            if (!runtime.execute(() -> handshakes.runServer(socket, handler, () -> release(from)))) {
                Handshakes.closeQuietly(socket);
                release(from);
            }
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

    private boolean acquire(InetAddress address) {
        int max = runtime.settings().maxConnectionsPerPartner();
        boolean[] ok = new boolean[1];
        perAddress.compute(address, (a, n) -> {
            int current = n == null ? 0 : n;
            ok[0] = current < max;
            return ok[0] ? current + 1 : current;
        });
        return ok[0];
    }

    private void release(InetAddress address) {
        perAddress.computeIfPresent(address, (a, n) -> n <= 1 ? null : n - 1);
    }
}
