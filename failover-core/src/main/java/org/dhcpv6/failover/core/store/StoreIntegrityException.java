package org.dhcpv6.failover.core.store;

import org.dhcpv6.failover.api.LeaseStoreException;

/**
 * A {@link JournalLeaseStore} directory does not hold the files its store last wrote: the journal
 * is missing, emptied, from another store or from another generation than the snapshot, or the
 * snapshot is missing or older than the journal. Opening it would start from part of the
 * bindings, so it is refused (docs/decisions/0001-store-generations.md). The message names the
 * files and says what to do: restore the right files, or move the directory aside so the server
 * starts with empty storage, in RECOVER, and fetches every binding from its partner (UPDREQALL).
 */
public final class StoreIntegrityException extends LeaseStoreException {

    private static final long serialVersionUID = 1L;

    /** An exception whose message names the files and the mismatch. */
    public StoreIntegrityException(String message) {
        super(message);
    }
}
