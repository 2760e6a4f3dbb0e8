package org.dhcpv6.failover.core.internal.wire;

import java.util.Optional;

/**
 * Every option this codec knows, with its code, its RFC name and its value length rule, plus
 * {@link #UNKNOWN} for codes it does not know (kept and re-sent unchanged). Switch on
 * {@link Option#kind()} for an exhaustive dispatch over the sealed {@link Option} family.
 *
 * <p>Codes 114–134 are the failover options of RFC 8156 §5.5; the others are reused from
 * RFC 3315, 3633, 4704, 5007, 6607 and 7653 (RFC 8156 §7.4).
 */
public enum OptionKind {
    /** OPTION_CLIENTID (RFC 3315 §22.2). */
    CLIENTID(1, "OPTION_CLIENTID", -1, 1),
    /** OPTION_IA_NA (RFC 3315 §22.4). */
    IA_NA(3, "OPTION_IA_NA", -1, 12),
    /** OPTION_IA_TA (RFC 3315 §22.5). */
    IA_TA(4, "OPTION_IA_TA", -1, 4),
    /** OPTION_IAADDR (RFC 3315 §22.6). */
    IAADDR(5, "OPTION_IAADDR", -1, 24),
    /** OPTION_STATUS_CODE (RFC 3315 §22.13). */
    STATUS_CODE(13, "OPTION_STATUS_CODE", -1, 2),
    /** OPTION_IA_PD (RFC 3633 §9). */
    IA_PD(25, "OPTION_IA_PD", -1, 12),
    /** OPTION_IAPREFIX (RFC 3633 §10). */
    IAPREFIX(26, "OPTION_IAPREFIX", -1, 25),
    /** OPTION_CLIENT_FQDN (RFC 4704 §4). */
    CLIENT_FQDN(39, "OPTION_CLIENT_FQDN", -1, 1),
    /** OPTION_CLIENT_DATA (RFC 5007 §4.1.2.2). */
    CLIENT_DATA(45, "OPTION_CLIENT_DATA", -1, 0),
    /** OPTION_CLT_TIME (RFC 5007 §4.1.2.3), relative seconds. */
    CLT_TIME(46, "OPTION_CLT_TIME", 4, 4),
    /** OPTION_LQ_RELAY_DATA (RFC 5007 §4.1.2.4). */
    LQ_RELAY_DATA(47, "OPTION_LQ_RELAY_DATA", -1, 16),
    /** OPTION_VSS (RFC 6607 §3.3). */
    VSS(68, "OPTION_VSS", -1, 0),
    /** OPTION_LQ_BASE_TIME (RFC 7653 §10.2), absolute. */
    LQ_BASE_TIME(100, "OPTION_LQ_BASE_TIME", 4, 4),
    /** OPTION_F_BINDING_STATUS (RFC 8156 §5.5). */
    F_BINDING_STATUS(114, "OPTION_F_BINDING_STATUS", 1, 1),
    /** OPTION_F_CONNECT_FLAGS (RFC 8156 §5.5). */
    F_CONNECT_FLAGS(115, "OPTION_F_CONNECT_FLAGS", 2, 2),
    /** OPTION_F_DNS_REMOVAL_INFO (RFC 8156 §5.5). */
    F_DNS_REMOVAL_INFO(116, "OPTION_F_DNS_REMOVAL_INFO", -1, 0),
    /** OPTION_F_DNS_HOST_NAME (RFC 8156 §5.5). */
    F_DNS_HOST_NAME(117, "OPTION_F_DNS_HOST_NAME", -1, 0),
    /** OPTION_F_DNS_ZONE_NAME (RFC 8156 §5.5). */
    F_DNS_ZONE_NAME(118, "OPTION_F_DNS_ZONE_NAME", -1, 0),
    /** OPTION_F_DNS_FLAGS (RFC 8156 §5.5). */
    F_DNS_FLAGS(119, "OPTION_F_DNS_FLAGS", 2, 2),
    /** OPTION_F_EXPIRATION_TIME (RFC 8156 §5.5), absolute. */
    F_EXPIRATION_TIME(120, "OPTION_F_EXPIRATION_TIME", 4, 4),
    /** OPTION_F_MAX_UNACKED_BNDUPD (RFC 8156 §5.5). */
    F_MAX_UNACKED_BNDUPD(121, "OPTION_F_MAX_UNACKED_BNDUPD", 4, 4),
    /** OPTION_F_MCLT (RFC 8156 §5.5), seconds. */
    F_MCLT(122, "OPTION_F_MCLT", 4, 4),
    /** OPTION_F_PARTNER_LIFETIME (RFC 8156 §5.5), absolute. */
    F_PARTNER_LIFETIME(123, "OPTION_F_PARTNER_LIFETIME", 4, 4),
    /** OPTION_F_PARTNER_LIFETIME_SENT (RFC 8156 §5.5), absolute. */
    F_PARTNER_LIFETIME_SENT(124, "OPTION_F_PARTNER_LIFETIME_SENT", 4, 4),
    /** OPTION_F_PARTNER_DOWN_TIME (RFC 8156 §5.5), absolute. */
    F_PARTNER_DOWN_TIME(125, "OPTION_F_PARTNER_DOWN_TIME", 4, 4),
    /** OPTION_F_PARTNER_RAW_CLT_TIME (RFC 8156 §5.5), absolute. */
    F_PARTNER_RAW_CLT_TIME(126, "OPTION_F_PARTNER_RAW_CLT_TIME", 4, 4),
    /** OPTION_F_PROTOCOL_VERSION (RFC 8156 §5.5). */
    F_PROTOCOL_VERSION(127, "OPTION_F_PROTOCOL_VERSION", 4, 4),
    /** OPTION_F_KEEPALIVE_TIME (RFC 8156 §5.5), seconds. */
    F_KEEPALIVE_TIME(128, "OPTION_F_KEEPALIVE_TIME", 4, 4),
    /** OPTION_F_RECONFIGURE_DATA (RFC 8156 §5.5). */
    F_RECONFIGURE_DATA(129, "OPTION_F_RECONFIGURE_DATA", -1, 4),
    /** OPTION_F_RELATIONSHIP_NAME (RFC 8156 §5.5). */
    F_RELATIONSHIP_NAME(130, "OPTION_F_RELATIONSHIP_NAME", -1, 0),
    /** OPTION_F_SERVER_FLAGS (RFC 8156 §5.5). */
    F_SERVER_FLAGS(131, "OPTION_F_SERVER_FLAGS", 1, 1),
    /** OPTION_F_SERVER_STATE (RFC 8156 §5.5). */
    F_SERVER_STATE(132, "OPTION_F_SERVER_STATE", 1, 1),
    /** OPTION_F_START_TIME_OF_STATE (RFC 8156 §5.5), absolute. */
    F_START_TIME_OF_STATE(133, "OPTION_F_START_TIME_OF_STATE", 4, 4),
    /** OPTION_F_STATE_EXPIRATION_TIME (RFC 8156 §5.5), absolute. */
    F_STATE_EXPIRATION_TIME(134, "OPTION_F_STATE_EXPIRATION_TIME", 4, 4),
    /** Any code not listed above; {@link #code()} is −1 for this kind. */
    UNKNOWN(-1, "UNKNOWN", -1, 0);

    private static final OptionKind[] BY_CODE = new OptionKind[135];

    static {
        for (OptionKind k : values()) {
            if (k.code >= 0) {
                BY_CODE[k.code] = k;
            }
        }
    }

    private final int code;
    private final String rfcName;
    private final int fixedLength;
    private final int minLength;

    OptionKind(int code, String rfcName, int fixedLength, int minLength) {
        this.code = code;
        this.rfcName = rfcName;
        this.fixedLength = fixedLength;
        this.minLength = minLength;
    }

    /** The option code, or −1 for {@link #UNKNOWN}. */
    public int code() {
        return code;
    }

    /** The IANA name, e.g. {@code OPTION_F_MCLT}. */
    public String rfcName() {
        return rfcName;
    }

    /** The exact value length in octets, or −1 if the length varies. */
    public int fixedLength() {
        return fixedLength;
    }

    /** The smallest legal value length in octets. */
    public int minLength() {
        return minLength;
    }

    /** The known kind for {@code code}, or empty if the code is unknown to this codec. */
    public static Optional<OptionKind> fromCode(int code) {
        return code >= 0 && code < BY_CODE.length ? Optional.ofNullable(BY_CODE[code]) : Optional.empty();
    }

    /** The known kind for {@code code}, or {@link #UNKNOWN}; the decoder's lookup, which allocates nothing. */
    static OptionKind kindOrUnknown(int code) {
        OptionKind kind = code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
        return kind != null ? kind : UNKNOWN;
    }

    /** Whether {@code code} is a code this codec decodes into a typed record. */
    public static boolean isKnown(int code) {
        return code >= 0 && code < BY_CODE.length && BY_CODE[code] != null;
    }
}
