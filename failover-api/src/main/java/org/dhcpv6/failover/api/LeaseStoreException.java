package org.dhcpv6.failover.api;

/** A {@link LeaseStore} could not read or durably write; the message says what and where. */
public class LeaseStoreException extends FailoverException {

    private static final long serialVersionUID = 1L;

    /** An exception with a message naming the store and the problem. */
    public LeaseStoreException(String message) {
        super(message);
    }

    /** An exception with a message and the I/O or database error behind it. */
    public LeaseStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
