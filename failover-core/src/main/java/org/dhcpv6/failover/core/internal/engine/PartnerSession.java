package org.dhcpv6.failover.core.internal.engine;

/**
 * The state of one connection to the partner: how far the connection procedure of RFC 8156 §6.1
 * got, what the partner announced, and the two keepalive timers of §6.5 as deadlines.
 */
final class PartnerSession {

    /** How far the connection procedure got. */
    enum Phase {
        /** Primary: CONNECT sent, waiting for CONNECTREPLY. */
        AWAIT_CONNECT_REPLY,
        /** CONNECT/CONNECTREPLY done and our STATE sent; waiting for the partner's STATE. */
        AWAIT_STATE,
        /** The partner's STATE arrived: communications are OK. */
        ESTABLISHED
    }

    final long connectionId;
    Phase phase;
    long partnerKeepaliveNanos;
    long partnerMaxUnacked;
    long lastSentNanos;
    long lastReceivedNanos;
    /** Whether the partner's first STATE on this connection said it had talked to us before. */
    boolean partnerHadHistory;
    /** Whether the partner's last STATE carried the STARTUP flag. */
    boolean partnerInStartup;
    /** Our own UPDREQ or UPDREQALL waiting for UPDDONE on this connection, or -1. */
    int outstandingUpdateRequest = -1;
    /** Our wall clock when we sent CONNECT on this connection (primary), for a skew round trip. */
    java.time.Instant connectSentAt;

    PartnerSession(long connectionId, Phase phase, long nowNanos) {
        this.connectionId = connectionId;
        this.phase = phase;
        this.lastSentNanos = nowNanos;
        this.lastReceivedNanos = nowNanos;
    }

    boolean established() {
        return phase == Phase.ESTABLISHED;
    }

    /** When a CONTACT is due: a quarter of the partner's keepalive after our last send (§6.5). */
    long contactDueNanos() {
        return partnerKeepaliveNanos == 0 ? Long.MAX_VALUE : lastSentNanos + partnerKeepaliveNanos / 4;
    }

    /** When the connection counts as dead: our keepalive after the last message received. */
    long deadAfterNanos(long ownKeepaliveNanos) {
        return lastReceivedNanos + ownKeepaliveNanos;
    }
}
