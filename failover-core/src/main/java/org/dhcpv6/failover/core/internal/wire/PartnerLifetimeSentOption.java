package org.dhcpv6.failover.core.internal.wire;

/**
 * OPTION_F_PARTNER_LIFETIME_SENT (code 124): absolute time; the unadjusted echo of the
 * OPTION_F_PARTNER_LIFETIME received in the BNDUPD (RFC 8156 §5.5, §7.6).
 *
 * @param time the value, 0..2^32 − 1
 */
public record PartnerLifetimeSentOption(long time) implements AbsoluteTimeOption {

    /** Checks that the value fits 32 bits. */
    public PartnerLifetimeSentOption {
        Checks.u32(time, "time of OPTION_F_PARTNER_LIFETIME_SENT");
    }

    @Override
    public OptionKind kind() {
        return OptionKind.F_PARTNER_LIFETIME_SENT;
    }

    @Override
    public long value() {
        return time;
    }
}
