package org.dhcpv6.failover.api;

/** How a server in a given state may answer clients (RFC 8156 §3 and §8). */
public enum ClientService {
    /** Answers every valid client message. */
    RESPONSIVE,
    /** Answers only messages whose OPTION_SERVERID carries this server's DUID (RENEW, RELEASE, ...). */
    RENEW_RESPONSIVE,
    /** Answers no client at all. */
    UNRESPONSIVE;

    /**
     * Whether a message may be answered.
     *
     * @param directedToThisServer whether the message carries this server's DUID in OPTION_SERVERID
     */
    public boolean allows(boolean directedToThisServer) {
        return switch (this) {
            case RESPONSIVE -> true;
            case RENEW_RESPONSIVE -> directedToThisServer;
            case UNRESPONSIVE -> false;
        };
    }
}
