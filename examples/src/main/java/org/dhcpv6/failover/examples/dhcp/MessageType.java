package org.dhcpv6.failover.examples.dhcp;

import java.util.Optional;

/** DHCPv6 message types this project speaks (RFC 8415 §7.3). */
public enum MessageType {
    /** Client looks for servers (§18.2.1). */
    SOLICIT(1),
    /** Server offers itself (§18.3.9). */
    ADVERTISE(2),
    /** Client asks a chosen server for leases (§18.2.2). */
    REQUEST(3),
    /** Client asks whether its addresses are still on-link (§18.2.3). */
    CONFIRM(4),
    /** Client extends leases with the server that gave them (§18.2.4). */
    RENEW(5),
    /** Client extends leases with any server (§18.2.5). */
    REBIND(6),
    /** Server answer to everything but Solicit (§18.3.10). */
    REPLY(7),
    /** Client gives leases back (§18.2.7). */
    RELEASE(8),
    /** Client reports an address in use by someone else (§18.2.8). */
    DECLINE(9),
    /** Client wants configuration only (§18.2.6). */
    INFORMATION_REQUEST(11),
    /** Relay agent forwards a message to servers (§9.1). */
    RELAY_FORW(12),
    /** Server answers through relays (§9.2). */
    RELAY_REPL(13);

    private static final MessageType[] BY_CODE = new MessageType[14];

    static {
        for (MessageType t : values()) {
            BY_CODE[t.code] = t;
        }
    }

    private final int code;

    MessageType(int code) {
        this.code = code;
    }

    /** The msg-type octet. */
    public int code() {
        return code;
    }

    /** Whether this is a relay message with the relay header of §9. */
    public boolean isRelay() {
        return this == RELAY_FORW || this == RELAY_REPL;
    }

    /** The type for a msg-type octet, or empty for types we do not handle (e.g. RECONFIGURE). */
    public static Optional<MessageType> fromCode(int code) {
        return code >= 0 && code < BY_CODE.length ? Optional.ofNullable(BY_CODE[code]) : Optional.empty();
    }
}
