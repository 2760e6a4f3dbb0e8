package org.dhcpv6.failover.core.internal.wire;

import java.util.Arrays;

/**
 * An option whose code this codec does not know. It is kept verbatim, wherever it appeared,
 * and encoded back unchanged, so that a newer partner's options survive a pass through us.
 *
 * @param code the option code, 0..65535, not one {@link OptionKind} knows
 * @param data the value octets
 */
public record UnknownOption(int code, byte[] data) implements Option {

    /** Checks the code and copies the octets. */
    public UnknownOption {
        Checks.u16(code, "option code");
        if (OptionKind.isKnown(code)) {
            // A known code must decode to its typed record, or equality after a round trip breaks.
            throw new IllegalArgumentException("option code " + code + " is known: use "
                    + OptionKind.fromCode(code).orElseThrow().rfcName() + "'s record");
        }
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
        return OptionKind.UNKNOWN;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UnknownOption other && code == other.code && Arrays.equals(data, other.data);
    }

    @Override
    public int hashCode() {
        return Checks.hash(code, data);
    }

    @Override
    public String toString() {
        return "UnknownOption[code=" + code + ", data=" + Checks.hex(data) + "]";
    }
}
