package org.dhcpv6.failover.core.transport;

import java.time.Duration;

/**
 * The limits a {@link TcpTransport} works with; checked by {@link TcpTransport.Builder}.
 *
 * @param maxFrameSize largest message body accepted from a partner, in octets
 * @param maxQueuedBytes most octets a connection may hold unsent before it is closed
 * @param connectTimeout how long a connect attempt may take
 * @param closeLinger how long a locally closed connection waits for the partner to close too
 * @param firstFrameTimeout how long an accepted connection may take to deliver its first whole frame
 * @param maxUnauthenticated cap on accepted connections without a first frame, partner reserve aside
 * @param maxPendingPerAddress cap on such connections from one address (and the partner's reserve)
 */
record TcpSettings(int maxFrameSize, long maxQueuedBytes, Duration connectTimeout, Duration closeLinger,
        Duration firstFrameTimeout, int maxUnauthenticated, int maxPendingPerAddress) {
}
