package org.dhcpv6.failover.core.internal.wire;

/**
 * OPTION_F_PARTNER_DOWN_TIME (code 125): absolute time at which the sender entered PARTNER-DOWN
 * (RFC 8156 §5.5, §6.4).
 *
 * @param time the value, 0..2^32 − 1
 */
public record PartnerDownTimeOption(long time) implements AbsoluteTimeOption {

    /** Checks that the value fits 32 bits. */
    public PartnerDownTimeOption {
        Checks.u32(time, "time of OPTION_F_PARTNER_DOWN_TIME");
    }

    @Override
    public OptionKind kind() {
        return OptionKind.F_PARTNER_DOWN_TIME;
    }

    @Override
    public long value() {
        return time;
    }
}
