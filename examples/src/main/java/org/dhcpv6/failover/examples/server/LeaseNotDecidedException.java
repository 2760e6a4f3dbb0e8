package org.dhcpv6.failover.examples.server;

/**
 * Thrown by a lease backend when it can neither grant nor refuse right now (the store did not
 * commit, or the failover state changed under the message). {@link DhcpServerCore} drops the
 * message without a reply, and the client retransmits.
 */
public final class LeaseNotDecidedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** An exception with a message naming the message kind, resource, client and outcome. */
    public LeaseNotDecidedException(String message) {
        super(message);
    }
}
