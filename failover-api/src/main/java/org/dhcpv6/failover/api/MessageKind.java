package org.dhcpv6.failover.api;

/** The client message (RFC 8415 §7.3) a host is answering when it calls the lease hooks. */
public enum MessageKind {
    /** SOLICIT without Rapid Commit: an offer only, nothing is committed. */
    SOLICIT,
    /** SOLICIT with Rapid Commit: the lease is committed as for a REQUEST. */
    SOLICIT_RAPID_COMMIT,
    /** REQUEST: a new lease. */
    REQUEST,
    /** RENEW: extending a lease this server granted (directed to it by OPTION_SERVERID). */
    RENEW,
    /** REBIND: extending a lease with any server. */
    REBIND,
    /** RELEASE: the client gives the resource back. */
    RELEASE,
    /** DECLINE: the client found the address in use; the resource becomes ABANDONED. */
    DECLINE,
    /** CONFIRM: the client checks that its addresses are still on-link. */
    CONFIRM,
    /** INFORMATION-REQUEST: configuration only, no lease. */
    INFORMATION_REQUEST;

    /** Whether answering commits a binding (to the table, the store and the partner). */
    public boolean commits() {
        return this == SOLICIT_RAPID_COMMIT || this == REQUEST || this == RENEW || this == REBIND;
    }
}
