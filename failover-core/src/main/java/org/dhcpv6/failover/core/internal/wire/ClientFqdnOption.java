package org.dhcpv6.failover.core.internal.wire;

import java.util.Arrays;

/**
 * OPTION_CLIENT_FQDN (code 39): a flags octet and a domain name in DNS wire encoding, carried
 * in the IAaddr or IAprefix options of a BNDUPD (RFC 4704 §4, RFC 8156 §7.4).
 *
 * @param flags the flags octet, 0..255
 * @param domainName the domain name octets
 */
public record ClientFqdnOption(int flags, byte[] domainName) implements Option {

    /** Checks the flags and copies the name. */
    public ClientFqdnOption {
        Checks.u8(flags, "FQDN flags");
        domainName = Checks.copy(domainName, "domainName", 1);
    }

    /** A copy of the domain name octets. */
    @Override
    public byte[] domainName() {
        return domainName.clone();
    }

    /** The number of domain name octets, without copying them. */
    public int nameLength() {
        return domainName.length;
    }

    @Override
    public OptionKind kind() {
        return OptionKind.CLIENT_FQDN;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClientFqdnOption other && flags == other.flags
                && Arrays.equals(domainName, other.domainName);
    }

    @Override
    public int hashCode() {
        return Checks.hash(flags, domainName);
    }

    @Override
    public String toString() {
        return "ClientFqdnOption[flags=" + flags + ", domainName=" + Checks.hex(domainName) + "]";
    }
}
