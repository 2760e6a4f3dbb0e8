package org.dhcpv6.failover.api;

/** The role of this server in one failover relationship (RFC 8156 §3). */
public enum Role {
    /** Connects to the partner, owns odd addresses and, initially, every free prefix. */
    PRIMARY,
    /** Listens for the primary, owns even addresses and the prefixes the primary gives it. */
    SECONDARY;

    /** The other role. */
    public Role partner() {
        return this == PRIMARY ? SECONDARY : PRIMARY;
    }
}
