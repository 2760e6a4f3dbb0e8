package org.dhcpv6.failover.core.transport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.dhcpv6.failover.api.Transport.ConnectionHandler;
import org.dhcpv6.failover.api.Transport.PeerKind;
import org.dhcpv6.failover.api.TransportException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A listening socket of a {@link TcpTransport}; accepts on the I/O thread. Every accepted
 * connection passes the {@link AdmissionGate} before anything is read from it; a failed accept
 * turns accepting off for a back-off pause instead of returning to a selector that would fire
 * again at once (issue 17, finding 2: 100 % CPU and 195,000 log lines a second without it).
 */
final class TcpListener implements ListenerHandle, IoEndpoint {

    private static final Logger log = LoggerFactory.getLogger(TcpListener.class);

    /** How long {@link #close} waits for the I/O thread to let go of the socket. */
    private static final long CLOSE_WAIT_MILLIS = 5_000;
    private static final int BACKLOG = 16;

    private final SelectorLoop loop;
    private final ServerSocketChannel channel;
    private final ConnectionHandler handler;
    private final TcpSettings settings;
    private final InetSocketAddress local;
    private static final Duration LOG_INTERVAL = Duration.ofSeconds(10);

    private final Acceptor acceptor;
    private final AdmissionGate gate;
    private final AcceptBackoff backoff = new AcceptBackoff();
    private final LogLimiter acceptFailureLog = new LogLimiter(LOG_INTERVAL);
    private final LogLimiter refusalLog = new LogLimiter(LOG_INTERVAL);
    private final LogLimiter pendingLog = new LogLimiter(LOG_INTERVAL);
    private final LogLimiter displacedLog = new LogLimiter(LOG_INTERVAL);
    private final AtomicBoolean closed = new AtomicBoolean();
    private SelectionKey key;
    private boolean paused;

    private TcpListener(SelectorLoop loop, ServerSocketChannel channel, ConnectionHandler handler,
            TcpSettings settings, Acceptor acceptor) throws IOException {
        this.loop = loop;
        this.channel = channel;
        this.handler = handler;
        this.settings = settings;
        this.acceptor = acceptor;
        this.gate = new AdmissionGate(settings.maxUnauthenticated(), settings.maxPendingPerAddress());
        this.local = (InetSocketAddress) channel.getLocalAddress();
    }

    /**
     * Binds {@code address} on the calling thread, so bind errors reach the caller, then hands
     * the socket to the I/O thread.
     */
    static TcpListener open(SelectorLoop loop, InetSocketAddress address, ConnectionHandler handler,
            TcpSettings settings, Acceptor acceptor) throws TransportException {
        ServerSocketChannel channel = null;
        try {
            channel = ServerSocketChannel.open();
            // A restarted server must be able to bind again while old connections sit in TIME_WAIT.
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            channel.bind(address, BACKLOG);
            channel.configureBlocking(false);
            TcpListener listener = new TcpListener(loop, channel, handler, settings, acceptor);
            loop.executeAndWait(listener::register, CLOSE_WAIT_MILLIS);
            log.info("{}: listening on {} with plain TCP (no TLS)", listener.handler.logContext(),
                    Addresses.describe(listener.local));
            return listener;
        } catch (IOException e) {
            closeQuietly(channel);
            throw new TransportException("cannot listen on " + Addresses.describe(address) + ": "
                    + e.getMessage(), e);
        }
    }

    private void register() {
        try {
            key = loop.register(channel, SelectionKey.OP_ACCEPT, this);
        } catch (IOException e) {
            log.error("{}: listener on {} could not start", handler.logContext(), Addresses.describe(local), e);
            closeQuietly(channel);
        }
    }

    @Override
    public InetSocketAddress localAddress() {
        return local;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (!loop.isRunning()) {
            closeQuietly(channel);
            return;
        }
        // Waits so that once close() returns, the port refuses connections.
        loop.executeAndWait(() -> {
            abort("listener closed");
            try {
                loop.flushCancelledKeys();
            } catch (IOException e) {
                log.warn("{}: could not release the listening socket on {}", handler.logContext(),
                        Addresses.describe(local), e);
            }
        }, CLOSE_WAIT_MILLIS);
    }

    @Override
    public void onReady(SelectionKey readyKey) {
        while (!paused) {
            SocketChannel accepted;
            try {
                accepted = acceptor.accept(channel);
            } catch (IOException e) {
                pauseAccepting(e);
                return;
            }
            if (accepted == null) {
                return;
            }
            backoff.reset();
            admit(accepted);
        }
    }

    /** Unaccepted connections wait in the kernel's backlog meanwhile; none is lost to the pause. */
    private void pauseAccepting(IOException e) {
        long delayMillis = backoff.nextDelayMillis();
        long held = acceptFailureLog.tryLog();
        if (held >= 0) {
            log.warn("{}: accept on {} failed: {}; pausing accepts for {} ms, then retrying{}",
                    handler.logContext(), Addresses.describe(local), e.getMessage(), delayMillis, LogLimiter.heldBack(held));
        }
        paused = true;
        key.interestOps(0);
        loop.schedule(TimeUnit.MILLISECONDS.toNanos(delayMillis), this::resumeAccepting);
    }

    private void resumeAccepting() {
        paused = false;
        if (!closed.get() && key.isValid()) {
            key.interestOps(SelectionKey.OP_ACCEPT);
        }
    }

    private void admit(SocketChannel accepted) {
        InetSocketAddress remote;
        try {
            remote = (InetSocketAddress) accepted.getRemoteAddress();
        } catch (IOException e) {
            closeQuietly(accepted);
            return;
        }
        PeerKind kind = peerKind(remote);
        TcpConnection[] connection = new TcpConnection[1];
        AdmissionGate.Admission admission = gate.admit(remote.getAddress(), kind, () -> {
            if (connection[0] != null) {
                connection[0].abort("closed to make room for a newer connection from the partner's address");
            }
        });
        if (!admission.admitted()) {
            refuse(accepted, remote, admission.refusal());
            return;
        }
        if (admission.evictedOlder()) {
            long held = displacedLog.tryLog();
            if (held >= 0) {
                log.warn("{}: {} unauthenticated connections from the partner's address {} on {}: closed the oldest "
                        + "to admit a newer one{}", handler.logContext(), settings.maxPendingPerAddress(), Addresses.describe(remote),
                        Addresses.describe(local), LogLimiter.heldBack(held));
            }
        }
        try {
            connection[0] = TcpConnection.accepted(loop, accepted, remote, handler, settings,
                    admission.ticket(), pendingLog);
        } catch (IOException e) {
            admission.ticket().release();
            log.warn("{}: dropped a connection on {}: {}", handler.logContext(), Addresses.describe(local),
                    e.getMessage());
            closeQuietly(accepted);
        }
    }

    private PeerKind peerKind(InetSocketAddress remote) {
        try {
            PeerKind kind = handler.peerKind(remote);
            return kind == null ? PeerKind.UNCHECKED : kind;
        } catch (RuntimeException e) {
            log.warn("{}: connection handler threw on peerKind({}); treating the address as unchecked",
                    handler.logContext(), Addresses.describe(remote), e);
            return PeerKind.UNCHECKED;
        }
    }

    /** Closes with a reset, so the refused socket neither lingers nor holds a descriptor. */
    private void refuse(SocketChannel accepted, InetSocketAddress remote, String reason) {
        long held = refusalLog.tryLog();
        if (held >= 0) {
            log.warn("{}: refused connection from {} on {}: {}{}", handler.logContext(), Addresses.describe(remote),
                    Addresses.describe(local), reason, LogLimiter.heldBack(held));
        }
        try {
            accepted.setOption(StandardSocketOptions.SO_LINGER, 0);
        } catch (IOException e) {
            log.debug("{}: SO_LINGER on a refused socket: {}", handler.logContext(), e.toString());
        }
        closeQuietly(accepted);
    }

    @Override
    public void abort(String reason) {
        if (key != null) {
            key.cancel();
        }
        closeQuietly(channel);
        log.info("{}: stopped listening on {}: {}", handler.logContext(), Addresses.describe(local), reason);
    }

    private static void closeQuietly(java.nio.channels.Channel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            log.debug("close failed", e);
        }
    }

    @Override
    public String toString() {
        return handler.logContext() + ": tcp listener " + Addresses.describe(local);
    }
}
