package org.dhcpv6.failover.core.internal.wire;

/**
 * OPTION_F_PARTNER_LIFETIME (code 123): absolute time after which the partner may treat the lease
 * as expired (RFC 8156 §5.5, §7.4).
 *
 * @param time the value, 0..2^32 − 1
 */
public record PartnerLifetimeOption(long time) implements AbsoluteTimeOption {

    /** Checks that the value fits 32 bits. */
    public PartnerLifetimeOption {
        Checks.u32(time, "time of OPTION_F_PARTNER_LIFETIME");
    }

    @Override
    public OptionKind kind() {
        return OptionKind.F_PARTNER_LIFETIME;
    }

    @Override
    public long value() {
        return time;
    }
}
