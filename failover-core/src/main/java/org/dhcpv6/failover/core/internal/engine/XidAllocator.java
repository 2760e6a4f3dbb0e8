package org.dhcpv6.failover.core.internal.engine;

import java.util.HashSet;
import java.util.Set;
import org.dhcpv6.failover.core.internal.wire.FailoverMessage;

/**
 * Hands out 24-bit transaction-ids (RFC 8156 §5.4): an incrementing counter that, when it wraps,
 * skips ids still held by outstanding requests (UPDREQ and UPDREQALL can stay open for long).
 */
final class XidAllocator {

    private final Set<Integer> held = new HashSet<>();
    private int next;

    XidAllocator(int start) {
        this.next = start & FailoverMessage.MAX_TRANSACTION_ID;
    }

    /** A fresh id not held by an outstanding request. */
    int next() {
        int xid;
        do {
            xid = next;
            next = (next + 1) & FailoverMessage.MAX_TRANSACTION_ID;
        } while (held.contains(xid));
        return xid;
    }

    /** A fresh id that stays reserved until {@link #release}. */
    int hold() {
        int xid = next();
        held.add(xid);
        return xid;
    }

    void release(int xid) {
        held.remove(xid);
    }
}
