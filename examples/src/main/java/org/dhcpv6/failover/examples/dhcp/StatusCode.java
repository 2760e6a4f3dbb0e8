package org.dhcpv6.failover.examples.dhcp;

import java.util.Optional;

/** Status codes of RFC 8415 §21.13 this server sends and understands. */
public enum StatusCode {
    /** Success. */
    SUCCESS(0),
    /** Failure, reason unspecified. */
    UNSPEC_FAIL(1),
    /** The server has no addresses available to assign to the IA(s). */
    NO_ADDRS_AVAIL(2),
    /** Client record (binding) unavailable. */
    NO_BINDING(3),
    /** The prefix for the address is not appropriate for the link. */
    NOT_ON_LINK(4),
    /** The client must use multicast. */
    USE_MULTICAST(5),
    /** The server has no prefixes available to assign to the IA_PD(s). */
    NO_PREFIX_AVAIL(6);

    private final int code;

    StatusCode(int code) {
        this.code = code;
    }

    /** The 2-octet status-code value. */
    public int code() {
        return code;
    }

    /** The status for a wire value, or empty for codes this project does not know. */
    public static Optional<StatusCode> fromCode(int code) {
        StatusCode[] all = values();
        return code >= 0 && code < all.length ? Optional.of(all[code]) : Optional.empty();
    }
}
