package org.dhcpv6.failover.core.internal.engine;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.dhcpv6.failover.core.internal.wire.FailoverMessage;
import org.dhcpv6.failover.core.internal.wire.MessageType;

/**
 * The engine's outbox during a turn whose binding writes are deferred: it keeps every action in
 * order and passes them on only once those writes are durable, so no BNDREPLY (nor anything else
 * that depends on a write) leaves before its write (RFC 8156 §7.5.2). Outside a turn it passes
 * actions straight through.
 */
final class HeldOutbox implements Outbox {

    private enum Kind { SEND, SEND_ENCODED, CLOSE, CONNECT }

    private record Action(Kind kind, long connectionId, FailoverMessage message, MessageType type, byte[] body,
            String reason, InetSocketAddress partner) {
    }

    private final Outbox out;
    private final List<Action> held = new ArrayList<>();
    private boolean holding;

    HeldOutbox(Outbox out) {
        this.out = out;
    }

    /** Starts holding actions. */
    void hold() {
        holding = true;
    }

    /** Passes every held action on, in order, and stops holding. */
    void release() {
        holding = false;
        for (Action a : held) {
            switch (a.kind) {
                case SEND -> out.send(a.connectionId, a.message);
                case SEND_ENCODED -> out.sendEncoded(a.connectionId, a.type, a.body);
                case CLOSE -> out.close(a.connectionId, a.reason);
                case CONNECT -> out.connect(a.partner);
            }
        }
        held.clear();
    }

    /**
     * Drops the held messages (they may acknowledge writes that failed) but still carries out the
     * held closes and connects, which the engine's own bookkeeping expects; stops holding.
     *
     * @return how many messages were dropped
     */
    int dropMessages() {
        int before = held.size();
        held.removeIf(a -> a.kind == Kind.SEND || a.kind == Kind.SEND_ENCODED);
        int dropped = before - held.size();
        release();
        return dropped;
    }

    @Override
    public void send(long connectionId, FailoverMessage message) {
        if (holding) {
            held.add(new Action(Kind.SEND, connectionId, message, null, null, null, null));
        } else {
            out.send(connectionId, message);
        }
    }

    @Override
    public void sendEncoded(long connectionId, MessageType type, byte[] body) {
        if (holding) {
            held.add(new Action(Kind.SEND_ENCODED, connectionId, null, type, body, null, null));
        } else {
            out.sendEncoded(connectionId, type, body);
        }
    }

    @Override
    public void close(long connectionId, String reason) {
        if (holding) {
            held.add(new Action(Kind.CLOSE, connectionId, null, null, null, reason, null));
        } else {
            out.close(connectionId, reason);
        }
    }

    @Override
    public void connect(InetSocketAddress partner) {
        if (holding) {
            held.add(new Action(Kind.CONNECT, 0, null, null, null, null, partner));
        } else {
            out.connect(partner);
        }
    }
}
