package org.dhcpv6.failover.tls.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.dhcpv6.failover.api.Transport.ConnectionHandler;
import org.dhcpv6.failover.api.TransportException;
import org.dhcpv6.failover.core.transport.ListenerHandle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A secure listener: accepts TCP connections, caps how many one partner address may hold at
 * once (RFC 8156 §10 SHOULD), and hands each to {@link Handshakes#runServer} on its own thread.
 */
public final class SecureListener implements ListenerHandle {

    private static final Logger LOG = LoggerFactory.getLogger(SecureListener.class);

    private final ServerSocket serverSocket;
    private final TransportRuntime runtime;
    private final Handshakes handshakes;
    private final ConnectionHandler handler;
    private final Map<InetAddress, Integer> perAddress = new ConcurrentHashMap<>();

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
        runtime.register(listener);
        if (!runtime.execute(listener::acceptLoop)) {
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

    @Override
    public void close() {
        try {
            serverSocket.close();
        } catch (IOException e) {
            LOG.debug("tls: closing listener: {}", e.toString());
        }
    }

    private void acceptLoop() {
        while (!serverSocket.isClosed() && !runtime.isClosed()) {
            Socket socket;
            try {
                socket = serverSocket.accept();
            } catch (IOException e) {
                if (!serverSocket.isClosed() && !runtime.isClosed()) {
                    LOG.warn("tls: listener on {} stopped: {}", localAddress(), Reasons.describe(e));
                }
                close();
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
