package org.dhcpv6.failover.api;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * Moves whole failover messages between partners (RFC 8156 §6: one long-lived TCP connection per
 * relationship; the primary connects, the secondary listens on port 647). A transport frames
 * messages (the 2-octet message-size of RFC 5460 §5.1), sets up security if it offers any
 * (STARTTLS and TLS, RFC 8156 §10) and reports only connections that are ready for CONNECT.
 *
 * <p><b>Threads.</b> Methods are thread-safe and never block on the network: {@link #connect}
 * reports its outcome later. Callbacks of {@link ConnectionHandler} come from the transport's own
 * I/O thread(s); handlers must return quickly and must not block.
 *
 * <p>Transports promise little: connections drop, and a connection may close at any time with
 * {@link ConnectionHandler#onClose} as the only notice.
 */
public interface Transport extends AutoCloseable {

    /**
     * Starts accepting connections on {@code local}; each accepted, ready connection is reported
     * to {@code handler}. Call once per local address.
     *
     * @return a handle that stops this listener when closed
     * @throws TransportException if the address cannot be bound or security cannot be set up
     */
    AutoCloseable listen(InetSocketAddress local, ConnectionHandler handler) throws TransportException;

    /**
     * Starts connecting to {@code remote}. Success is reported by
     * {@link ConnectionHandler#onOpen}; failure, including a refused security handshake, by
     * {@link ConnectionHandler#onConnectFailed}.
     */
    void connect(InetSocketAddress remote, ConnectionHandler handler);

    /** Closes every listener and connection of this transport. */
    @Override
    void close();

    /** One open connection to a partner. Thread-safe. */
    interface Connection {

        /** The partner's address and port. */
        InetSocketAddress remoteAddress();

        /** This side's address and port. */
        InetSocketAddress localAddress();

        /**
         * Queues one message (without the 2-octet size; the transport adds it) for sending.
         * Never blocks; messages on one connection are sent in the order queued. Silently dropped
         * if the connection is closed. The array is handed over: the transport may hold it until
         * it is written, so the caller must not change it afterwards.
         */
        void send(byte[] message);

        /**
         * Queues several messages, in order, as {@link #send} would one by one; the same rules
         * apply to each. A transport that can write them together (one hand-over to its writer,
         * fuller records) overrides this; the default sends them one by one.
         */
        default void sendAll(List<byte[]> messages) {
            for (byte[] message : messages) {
                send(message);
            }
        }

        /**
         * Sends what is queued, then closes. {@link ConnectionHandler#onClose} follows.
         */
        void close();

        /** Whether the connection is still open. */
        boolean isOpen();
    }

    /** Receives the events of connections. Called from the transport's I/O thread. */
    interface ConnectionHandler {

        /** A connection is ready for failover messages. */
        void onOpen(Connection connection);

        /** One whole message arrived (without its 2-octet size). */
        void onMessage(Connection connection, byte[] message);

        /** The connection closed; {@code reason} says why in words a person can act on. */
        void onClose(Connection connection, String reason);

        /** An outgoing connection could not be made; {@code reason} says why. */
        default void onConnectFailed(InetSocketAddress remote, String reason) {
        }

        /**
         * Asked by a listener right after it accepts a connection from {@code remote}, before any
         * handshake or read: whether that address is a configured partner. A listener closes a
         * {@link PeerKind#NOT_A_PARTNER} connection at once, keeps a reserve of slots for a
         * {@link PeerKind#CONFIGURED_PARTNER} and counts {@link PeerKind#UNCHECKED} against its
         * global cap of unauthenticated connections. Must be fast and must not block or throw;
         * the default leaves every address unchecked.
         */
        default PeerKind peerKind(InetSocketAddress remote) {
            return PeerKind.UNCHECKED;
        }

        /**
         * Whom this handler serves, for the transport's log lines about its connections and
         * listener (a failover server answers its relationships and roles, e.g.
         * {@code campus/primary}), so that lines written on transport threads say which server
         * they come from. Must be cheap (a constant): a transport may ask for every line it
         * writes. The default names nobody ({@code "-"}).
         */
        default String logContext() {
            return "-";
        }
    }

    /** What a handler says of a peer address before the connection is served. */
    enum PeerKind {
        /** The address of a configured partner: admitted from a reserve that strangers cannot use. */
        CONFIGURED_PARTNER,
        /** No partner has this address: the connection is closed at once. */
        NOT_A_PARTNER,
        /** The handler does not know: admitted within the listener's global cap. */
        UNCHECKED
    }
}
