package org.dhcpv6.failover.core.transport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicBoolean;
import org.dhcpv6.failover.api.Transport.ConnectionHandler;
import org.dhcpv6.failover.api.TransportException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A listening socket of a {@link TcpTransport}; accepts on the I/O thread. */
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
    private final AtomicBoolean closed = new AtomicBoolean();
    private SelectionKey key;

    private TcpListener(SelectorLoop loop, ServerSocketChannel channel, ConnectionHandler handler,
            TcpSettings settings) throws IOException {
        this.loop = loop;
        this.channel = channel;
        this.handler = handler;
        this.settings = settings;
        this.local = (InetSocketAddress) channel.getLocalAddress();
    }

    /**
     * Binds {@code address} on the calling thread, so bind errors reach the caller, then hands
     * the socket to the I/O thread.
     */
    static TcpListener open(SelectorLoop loop, InetSocketAddress address, ConnectionHandler handler,
            TcpSettings settings) throws TransportException {
        ServerSocketChannel channel = null;
        try {
            channel = ServerSocketChannel.open();
            // A restarted server must be able to bind again while old connections sit in TIME_WAIT.
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            channel.bind(address, BACKLOG);
            channel.configureBlocking(false);
            TcpListener listener = new TcpListener(loop, channel, handler, settings);
            loop.executeAndWait(listener::register, CLOSE_WAIT_MILLIS);
            log.info("listening on {} with plain TCP (no TLS)", Addresses.describe(listener.local));
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
            log.error("listener on {} could not start", Addresses.describe(local), e);
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
                log.warn("could not release the listening socket on {}", Addresses.describe(local), e);
            }
        }, CLOSE_WAIT_MILLIS);
    }

    @Override
    public void onReady(SelectionKey readyKey) {
        while (true) {
            SocketChannel accepted;
            try {
                accepted = channel.accept();
            } catch (IOException e) {
                log.warn("accept on {} failed: {}", Addresses.describe(local), e.getMessage());
                return;
            }
            if (accepted == null) {
                return;
            }
            try {
                TcpConnection.accepted(loop, accepted, handler, settings);
            } catch (IOException e) {
                log.warn("dropped a connection on {}: {}", Addresses.describe(local), e.getMessage());
                closeQuietly(accepted);
            }
        }
    }

    @Override
    public void abort(String reason) {
        if (key != null) {
            key.cancel();
        }
        closeQuietly(channel);
        log.info("stopped listening on {}: {}", Addresses.describe(local), reason);
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
        return "tcp listener " + Addresses.describe(local);
    }
}
