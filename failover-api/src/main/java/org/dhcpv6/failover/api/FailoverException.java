package org.dhcpv6.failover.api;

/**
 * Root of the checked exceptions for failures of the environment (storage, network). Protocol
 * rejections are not exceptions: they are status codes in messages and values in results.
 */
public class FailoverException extends Exception {

    private static final long serialVersionUID = 1L;

    /** An exception with a message a person can act on. */
    public FailoverException(String message) {
        super(message);
    }

    /** An exception with a message and its cause. */
    public FailoverException(String message, Throwable cause) {
        super(message, cause);
    }
}
