package org.dhcpv6.failover.core.internal.wire;

import java.util.Optional;

/**
 * DHCPv6 status codes that a failover connection carries in OPTION_STATUS_CODE
 * (RFC 3315 §24.4, RFC 7653 §11, RFC 8156 §5.4 and §11 for 16–22).
 */
public enum StatusCode {
    /** Success (RFC 3315). */
    SUCCESS(0, "Success"),
    /** Unsupported protocol version in CONNECT (RFC 7653; RFC 8156 §6.1.2). */
    NOT_SUPPORTED(14, "NotSupported"),
    /** STARTTLS refused (RFC 7653 §8.2). */
    TLS_CONNECTION_REFUSED(15, "TLSConnectionRefused"),
    /** Conflicting leases for a client, or an address under two IAIDs (RFC 8156 §7.5.4). */
    ADDRESS_IN_USE(16, "AddressInUse"),
    /** BNDUPD conflicts with the receiver's configuration (RFC 8156 §7.5.3). */
    CONFIGURATION_CONFLICT(17, "ConfigurationConflict"),
    /** BNDUPD lacks information needed to process it (RFC 8156 §7.5.3). */
    MISSING_BINDING_INFORMATION(18, "MissingBindingInformation"),
    /** The receiver's binding data is more recent (RFC 8156 §7.5.4). */
    OUTDATED_BINDING_INFORMATION(19, "OutdatedBindingInformation"),
    /** Planned shutdown, typically in DISCONNECT (RFC 8156 §6.3). */
    SERVER_SHUTTING_DOWN(20, "ServerShuttingDown"),
    /** The receiver does not do DNS updates (RFC 8156 §7.5.3). */
    DNS_UPDATE_NOT_SUPPORTED(21, "DNSUpdateNotSupported"),
    /** Clock difference above 5 s (RFC 8156 §6.1.2). */
    EXCESSIVE_TIME_SKEW(22, "ExcessiveTimeSkew");

    private final int code;
    private final String rfcName;

    StatusCode(int code, String rfcName) {
        this.code = code;
        this.rfcName = rfcName;
    }

    /** The 16-bit status code value. */
    public int code() {
        return code;
    }

    /** The RFC's name, e.g. {@code OutdatedBindingInformation}. */
    public String rfcName() {
        return rfcName;
    }

    /** The status with this code, or empty for codes this project does not name. */
    public static Optional<StatusCode> fromCode(int code) {
        for (StatusCode s : values()) {
            if (s.code == code) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
