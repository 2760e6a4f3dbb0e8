package org.dhcpv6.failover.core.internal.wire;

/**
 * OPTION_F_PARTNER_RAW_CLT_TIME (code 126): absolute time at which the partner last talked to the
 * client, never adjusted (RFC 8156 §5.5, §7.5.5).
 *
 * @param time the value, 0..2^32 − 1
 */
public record PartnerRawCltTimeOption(long time) implements AbsoluteTimeOption {

    /** Checks that the value fits 32 bits. */
    public PartnerRawCltTimeOption {
        Checks.u32(time, "time of OPTION_F_PARTNER_RAW_CLT_TIME");
    }

    @Override
    public OptionKind kind() {
        return OptionKind.F_PARTNER_RAW_CLT_TIME;
    }

    @Override
    public long value() {
        return time;
    }
}
