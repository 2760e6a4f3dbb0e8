package org.dhcpv6.failover.tls;

import java.net.InetSocketAddress;
import java.util.Objects;

import org.dhcpv6.failover.api.Transport;
import org.dhcpv6.failover.api.TransportException;
import org.dhcpv6.failover.core.transport.ListenerHandle;
import org.dhcpv6.failover.tls.internal.Handshakes;
import org.dhcpv6.failover.tls.internal.SecureListener;
import org.dhcpv6.failover.tls.internal.TransportRuntime;

/**
 * The secure partner link (RFC 8156 §10): TCP, then STARTTLS and REPLY as in RFC 7653 §8.2,
 * then mutually authenticated TLS 1.3 or 1.2 on Bouncy Castle, then framed failover messages
 * inside TLS. A connection is reported by {@code onOpen} only after the handshake finished and
 * the partner's certificate passed the checks of {@link TlsSettings}; no message is delivered
 * before that.
 *
 * <p>The side that calls {@link #connect} is the primary: it sends STARTTLS and closes with
 * {@code onConnectFailed} if the partner refuses TLS (TLSConnectionRefused, 15), does not
 * answer, closes, or presents a certificate we do not accept; the reason names the problem.
 * A listener closes (and logs why) any connection whose first message is not STARTTLS, that
 * does not finish the handshake within {@link TlsSettings#handshakeTimeout()}, or whose
 * certificate it does not accept, and closes connections idle for
 * {@link TlsSettings#idleTimeout()}. Before any handshake it asks the handler's
 * {@link ConnectionHandler#peerKind} and resets a stranger at once; it holds at most
 * {@link TlsSettings#maxUnauthenticated()} unauthenticated connections in all plus
 * {@link TlsSettings#maxConnectionsPerPartner()} per configured partner address (a reserve where
 * a newer connection displaces the oldest one that has not sent STARTTLS); a failed accept
 * (EMFILE and the like) pauses with a back-off and never stops the listener.
 *
 * <p><b>Threads.</b> An accepted connection's handshake runs on a bounded pool of
 * {@code maxUnauthenticated + maxConnectionsPerPartner} threads. Each authenticated connection has
 * a reader thread (which calls the handler; for an outgoing one it also ran the handshake) and a
 * writer thread fed by one queue; {@code send} never blocks. A
 * failover pair holds one connection, so threads are cheap here and the blocking Bouncy Castle
 * API stays simple. Thread-safe. {@link #close()} closes everything and waits up to 5 s for
 * the threads, so no callback arrives after it returns (unless called from a callback).
 *
 * <p>A partner whose own certificate we accept but who refuses ours in TLS 1.3 finishes the
 * handshake on our side first: that shows as {@code onOpen} quickly followed by {@code onClose}
 * with the partner's alert, since TLS 1.3 lets the client finish before the server has judged
 * the client certificate.
 */
public final class TlsTransport implements Transport {

    private final TransportRuntime runtime;
    private final Handshakes handshakes;

    private TlsTransport(TlsSettings settings) {
        this.runtime = new TransportRuntime(settings);
        this.handshakes = new Handshakes(runtime);
    }

    /** A transport that secures every connection as {@code settings} say. */
    public static TlsTransport create(TlsSettings settings) {
        return new TlsTransport(Objects.requireNonNull(settings, "settings"));
    }

    /**
     * Starts a secure listener on {@code local}.
     *
     * @return the listener, which also tells the bound address (useful with port 0)
     * @throws TransportException if the address cannot be bound or the transport is closed
     */
    @Override
    public ListenerHandle listen(InetSocketAddress local, ConnectionHandler handler) throws TransportException {
        Objects.requireNonNull(local, "local");
        Objects.requireNonNull(handler, "handler");
        return SecureListener.start(local, runtime, handler);
    }

    /**
     * Starts connecting to {@code remote} as primary; never blocks. The outcome comes to
     * {@code handler}: {@code onOpen} once TLS is up and the partner accepted, or
     * {@code onConnectFailed} with the reason.
     */
    @Override
    public void connect(InetSocketAddress remote, ConnectionHandler handler) {
        Objects.requireNonNull(remote, "remote");
        Objects.requireNonNull(handler, "handler");
        if (!runtime.execute(() -> handshakes.runClient(remote, handler))) {
            handler.onConnectFailed(remote, "transport closed");
        }
    }

    /** Closes every listener and connection; each open connection reports {@code onClose}. */
    @Override
    public void close() {
        runtime.close();
    }
}
