package org.dhcpv6.failover.examples.server;

import java.util.Objects;
import org.dhcpv6.failover.api.ClientIdentity;
import org.dhcpv6.failover.api.Resource;

/**
 * One committed change to a binding made while answering a client, reported to
 * {@link LeaseBackend#afterReply} once the reply is sent, so a failover partner can be told
 * (RFC 8156 §6.1: the lazy update).
 *
 * @param type what happened
 * @param client the IA concerned
 * @param resource the address or prefix
 * @param lifetimes the lifetimes sent to the client; {@link Lifetimes#ZERO} for release and decline
 */
public record LeaseChange(Type type, ClientIdentity client, Resource resource, Lifetimes lifetimes) {

    /** Kinds of change. */
    public enum Type {
        /** A lease was committed or extended (REQUEST, RENEW, REBIND, rapid-commit SOLICIT). */
        GRANTED,
        /** The client released the lease (RELEASE). */
        RELEASED,
        /** The client declined the address (DECLINE). */
        DECLINED
    }

    /** Checks for nulls. */
    public LeaseChange {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(lifetimes, "lifetimes");
    }
}
