package org.dhcpv6.failover.core.internal.wire;

/**
 * An option whose value is one unsigned 32-bit integer (RFC 8156 §5.5): an interval in
 * seconds, a count, or an absolute time ({@link AbsoluteTimeOption}).
 */
public sealed interface Uint32Option extends Option
        permits AbsoluteTimeOption, CltTimeOption, MaxUnackedBndupdOption, McltOption,
        KeepaliveTimeOption {

    /** The value, 0..2^32 − 1. */
    long value();
}
