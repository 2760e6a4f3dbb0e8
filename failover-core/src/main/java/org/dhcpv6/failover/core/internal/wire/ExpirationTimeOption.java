package org.dhcpv6.failover.core.internal.wire;

/**
 * OPTION_F_EXPIRATION_TIME (code 120): absolute time; the greatest lifetime the sender ever
 * acknowledged to its partner for this lease (RFC 8156 §5.5, §7.3).
 *
 * @param time the value, 0..2^32 − 1
 */
public record ExpirationTimeOption(long time) implements AbsoluteTimeOption {

    /** Checks that the value fits 32 bits. */
    public ExpirationTimeOption {
        Checks.u32(time, "time of OPTION_F_EXPIRATION_TIME");
    }

    @Override
    public OptionKind kind() {
        return OptionKind.F_EXPIRATION_TIME;
    }

    @Override
    public long value() {
        return time;
    }
}
