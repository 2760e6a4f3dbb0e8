package org.dhcpv6.failover.api;

import java.util.Objects;

/**
 * Who holds a binding: the client's DUID and the identity association (IAID and type) the
 * resource was given in. RFC 8156 §7.5.3 treats a different DUID or IAID as a different client.
 *
 * @param duid the client's DUID (OPTION_CLIENTID)
 * @param iaid the 32-bit IAID, 0 to 4294967295
 * @param iaType the IA type the resource sits in
 */
public record ClientIdentity(Duid duid, long iaid, IaType iaType) {

    /** Checks that every part is present and the IAID fits 32 bits. */
    public ClientIdentity {
        Objects.requireNonNull(duid, "duid");
        Objects.requireNonNull(iaType, "iaType");
        if (iaid < 0 || iaid > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("iaid must be a 32-bit unsigned value: " + iaid);
        }
    }

    @Override
    public String toString() {
        return duid + "/" + iaType + ":" + iaid;
    }
}
