package org.dhcpv6.failover.core.internal.engine;

import java.net.InetSocketAddress;
import org.dhcpv6.failover.core.internal.wire.FailoverMessage;
import org.dhcpv6.failover.core.internal.wire.MalformedMessageException;
import org.dhcpv6.failover.core.internal.wire.MessageCodec;
import org.dhcpv6.failover.core.internal.wire.MessageType;

/**
 * What the engine asks the outside world to do. The runtime implements it over a
 * {@link org.dhcpv6.failover.api.Transport}; tests and the simulator record the calls. Every
 * method must return at once (queue, never block) and must not call back into the engine.
 */
public interface Outbox {

    /** Sends a message on a connection. */
    void send(long connectionId, FailoverMessage message);

    /**
     * Sends a message already encoded ({@code body}, without the size prefix, of {@code type}) on
     * a connection, as {@link #send} would send the message it decodes to: the bulk BNDUPDs are
     * written straight to octets. The default decodes it and calls {@link #send}.
     */
    default void sendEncoded(long connectionId, MessageType type, byte[] body) {
        try {
            send(connectionId, MessageCodec.decode(body));
        } catch (MalformedMessageException e) {
            throw new IllegalArgumentException("a " + type.rfcName() + " that does not decode", e);
        }
    }

    /** Closes a connection after what was sent on it, giving the reason for the log. */
    void close(long connectionId, String reason);

    /** Opens a connection to the partner (primary only); the outcome comes back as an input. */
    void connect(InetSocketAddress partner);
}
