package org.dhcpv6.failover.core.internal.wire;

/**
 * OPTION_F_MCLT (code 122): the maximum client lead time in seconds (RFC 8156 §5.5, §6.1.1).
 *
 * @param seconds the value, 0..2^32 − 1
 */
public record McltOption(long seconds) implements Uint32Option {

    /** Checks that the value fits 32 bits. */
    public McltOption {
        Checks.u32(seconds, "seconds of OPTION_F_MCLT");
    }

    @Override
    public OptionKind kind() {
        return OptionKind.F_MCLT;
    }

    @Override
    public long value() {
        return seconds;
    }
}
