package org.dhcpv6.failover.core.internal.wire;

/**
 * OPTION_F_SERVER_FLAGS (code 131): one octet of flags sent in STATE (RFC 8156 §5.5, §6.4).
 * Bits outside the three defined ones must be zero on send; they are kept as received.
 *
 * @param flags the flag octet, 0..255
 */
public record ServerFlagsOption(int flags) implements Option {

    /** C: the sender has communicated with its partner. */
    public static final int COMMUNICATED = 0x01;
    /** S: the sender is in STARTUP. */
    public static final int STARTUP = 0x02;
    /** A: the last SERVER_FLAGS the sender received had STARTUP set. */
    public static final int ACK_STARTUP = 0x04;

    /** Checks that the flags fit one octet. */
    public ServerFlagsOption {
        Checks.u8(flags, "server flags");
    }

    /** Whether every bit of {@code mask} is set. */
    public boolean has(int mask) {
        return (flags & mask) == mask;
    }

    @Override
    public OptionKind kind() {
        return OptionKind.F_SERVER_FLAGS;
    }
}
