package org.dhcpv6.failover.tls;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import org.dhcpv6.failover.api.Transport;
import org.dhcpv6.failover.api.TransportException;
import org.dhcpv6.failover.core.internal.wire.FailoverMessage;
import org.dhcpv6.failover.core.internal.wire.MalformedMessageException;
import org.dhcpv6.failover.core.internal.wire.MessageCodec;
import org.dhcpv6.failover.core.internal.wire.StartTls;
import org.dhcpv6.failover.core.internal.wire.StartTlsReply;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wraps a plain (insecure-mode) transport so that its listener answers STARTTLS with REPLY and
 * TLSConnectionRefused (15) and closes, as RFC 7653 §8.2 asks of a server in insecure mode
 * (RFC 8156 §10). A secure primary then fails with "partner refused TLS".
 *
 * <p>To tell STARTTLS from CONNECT the wrapper holds back {@code onOpen} of an accepted
 * connection until its first message has arrived; other connections then go on exactly as
 * the plain transport reports them. The wait is bounded by the plain listener's first-frame
 * timeout and unauthenticated-connection cap, and the wrapped handler's
 * {@link ConnectionHandler#peerKind} is still asked at accept time, before that wait. Outgoing
 * connections are passed through unchanged.
 * Thread-safe if the wrapped transport is.
 */
public final class InsecureStartTlsRefuser implements Transport {

    private static final Logger LOG = LoggerFactory.getLogger(InsecureStartTlsRefuser.class);

    private final Transport plain;

    private InsecureStartTlsRefuser(Transport plain) {
        this.plain = plain;
    }

    /** Wraps {@code plain}, typically {@code TcpTransport.insecurePlaintext()}. */
    public static InsecureStartTlsRefuser wrap(Transport plain) {
        return new InsecureStartTlsRefuser(Objects.requireNonNull(plain, "plain"));
    }

    /** Listens through the plain transport, refusing STARTTLS on each accepted connection. */
    @Override
    public AutoCloseable listen(InetSocketAddress local, ConnectionHandler handler) throws TransportException {
        return plain.listen(local, new Refusing(Objects.requireNonNull(handler, "handler")));
    }

    /** Connects through the plain transport, unchanged. */
    @Override
    public void connect(InetSocketAddress remote, ConnectionHandler handler) {
        plain.connect(remote, handler);
    }

    /** Closes the plain transport. */
    @Override
    public void close() {
        plain.close();
    }

    /** Holds back onOpen until the first message shows whether the peer asked for TLS. */
    private static final class Refusing implements ConnectionHandler {
        private enum Phase { WAITING, REFUSED, PASSED }

        private final ConnectionHandler next;
        private final Map<Connection, Phase> phases = new ConcurrentHashMap<>();

        Refusing(ConnectionHandler next) {
            this.next = next;
        }

        @Override
        public void onOpen(Connection connection) {
            phases.put(connection, Phase.WAITING);
        }

        /** The partner check stays at accept time: the wrapped handler is asked before any read. */
        @Override
        public PeerKind peerKind(InetSocketAddress remote) {
            return next.peerKind(remote);
        }

        @Override
        public String logContext() {
            return next.logContext();
        }

        @Override
        public void onMessage(Connection connection, byte[] message) {
            Phase phase = phases.get(connection);
            if (phase == Phase.REFUSED) {
                return;
            }
            if (phase == Phase.WAITING) {
                if (isStartTls(message)) {
                    phases.put(connection, Phase.REFUSED);
                    StartTls request = (StartTls) decode(message);
                    LOG.warn("{}: tcp {}: partner asked for TLS but this listener runs in insecure mode; "
                            + "answered TLSConnectionRefused", next.logContext(), connection.remoteAddress());
                    connection.send(MessageCodec.encode(StartTlsReply.refuse(request.transactionId(),
                            "this server runs failover without TLS")));
                    connection.close();
                    return;
                }
                phases.put(connection, Phase.PASSED);
                next.onOpen(connection);
            }
            next.onMessage(connection, message);
        }

        @Override
        public void onClose(Connection connection, String reason) {
            Phase phase = phases.remove(connection);
            if (phase == Phase.PASSED) {
                next.onClose(connection, reason);
            }
        }

        private static boolean isStartTls(byte[] message) {
            return decode(message) instanceof StartTls;
        }

        private static FailoverMessage decode(byte[] message) {
            try {
                return MessageCodec.decode(message);
            } catch (MalformedMessageException e) {
                return null;
            }
        }
    }
}
