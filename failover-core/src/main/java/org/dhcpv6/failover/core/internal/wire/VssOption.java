package org.dhcpv6.failover.core.internal.wire;

import java.util.Arrays;

/**
 * OPTION_VSS (code 68): the VPN identifier of a lease outside the default VPN (RFC 6607 §3.3, RFC
 * 8156 §7.4).
 *
 * <p>The octets are copied in and out, so instances stay immutable; equality is by content.
 *
 * @param data the value octets
 */
public record VssOption(byte[] data) implements Option {

    /** Copies the octets and checks that they fit one option. */
    public VssOption {
        data = Checks.copy(data, "data", 0);
    }

    /** A copy of the value octets. */
    @Override
    public byte[] data() {
        return data.clone();
    }

    /** The number of value octets, without copying them. */
    public int length() {
        return data.length;
    }

    @Override
    public OptionKind kind() {
        return OptionKind.VSS;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VssOption other && Arrays.equals(data, other.data);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "VssOption[data=" + Checks.hex(data) + "]";
    }
}
