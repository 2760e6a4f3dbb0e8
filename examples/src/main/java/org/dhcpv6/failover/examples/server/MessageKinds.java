package org.dhcpv6.failover.examples.server;

import org.dhcpv6.failover.api.MessageKind;
import org.dhcpv6.failover.examples.dhcp.MessageType;

/**
 * How the example server's RFC 8415 messages look to the failover hooks: the message kind of a
 * grant and whether the message named this server, each rule stated once.
 */
final class MessageKinds {

    private MessageKinds() {
    }

    /**
     * The message kind failover sees for a grant. A SOLICIT answered with an offer is
     * {@link MessageKind#SOLICIT}; one the core commits (Rapid Commit, RFC 8415 §18.3.1) is
     * {@link MessageKind#SOLICIT_RAPID_COMMIT}.
     */
    static MessageKind kindOf(MessageType type, boolean tentative) {
        return switch (type) {
            case SOLICIT -> tentative ? MessageKind.SOLICIT : MessageKind.SOLICIT_RAPID_COMMIT;
            case REQUEST -> MessageKind.REQUEST;
            case RENEW -> MessageKind.RENEW;
            case REBIND -> MessageKind.REBIND;
            case RELEASE -> MessageKind.RELEASE;
            case DECLINE -> MessageKind.DECLINE;
            case CONFIRM -> MessageKind.CONFIRM;
            case INFORMATION_REQUEST -> MessageKind.INFORMATION_REQUEST;
            default -> throw new IllegalArgumentException("not a client message with a lease: " + type);
        };
    }

    /**
     * Whether a message of this kind carried our Server Identifier. The core has already applied
     * RFC 8415 §16: REQUEST, RENEW, RELEASE and DECLINE reach the backend only when they name us,
     * SOLICIT and REBIND only when they name no server, so the type alone answers.
     */
    static boolean directedToUs(MessageKind kind) {
        return switch (kind) {
            case REQUEST, RENEW, RELEASE, DECLINE -> true;
            default -> false;
        };
    }
}
