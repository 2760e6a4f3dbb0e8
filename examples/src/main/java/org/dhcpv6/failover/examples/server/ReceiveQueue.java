package org.dhcpv6.failover.examples.server;

import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Optional;
import org.dhcpv6.failover.examples.dhcp.DhcpMessage;
import org.dhcpv6.failover.examples.dhcp.MessageType;
import org.dhcpv6.failover.examples.dhcp.RelayMessage;

/**
 * The datagrams one receive thread has taken off the socket and not yet answered, in two bounded
 * queues: SOLICITs, and everything else (REQUEST, RENEW, REBIND, RELEASE, ...). Under overload
 * the thread answers the second queue first, because each of those completes an exchange a
 * client already started (its REQUEST follows our ADVERTISE), while a SOLICIT only starts one;
 * and when a queue is full its oldest message is dropped, since that client is the nearest to
 * retransmitting anyway (RFC 8415 §15). Without this, a flood of SOLICITs fills the socket's
 * buffer, the kernel drops the REQUESTs behind them, and the server spends its time on
 * ADVERTISEs whose exchanges never complete.
 *
 * <p>Not thread-safe: each receive thread has its own.
 */
final class ReceiveQueue {

    /**
     * A datagram and where it came from; {@code decoded} is its message when it had to be decoded
     * to be queued (a relayed message, whose client message type is inside), else null: a SOLICIT
     * that is dropped unanswered is never decoded.
     */
    record Received(byte[] datagram, DhcpMessage decoded, InetSocketAddress from) {
    }

    private final ArrayDeque<Received> solicits = new ArrayDeque<>();
    private final ArrayDeque<Received> others = new ArrayDeque<>();
    private final int solicitLimit;
    private final int otherLimit;
    private long dropped;

    /** Queues holding at most {@code solicitLimit} SOLICITs and {@code otherLimit} other messages. */
    ReceiveQueue(int solicitLimit, int otherLimit) {
        if (solicitLimit < 1 || otherLimit < 1) {
            throw new IllegalArgumentException("limits must be at least 1: " + solicitLimit + ", " + otherLimit);
        }
        this.solicitLimit = solicitLimit;
        this.otherLimit = otherLimit;
    }

    /** Queues a datagram, a SOLICIT or not; returns whether an older one was dropped to make room. */
    boolean add(Received received, boolean solicit) {
        ArrayDeque<Received> q = solicit ? solicits : others;
        boolean full = q.size() >= (solicit ? solicitLimit : otherLimit);
        if (full) {
            q.pollFirst();
            dropped++;
        }
        q.addLast(received);
        return full;
    }

    /** The next message to answer (non-SOLICITs first, oldest first), or null when both are empty. */
    Received next() {
        Received r = others.pollFirst();
        return r != null ? r : solicits.pollFirst();
    }

    /** Whether nothing is waiting. */
    boolean isEmpty() {
        return others.isEmpty() && solicits.isEmpty();
    }

    /** Messages dropped so far because their queue was full. */
    long dropped() {
        return dropped;
    }

    /** The client's own message type, inside any relay layers (a relay with no message: its own type). */
    static MessageType innermostType(DhcpMessage message) {
        DhcpMessage m = message;
        while (m instanceof RelayMessage r) {
            Optional<DhcpMessage> inner = r.relayed();
            if (inner.isEmpty()) {
                return r.type();
            }
            m = inner.get();
        }
        return m.type();
    }
}
