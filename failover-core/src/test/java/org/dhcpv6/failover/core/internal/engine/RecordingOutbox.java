package org.dhcpv6.failover.core.internal.engine;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.dhcpv6.failover.core.internal.wire.FailoverMessage;
import org.dhcpv6.failover.core.internal.wire.MalformedMessageException;
import org.dhcpv6.failover.core.internal.wire.MessageCodec;

/** Records what an engine asks for; every sent message goes through the real codec. */
public final class RecordingOutbox implements Outbox {

    public record Sent(long connectionId, FailoverMessage message) {
    }

    public final List<Sent> sent = new ArrayList<>();
    public final List<String> closed = new ArrayList<>();
    public final List<Long> closedIds = new ArrayList<>();
    public int connects;

    @Override
    public void send(long connectionId, FailoverMessage message) {
        try {
            sent.add(new Sent(connectionId, MessageCodec.decode(MessageCodec.encode(message))));
        } catch (MalformedMessageException e) {
            throw new AssertionError("engine sent a message that does not decode: " + message, e);
        }
    }

    @Override
    public void close(long connectionId, String reason) {
        closedIds.add(connectionId);
        closed.add(reason);
    }

    @Override
    public void connect(InetSocketAddress partner) {
        connects++;
    }

    /** Messages sent so far of one class, and forgets them. */
    public <T extends FailoverMessage> List<T> take(Class<T> type) {
        List<T> out = new ArrayList<>();
        sent.removeIf(s -> {
            if (type.isInstance(s.message())) {
                out.add(type.cast(s.message()));
                return true;
            }
            return false;
        });
        return out;
    }

    public void clear() {
        sent.clear();
        closed.clear();
        closedIds.clear();
    }
}
