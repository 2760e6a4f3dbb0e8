package org.dhcpv6.failover.api;

import java.util.Objects;

/**
 * What a host asks before it answers a client about one resource: the message it is answering,
 * the client, the resource, and the lifetimes its own policy would give without failover (the
 * RFC 8156 §4.4 "desired lifetime").
 *
 * @param kind the client message being answered
 * @param client who asks
 * @param resource the address or prefix to lease, extend, release or decline
 * @param desiredPreferredSeconds preferred lifetime the host's policy would give
 * @param desiredValidSeconds valid lifetime the host's policy would give
 * @param desiredT1Seconds T1 the host's policy would give
 * @param desiredT2Seconds T2 the host's policy would give
 * @param directedToThisServer whether the message carried this server's DUID in OPTION_SERVERID
 */
public record LeaseRequest(
        MessageKind kind,
        ClientIdentity client,
        Resource resource,
        long desiredPreferredSeconds,
        long desiredValidSeconds,
        long desiredT1Seconds,
        long desiredT2Seconds,
        boolean directedToThisServer) {

    /** Checks presence, ranges and the RFC 8415 ordering of the lifetimes. */
    public LeaseRequest {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(resource, "resource");
        if (!client.iaType().holds(resource.kind())) {
            throw new IllegalArgumentException("resource " + resource + " cannot sit in an " + client.iaType());
        }
        if (desiredValidSeconds < 0 || desiredValidSeconds > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("desiredValidSeconds must be 0..4294967295: " + desiredValidSeconds);
        }
        if (desiredPreferredSeconds < 0 || desiredPreferredSeconds > desiredValidSeconds) {
            throw new IllegalArgumentException("desiredPreferredSeconds must be 0..valid ("
                    + desiredValidSeconds + "): " + desiredPreferredSeconds);
        }
        if (desiredT1Seconds < 0 || desiredT2Seconds < desiredT1Seconds || desiredT2Seconds > desiredPreferredSeconds) {
            throw new IllegalArgumentException("need 0 <= T1 <= T2 <= preferred, got T1=" + desiredT1Seconds
                    + " T2=" + desiredT2Seconds + " preferred=" + desiredPreferredSeconds);
        }
    }

    /**
     * A request with the usual RFC 8415 §21.4 timers: T1 half and T2 four fifths of the preferred
     * lifetime.
     */
    public static LeaseRequest of(MessageKind kind, ClientIdentity client, Resource resource,
            long desiredPreferredSeconds, long desiredValidSeconds, boolean directedToThisServer) {
        return new LeaseRequest(kind, client, resource, desiredPreferredSeconds, desiredValidSeconds,
                desiredPreferredSeconds / 2, desiredPreferredSeconds * 4 / 5, directedToThisServer);
    }
}
