package org.dhcpv6.failover.core.transport;

import java.io.IOException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/** The one accept call of a listener, replaceable so tests can make it fail as EMFILE does. */
@FunctionalInterface
interface Acceptor {

    /** The system's accept. */
    Acceptor SYSTEM = ServerSocketChannel::accept;

    /** Accepts one connection, or null if none is waiting. */
    SocketChannel accept(ServerSocketChannel channel) throws IOException;
}
