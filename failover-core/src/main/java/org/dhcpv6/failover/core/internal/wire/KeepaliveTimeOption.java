package org.dhcpv6.failover.core.internal.wire;

/**
 * OPTION_F_KEEPALIVE_TIME (code 128): the interval in seconds within which the sender expects to
 * hear from its partner (RFC 8156 §5.5, §6.5).
 *
 * @param seconds the value, 0..2^32 − 1
 */
public record KeepaliveTimeOption(long seconds) implements Uint32Option {

    /** Checks that the value fits 32 bits. */
    public KeepaliveTimeOption {
        Checks.u32(seconds, "seconds of OPTION_F_KEEPALIVE_TIME");
    }

    @Override
    public OptionKind kind() {
        return OptionKind.F_KEEPALIVE_TIME;
    }

    @Override
    public long value() {
        return seconds;
    }
}
