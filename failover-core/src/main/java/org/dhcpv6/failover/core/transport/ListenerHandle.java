package org.dhcpv6.failover.core.transport;

import java.net.InetSocketAddress;

/**
 * What {@link org.dhcpv6.failover.api.Transport#listen} returns in this project's transports: a
 * handle that stops the listener and tells which address it is bound to. The address matters when
 * the listener was asked for port 0 (tests) and the system picked the port.
 */
public interface ListenerHandle extends AutoCloseable {

    /** The address and port the listener is bound to. */
    InetSocketAddress localAddress();

    /**
     * Stops accepting new connections. Connections already accepted stay open. Safe to call more
     * than once and from any thread.
     */
    @Override
    void close();
}
