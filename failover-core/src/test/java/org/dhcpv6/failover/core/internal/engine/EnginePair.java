package org.dhcpv6.failover.core.internal.engine;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.UnaryOperator;
import org.dhcpv6.failover.api.FailoverListener;
import org.dhcpv6.failover.api.LeaseStore;
import org.dhcpv6.failover.api.LeaseStoreException;
import org.dhcpv6.failover.api.RelationshipConfig;
import org.dhcpv6.failover.api.Role;
import org.dhcpv6.failover.api.ServerState;
import org.dhcpv6.failover.core.store.InMemoryLeaseStore;
import org.dhcpv6.failover.core.internal.wire.Connect;
import org.dhcpv6.failover.core.internal.wire.FailoverMessage;
import org.dhcpv6.failover.core.internal.wire.MessageCodec;

/**
 * Two real engines joined by an in-memory wire (every message through the codec) on one fake
 * clock: the smallest deterministic failover pair, for tests of the binding flows.
 */
public final class EnginePair {

    private record InFlight(boolean toSecondary, long connectionId, byte[] bytes) {
    }

    public final FakeClock clock = new FakeClock(ScriptedPartner.T0);
    public LeaseStore primaryStore = new InMemoryLeaseStore();
    public LeaseStore secondaryStore = new InMemoryLeaseStore();
    public FailoverListener secondaryListener = FailoverListener.NONE;
    public FailoverEndpoint primary;
    public FailoverEndpoint secondary;
    private final RelationshipConfig primaryConfig;
    private final RelationshipConfig secondaryConfig;
    private final Deque<InFlight> wire = new ArrayDeque<>();
    private long connectionId;
    private boolean linkUp = true;
    private boolean connectPending;
    private boolean awaitingConnect;
    public int messages;

    public EnginePair(UnaryOperator<RelationshipConfig.Builder> tweak) {
        InetSocketAddress p = new InetSocketAddress("::1", 6470);
        InetSocketAddress s = new InetSocketAddress("::1", 6471);
        primaryConfig = tweak.apply(RelationshipConfig.builder("pair", Role.PRIMARY).partnerAddress(s)
                .startupTime(Duration.ofSeconds(2))).build();
        secondaryConfig = tweak.apply(RelationshipConfig.builder("pair", Role.SECONDARY).partnerAddress(p)
                .localAddress(s).startupTime(Duration.ofSeconds(2))).build();
    }

    public EnginePair start() throws LeaseStoreException {
        primary = new FailoverEndpoint(primaryConfig, primaryStore, FailoverListener.NONE, outbox(true), clock,
                FaultInjector.NONE, clock.now());
        startSecondary();
        primary.start(clock.now());
        settle();
        return this;
    }

    public void startSecondary() throws LeaseStoreException {
        secondary = new FailoverEndpoint(secondaryConfig, secondaryStore, secondaryListener, outbox(false), clock,
                FaultInjector.NONE, clock.now());
        secondary.start(clock.now());
    }

    /** Drops the secondary without a word (crash); the connection dies with it. */
    public void crashSecondary() {
        secondary = null;
        wire.clear();
        if (primary != null) {
            primary.connectionClosed(connectionId, "secondary crashed", clock.now());
        }
    }

    public void cutLink() {
        linkUp = false;
        wire.clear();
        primary.connectionClosed(connectionId, "link cut", clock.now());
        if (secondary != null) {
            secondary.connectionClosed(connectionId, "link cut", clock.now());
        }
    }

    public void healLink() {
        linkUp = true;
    }

    private Outbox outbox(boolean fromPrimary) {
        return new Outbox() {
            @Override
            public void send(long id, FailoverMessage message) {
                if (linkUp && id == connectionId) {
                    wire.add(new InFlight(fromPrimary, id, MessageCodec.encode(message)));
                }
            }

            @Override
            public void close(long id, String reason) {
                if (id != connectionId) {
                    return;
                }
                FailoverEndpoint other = fromPrimary ? secondary : primary;
                if (other != null) {
                    other.connectionClosed(id, "closed by partner: " + reason, clock.now());
                }
            }

            @Override
            public void connect(InetSocketAddress partner) {
                connectPending = true;
            }
        };
    }

    /** Delivers messages and runs timers until nothing moves (without advancing time). */
    public void settle() {
        for (int round = 0; round < 100_000; round++) {
            if (connectPending) {
                connectPending = false;
                if (linkUp && secondary != null) {
                    connectionId++;
                    awaitingConnect = true;
                    primary.connectionOpened(connectionId, clock.now());
                } else {
                    primary.connectFailed("unreachable", clock.now());
                }
                continue;
            }
            InFlight m = wire.poll();
            if (m == null) {
                primary.poll(clock.now());
                if (secondary != null) {
                    secondary.poll(clock.now());
                }
                if (wire.isEmpty() && !connectPending) {
                    return;
                }
                continue;
            }
            messages++;
            FailoverMessage decoded;
            try {
                decoded = MessageCodec.decode(m.bytes());
            } catch (Exception e) {
                throw new AssertionError("undecodable message on the wire", e);
            }
            if (m.toSecondary()) {
                if (secondary == null) {
                    continue;
                }
                if (awaitingConnect && decoded instanceof Connect c) {
                    awaitingConnect = false;
                    secondary.connectReceived(m.connectionId(), c, clock.now());
                } else {
                    secondary.messageReceived(m.connectionId(), decoded, clock.now());
                }
            } else {
                primary.messageReceived(m.connectionId(), decoded, clock.now());
            }
        }
        throw new AssertionError("the pair never settled");
    }

    /**
     * Delivers every message now on the wire to the secondary in one turn of the secondary (as the
     * runtime does with the inputs of one read) and returns how many; {@code beforeTurnEnds} runs
     * after the last delivery, before the turn's writes are stored and its messages released.
     */
    public int deliverToSecondaryInOneTurn(Runnable beforeTurnEnds) {
        int delivered = 0;
        secondary.beginTurn();
        for (InFlight m = wire.peek(); m != null && m.toSecondary(); m = wire.peek()) {
            wire.poll();
            try {
                secondary.messageReceived(m.connectionId(), MessageCodec.decode(m.bytes()), clock.now());
            } catch (Exception e) {
                throw new AssertionError("undecodable message on the wire", e);
            }
            delivered++;
        }
        beforeTurnEnds.run();
        secondary.endTurn(clock.now());
        return delivered;
    }

    /** How many messages are on the wire, either way. */
    public int inFlight() {
        return wire.size();
    }

    /** Advances time in steps of at most a second, settling after each. */
    public void advance(Duration d) {
        Duration left = d;
        while (!left.isZero()) {
            Duration step = left.compareTo(Duration.ofSeconds(1)) > 0 ? Duration.ofSeconds(1) : left;
            clock.advance(step);
            left = left.minus(step);
            settle();
        }
    }

    public ServerState primaryState() {
        return primary.snapshot().state();
    }

    public ServerState secondaryState() {
        return secondary.snapshot().state();
    }

    /** Starts both (empty stores) and runs until both are NORMAL. */
    public static EnginePair normal(UnaryOperator<RelationshipConfig.Builder> tweak) throws LeaseStoreException {
        EnginePair pair = new EnginePair(tweak).start();
        pair.advance(Duration.ofSeconds(3));
        if (pair.primaryState() != ServerState.NORMAL || pair.secondaryState() != ServerState.NORMAL) {
            throw new AssertionError("pair did not reach NORMAL: " + pair.primaryState() + "/" + pair.secondaryState());
        }
        return pair;
    }
}
