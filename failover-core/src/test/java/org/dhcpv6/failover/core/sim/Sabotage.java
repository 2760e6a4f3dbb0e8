package org.dhcpv6.failover.core.sim;

import java.net.InetSocketAddress;
import java.util.HashSet;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.dhcpv6.failover.core.internal.engine.Outbox;
import org.dhcpv6.failover.core.internal.wire.FailoverMessage;
import org.dhcpv6.failover.core.internal.wire.MessageType;

/**
 * Deliberate bugs, planted around a correct engine, that the simulator must notice: if it cannot
 * catch these, its passing runs prove little.
 */
final class Sabotage {

    private Sabotage() {
    }

    /** An outbox that never sends STATE: communications can never become OK. */
    static UnaryOperator<Outbox> dropEveryState() {
        return inner -> filtering(inner, new Filter() {
            @Override
            public boolean keep(long connectionId, FailoverMessage m) {
                return m.type() != MessageType.STATE;
            }
        });
    }

    /**
     * An outbox that sends the first STATE on a connection and loses every later one: the
     * partner never hears of transitions after connecting. Only runs whose faults cause such a
     * transition notice, so this measures how well the seeds search.
     */
    static UnaryOperator<Outbox> dropLaterStates() {
        return inner -> filtering(inner, new Filter() {
            private final Set<Long> stated = new HashSet<>();

            @Override
            public boolean keep(long connectionId, FailoverMessage m) {
                return m.type() != MessageType.STATE || stated.add(connectionId);
            }
        });
    }

    private interface Filter {
        boolean keep(long connectionId, FailoverMessage m);
    }

    private static Outbox filtering(Outbox inner, Filter filter) {
        return new Outbox() {
            @Override
            public void send(long connectionId, FailoverMessage message) {
                if (filter.keep(connectionId, message)) {
                    inner.send(connectionId, message);
                }
            }

            @Override
            public void close(long connectionId, String reason) {
                inner.close(connectionId, reason);
            }

            @Override
            public void connect(InetSocketAddress partner) {
                inner.connect(partner);
            }
        };
    }
}
