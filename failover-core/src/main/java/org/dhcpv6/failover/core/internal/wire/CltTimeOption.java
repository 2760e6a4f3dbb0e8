package org.dhcpv6.failover.core.internal.wire;

/**
 * OPTION_CLT_TIME (code 46): seconds since this server last talked to the client, relative to the
 * enclosing OPTION_LQ_BASE_TIME (RFC 5007 §4.1.2.3, RFC 8156 §7.4).
 *
 * @param seconds the value, 0..2^32 − 1
 */
public record CltTimeOption(long seconds) implements Uint32Option {

    /** Checks that the value fits 32 bits. */
    public CltTimeOption {
        Checks.u32(seconds, "seconds of OPTION_CLT_TIME");
    }

    @Override
    public OptionKind kind() {
        return OptionKind.CLT_TIME;
    }

    @Override
    public long value() {
        return seconds;
    }
}
