package org.dhcpv6.failover.examples.hostsrv;

/** The example server could not start; the message says what failed, for the operator. */
public final class StartupException extends Exception {

    private static final long serialVersionUID = 1L;

    /** An exception with a message for the operator. */
    public StartupException(String message) {
        super(message);
    }

    /** The same, keeping the underlying failure for the log. */
    public StartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
