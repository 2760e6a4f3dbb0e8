package org.dhcpv6.failover.core.internal.wire;

import java.util.Optional;

/**
 * The message types seen on a failover connection: the twelve RFC 8156 messages (§5.3, codes
 * 24–35) plus STARTTLS (23) and its REPLY (7), which RFC 7653 §8.2 defines and RFC 8156 §10
 * reuses to start TLS.
 */
public enum MessageType {
    /** REPLY, the answer to STARTTLS (RFC 7653 §8.2). */
    REPLY(7, "REPLY"),
    /** STARTTLS (RFC 7653 §8.2). */
    STARTTLS(23, "STARTTLS"),
    /** One binding change (RFC 8156 §5.3.1). */
    BNDUPD(24, "BNDUPD"),
    /** Answer to a BNDUPD (RFC 8156 §5.3.2). */
    BNDREPLY(25, "BNDREPLY"),
    /** Secondary asks for delegable prefixes (RFC 8156 §5.3.3). */
    POOLREQ(26, "POOLREQ"),
    /** Primary acknowledges a POOLREQ (RFC 8156 §5.3.4). */
    POOLRESP(27, "POOLRESP"),
    /** Asks for every unacknowledged binding change (RFC 8156 §5.3.5). */
    UPDREQ(28, "UPDREQ"),
    /** Asks for the whole binding database (RFC 8156 §5.3.6). */
    UPDREQALL(29, "UPDREQALL"),
    /** All requested updates sent and answered (RFC 8156 §5.3.7). */
    UPDDONE(30, "UPDDONE"),
    /** Primary opens the session (RFC 8156 §5.3.8). */
    CONNECT(31, "CONNECT"),
    /** Secondary accepts or rejects a CONNECT (RFC 8156 §5.3.9). */
    CONNECTREPLY(32, "CONNECTREPLY"),
    /** Closing the connection (RFC 8156 §5.3.10). */
    DISCONNECT(33, "DISCONNECT"),
    /** Endpoint state report (RFC 8156 §5.3.11). */
    STATE(34, "STATE"),
    /** Keepalive (RFC 8156 §5.3.12). */
    CONTACT(35, "CONTACT");

    private static final MessageType[] BY_CODE = new MessageType[36];

    static {
        for (MessageType t : values()) {
            BY_CODE[t.code] = t;
        }
    }

    private final int code;
    private final String rfcName;

    MessageType(int code, String rfcName) {
        this.code = code;
        this.rfcName = rfcName;
    }

    /** The msg-type octet. */
    public int code() {
        return code;
    }

    /** The name the RFCs use, e.g. {@code CONNECTREPLY}. */
    public String rfcName() {
        return rfcName;
    }

    /** The type with this msg-type code, or empty if the code is not one of ours. */
    public static Optional<MessageType> fromCode(int code) {
        return code >= 0 && code < BY_CODE.length ? Optional.ofNullable(BY_CODE[code]) : Optional.empty();
    }
}
