package org.dhcpv6.failover.core.internal.wire;

/**
 * OPTION_F_MAX_UNACKED_BNDUPD (code 121): how many unacknowledged BNDUPDs the sender accepts
 * without blocking the connection (RFC 8156 §5.5, §6.1.1).
 *
 * @param count the value, 0..2^32 − 1
 */
public record MaxUnackedBndupdOption(long count) implements Uint32Option {

    /** Checks that the value fits 32 bits. */
    public MaxUnackedBndupdOption {
        Checks.u32(count, "count of OPTION_F_MAX_UNACKED_BNDUPD");
    }

    @Override
    public OptionKind kind() {
        return OptionKind.F_MAX_UNACKED_BNDUPD;
    }

    @Override
    public long value() {
        return count;
    }
}
