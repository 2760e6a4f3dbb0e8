package org.dhcpv6.failover.core.transport;

import java.nio.channels.SelectionKey;

/** Something registered with the {@link SelectorLoop}: a listener or a connection. */
interface IoEndpoint {

    /** The channel of {@code key} is ready for the operations in its ready set. I/O thread only. */
    void onReady(SelectionKey key);

    /** Closes at once without flushing, reporting {@code reason}. I/O thread only. */
    void abort(String reason);
}
