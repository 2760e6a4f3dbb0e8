package org.dhcpv6.failover.examples.server;

import org.dhcpv6.failover.api.ClientIdentity;
import org.dhcpv6.failover.api.Duid;
import org.dhcpv6.failover.api.MessageKind;
import org.dhcpv6.failover.examples.dhcp.MessageType;

/**
 * Translations between the example server's RFC 8415 types and the failover API's types, kept
 * apart from {@link FailoverLeaseBackend} so each rule is stated once.
 */
final class HookTypes {

    private HookTypes() {
    }

    /** The failover identity of an IA: same DUID octets, IAID and IA type. */
    static ClientIdentity identity(ClientKey key) {
        org.dhcpv6.failover.api.IaType type = key.type() == IaType.NA
                ? org.dhcpv6.failover.api.IaType.IA_NA : org.dhcpv6.failover.api.IaType.IA_PD;
        return new ClientIdentity(Duid.of(key.duid().octets().toByteArray()), key.iaid(), type);
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
