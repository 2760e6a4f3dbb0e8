package org.dhcpv6.failover.examples.server;

import java.util.Objects;
import org.dhcpv6.failover.examples.dhcp.Duid;

/**
 * Names one IA of one client: RFC 8415 §12 binds leases to (DUID, IA type, IAID).
 *
 * @param duid the client's DUID
 * @param iaid the client-chosen IA identifier, 0..2^32-1
 * @param type IA_NA or IA_PD
 */
public record ClientKey(Duid duid, long iaid, IaType type) {

    /** Checks for nulls and the IAID range. */
    public ClientKey {
        Objects.requireNonNull(duid, "duid");
        Objects.requireNonNull(type, "type");
        if (iaid < 0 || iaid > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("iaid must fit 32 unsigned bits: " + iaid);
        }
    }

    @Override
    public String toString() {
        return duid + "/" + type + "/" + iaid;
    }
}
