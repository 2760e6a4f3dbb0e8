package org.dhcpv6.failover.core.internal.wire;

import java.util.Arrays;

/**
 * OPTION_F_DNS_ZONE_NAME (code 118): a zone name in RFC 1035 wire encoding, inside
 * OPTION_F_DNS_REMOVAL_INFO (RFC 8156 §5.5).
 *
 * <p>The octets are copied in and out, so instances stay immutable; equality is by content.
 *
 * @param name the value octets
 */
public record DnsZoneNameOption(byte[] name) implements Option {

    /** Copies the octets and checks that they fit one option. */
    public DnsZoneNameOption {
        name = Checks.copy(name, "name", 0);
    }

    /** A copy of the value octets. */
    @Override
    public byte[] name() {
        return name.clone();
    }

    /** The number of value octets, without copying them. */
    public int length() {
        return name.length;
    }

    @Override
    public OptionKind kind() {
        return OptionKind.F_DNS_ZONE_NAME;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DnsZoneNameOption other && Arrays.equals(name, other.name);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(name);
    }

    @Override
    public String toString() {
        return "DnsZoneNameOption[name=" + Checks.hex(name) + "]";
    }
}
