package org.dhcpv6.failover.api;

/** A {@link Transport} could not listen, connect or set up security; the message says why. */
public class TransportException extends FailoverException {

    private static final long serialVersionUID = 1L;

    /** An exception with a message naming the address and the problem. */
    public TransportException(String message) {
        super(message);
    }

    /** An exception with a message and its cause. */
    public TransportException(String message, Throwable cause) {
        super(message, cause);
    }
}
