package org.dhcpv6.failover.core.internal.wire;

/**
 * OPTION_F_STATE_EXPIRATION_TIME (code 134): absolute time at which the lease's current binding
 * status ends (RFC 8156 §5.5, §7.2).
 *
 * @param time the value, 0..2^32 − 1
 */
public record StateExpirationTimeOption(long time) implements AbsoluteTimeOption {

    /** Checks that the value fits 32 bits. */
    public StateExpirationTimeOption {
        Checks.u32(time, "time of OPTION_F_STATE_EXPIRATION_TIME");
    }

    @Override
    public OptionKind kind() {
        return OptionKind.F_STATE_EXPIRATION_TIME;
    }

    @Override
    public long value() {
        return time;
    }
}
