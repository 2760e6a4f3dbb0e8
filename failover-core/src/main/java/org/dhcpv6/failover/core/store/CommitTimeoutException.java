package org.dhcpv6.failover.core.store;

import org.dhcpv6.failover.api.LeaseStoreException;

/**
 * A {@link JournalLeaseStore} write that was not confirmed durable within the commit timeout
 * ({@link JournalOptions#commitTimeout()}). Unlike other failures its outcome is open: the write
 * waits in the buffer of a flush that is stuck on the disk, the store's {@code get} already returns
 * it, and it lands when that flush finishes. The caller must not answer a client with it, and
 * must not assume it is gone either: the binding table takes what the store then holds.
 */
public final class CommitTimeoutException extends LeaseStoreException {

    private static final long serialVersionUID = 1L;

    /** An exception whose message names the journal and the timeout. */
    public CommitTimeoutException(String message) {
        super(message);
    }
}
