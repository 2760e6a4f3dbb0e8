package org.dhcpv6.failover.core.internal.wire;

import java.time.Instant;
import org.dhcpv6.failover.core.internal.time.WireTime;

/**
 * An option holding an absolute time: seconds since 2000-01-01 UTC modulo 2^32
 * (RFC 8156 §5.5, §7.1).
 */
public sealed interface AbsoluteTimeOption extends Uint32Option
        permits LqBaseTimeOption, ExpirationTimeOption, PartnerLifetimeOption,
        PartnerLifetimeSentOption, PartnerDownTimeOption, PartnerRawCltTimeOption,
        StartTimeOfStateOption, StateExpirationTimeOption {

    /** The instant this wire time names that lies nearest to {@code reference} (see {@link WireTime#fromWire}). */
    default Instant instant(Instant reference) {
        return WireTime.fromWire(value(), reference);
    }
}
