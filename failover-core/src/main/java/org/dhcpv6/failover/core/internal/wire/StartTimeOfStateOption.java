package org.dhcpv6.failover.core.internal.wire;

/**
 * OPTION_F_START_TIME_OF_STATE (code 133): absolute time at which the endpoint state (in STATE)
 * or the binding status (inside a lease) began (RFC 8156 §5.5).
 *
 * @param time the value, 0..2^32 − 1
 */
public record StartTimeOfStateOption(long time) implements AbsoluteTimeOption {

    /** Checks that the value fits 32 bits. */
    public StartTimeOfStateOption {
        Checks.u32(time, "time of OPTION_F_START_TIME_OF_STATE");
    }

    @Override
    public OptionKind kind() {
        return OptionKind.F_START_TIME_OF_STATE;
    }

    @Override
    public long value() {
        return time;
    }
}
