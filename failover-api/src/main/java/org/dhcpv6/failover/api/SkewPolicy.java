package org.dhcpv6.failover.api;

/**
 * What an endpoint does about clock skew between partners.
 *
 * <p>RFC 8156 §7.1 wants clocks within 5 seconds and rejects or drops beyond that. The design
 * draft (draft-mrugalski-dhc-dhcpv6-failover-design §7.1) instead estimates the skew as a moving
 * average and translates every partner time, so partners with unsynchronised clocks still work.
 */
public enum SkewPolicy {
    /** Estimate and translate; tolerate any skew, warn above 5 seconds. The default. */
    TOLERATE,
    /** RFC 8156 as written: reject CONNECT with ExcessiveTimeSkew (22) and drop connections beyond 5 s. */
    RFC8156_STRICT
}
