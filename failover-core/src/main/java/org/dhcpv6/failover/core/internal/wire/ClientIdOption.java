package org.dhcpv6.failover.core.internal.wire;

import java.util.Arrays;
import org.dhcpv6.failover.api.Duid;

/**
 * OPTION_CLIENTID (code 1): the DUID of the client most recently associated with a lease;
 * required in every OPTION_CLIENT_DATA and the key a receiver looks the client up by (RFC 3315
 * §22.2, RFC 8156 §7.4).
 *
 * <p>The octets are copied in and out, so instances stay immutable; equality is by content.
 *
 * @param duid the value octets
 */
public record ClientIdOption(byte[] duid) implements Option {

    /** Copies the octets and checks that the DUID is not empty and fits one option. */
    public ClientIdOption {
        duid = Checks.copy(duid, "duid", 0);
        if (duid.length == 0) {
            throw new IllegalArgumentException("DUID must not be empty");
        }
    }

    /** A copy of the value octets. */
    @Override
    public byte[] duid() {
        return duid.clone();
    }

    /**
     * The DUID, copied once (not twice, as {@code Duid.of(duid())} would).
     *
     * @throws IllegalArgumentException if the octets are too long for a DUID
     */
    public Duid toDuid() {
        return Duid.of(duid);
    }

    /** The number of value octets, without copying them. */
    public int length() {
        return duid.length;
    }

    @Override
    public OptionKind kind() {
        return OptionKind.CLIENTID;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClientIdOption other && Arrays.equals(duid, other.duid);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(duid);
    }

    @Override
    public String toString() {
        return "ClientIdOption[duid=" + Checks.hex(duid) + "]";
    }
}
