package org.dhcpv6.failover.core.internal.wire;

/**
 * OPTION_LQ_BASE_TIME (code 100): absolute time at which the data of the enclosing client or bare
 * prefix was gathered (RFC 7653 §10.2, RFC 8156 §7.4).
 *
 * @param time the value, 0..2^32 − 1
 */
public record LqBaseTimeOption(long time) implements AbsoluteTimeOption {

    /** Checks that the value fits 32 bits. */
    public LqBaseTimeOption {
        Checks.u32(time, "time of OPTION_LQ_BASE_TIME");
    }

    @Override
    public OptionKind kind() {
        return OptionKind.LQ_BASE_TIME;
    }

    @Override
    public long value() {
        return time;
    }
}
