package org.dhcpv6.failover.core.internal.wire;

/**
 * OPTION_F_PROTOCOL_VERSION (code 127): major and minor protocol version, 16 bits each
 * (RFC 8156 §5.5, §6.1.1). RFC 8156 is version 1.0.
 *
 * @param major the major version, 0..65535
 * @param minor the minor version, 0..65535
 */
public record ProtocolVersionOption(int major, int minor) implements Option {

    /** The version this codec speaks, 1.0. */
    public static final ProtocolVersionOption RFC8156 = new ProtocolVersionOption(1, 0);

    /** Checks that both parts fit 16 bits. */
    public ProtocolVersionOption {
        Checks.u16(major, "major version");
        Checks.u16(minor, "minor version");
    }

    @Override
    public OptionKind kind() {
        return OptionKind.F_PROTOCOL_VERSION;
    }
}
