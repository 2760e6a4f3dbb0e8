package org.dhcpv6.failover.core.internal.wire;

/**
 * OPTION_F_CONNECT_FLAGS (code 115): 16 bits of flags in CONNECT and CONNECTREPLY
 * (RFC 8156 §5.5, §6.1.1). Undefined bits are kept as received so the engine can reject
 * what it cannot handle.
 *
 * @param flags the flag word, 0..65535
 */
public record ConnectFlagsOption(int flags) implements Option {

    /** F: every prefix delegated from one delegable prefix has the same length. */
    public static final int FIXED_PD_LENGTH = 0x0001;

    /** Checks that the flags fit 16 bits. */
    public ConnectFlagsOption {
        Checks.u16(flags, "connect flags");
    }

    @Override
    public OptionKind kind() {
        return OptionKind.F_CONNECT_FLAGS;
    }
}
