package org.dhcpv6.failover.api;

/**
 * How much one endpoint holds in memory, for monitoring and for the simulator's bounded-memory
 * check. Each figure has a bound a healthy endpoint never passes: the lazy update queue holds each
 * resource at most once, the partner acknowledges at most its max-unacked BNDUPDs at a time, and
 * the expiry queue drains every look when its time comes.
 *
 * @param bindings bindings in the table (at most the resources of the configured pools)
 * @param queuedUpdates resources waiting to go to the partner (at most {@code bindings})
 * @param updatesAwaitingAck BNDUPDs sent and not yet answered (at most the partner's max-unacked)
 * @param expiryEntries looks at bindings scheduled in the expiry queue, superseded ones included
 */
public record EndpointQueues(int bindings, int queuedUpdates, int updatesAwaitingAck, int expiryEntries) {
}
