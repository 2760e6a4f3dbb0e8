package org.dhcpv6.failover.core.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;
import org.dhcpv6.failover.api.EndpointRecord;
import org.dhcpv6.failover.api.FailoverListener;
import org.dhcpv6.failover.api.LeaseStore;
import org.dhcpv6.failover.api.LeaseStoreException;
import org.dhcpv6.failover.api.RelationshipConfig;
import org.dhcpv6.failover.api.Role;
import org.dhcpv6.failover.api.ServerState;
import org.dhcpv6.failover.core.store.InMemoryLeaseStore;
import org.dhcpv6.failover.core.internal.time.WireTime;
import org.dhcpv6.failover.core.internal.wire.Connect;
import org.dhcpv6.failover.core.internal.wire.ConnectReply;
import org.dhcpv6.failover.core.internal.wire.FailoverMessage;
import org.dhcpv6.failover.core.internal.wire.ServerFlagsOption;
import org.dhcpv6.failover.core.internal.wire.StateMessage;
import org.dhcpv6.failover.core.internal.wire.UpdDone;
import org.dhcpv6.failover.core.internal.wire.UpdReq;

/**
 * One engine under test and a partner played by the test: {@code deliver(msg)},
 * {@code clock.advance(d)}, then look at what the engine sent. Literal times, no sleeps.
 */
public final class ScriptedPartner {

    public static final Instant T0 = Instant.parse("2026-11-25T12:00:00Z");
    public static final Duration MCLT = Duration.ofSeconds(3600);

    public final FakeClock clock = new FakeClock(T0);
    public final RecordingOutbox out = new RecordingOutbox();
    public final LeaseStore store;
    public final RelationshipConfig config;
    public FailoverEndpoint engine;
    private long connectionId;
    private int xid = 1000;

    public ScriptedPartner(Role role, UnaryOperator<RelationshipConfig.Builder> tweak) {
        this(role, tweak, new InMemoryLeaseStore());
    }

    public ScriptedPartner(Role role, UnaryOperator<RelationshipConfig.Builder> tweak, LeaseStore store) {
        this.store = store;
        this.config = tweak.apply(RelationshipConfig.builder("rel", role)
                .partnerAddress(new InetSocketAddress("::1", 647))
                .mclt(MCLT)).build();
    }

    public static ScriptedPartner primary() {
        return new ScriptedPartner(Role.PRIMARY, b -> b);
    }

    public static ScriptedPartner secondary() {
        return new ScriptedPartner(Role.SECONDARY, b -> b);
    }

    /** Saves an endpoint record as if the server had stopped in {@code state} a minute ago. */
    public ScriptedPartner savedState(ServerState state) throws LeaseStoreException {
        Instant before = T0.minusSeconds(60);
        store.saveEndpoint(new EndpointRecord(state, before.minusSeconds(600), null, ServerState.NORMAL, before,
                before, before, state == ServerState.PARTNER_DOWN ? before.minusSeconds(600) : null, false));
        return this;
    }

    public ScriptedPartner start() throws LeaseStoreException {
        engine = new FailoverEndpoint(config, store, FailoverListener.NONE, out, clock, FaultInjector.NONE,
                clock.now());
        engine.start(clock.now());
        return this;
    }

    public ServerState state() {
        return engine.snapshot().state();
    }

    /** The primary's connection opens; returns its id. */
    public long openConnection() {
        connectionId++;
        engine.connectionOpened(connectionId, clock.now());
        return connectionId;
    }

    /** Opens a connection and runs CONNECT / CONNECTREPLY; our STATE is then sent by the engine. */
    public void connect() {
        connectionId++;
        if (config.role() == Role.PRIMARY) {
            engine.connectionOpened(connectionId, clock.now());
            List<Connect> connects = out.take(Connect.class);
            assertEquals(1, connects.size(), "engine sends one CONNECT");
            deliver(ConnectReply.accept(connects.get(0).transactionId(), wireNow(), 1, 0, MCLT.toSeconds(), 60, 10, 0));
        } else {
            engine.connectReceived(connectionId, Connect.of(nextXid(), wireNow(), 1, 0, MCLT.toSeconds(), 60, 10,
                    "rel", 0), clock.now());
            List<ConnectReply> replies = out.take(ConnectReply.class);
            assertEquals(1, replies.size(), "engine answers CONNECT");
            assertFalse(replies.get(0).isReject(), () -> "CONNECT refused: " + replies.get(0));
        }
    }

    /** Connects and sends the partner's STATE, making communications OK. */
    public void connectWithPartnerIn(ServerState partnerState) {
        connect();
        deliverState(partnerState, ServerFlagsOption.COMMUNICATED);
    }

    public void deliverState(ServerState partnerState, int flags) {
        deliver(StateMessage.of(nextXid(), wireNow(), partnerState.code(), flags, wireNow(), 
                partnerState == ServerState.PARTNER_DOWN ? wireNow() : null));
    }

    public void deliver(FailoverMessage m) {
        engine.messageReceived(connectionId, m, clock.now());
    }

    public void dropConnection() {
        engine.connectionClosed(connectionId, "test dropped it", clock.now());
    }

    public long connectionId() {
        return connectionId;
    }

    /** Answers the engine's last UPDREQ/UPDREQALL with UPDDONE. */
    public void answerUpdateRequest() {
        List<UpdReq> reqs = out.take(UpdReq.class);
        assertEquals(1, reqs.size(), "engine sent one UPDREQ");
        deliver(UpdDone.of(reqs.get(0).transactionId(), wireNow()));
    }

    /** The server state codes of every STATE the engine sent, in order, and forgets them. */
    public List<ServerState> statesSent() {
        return out.take(StateMessage.class).stream()
                .map(s -> ServerState.fromCode(s.serverState().getAsInt())).toList();
    }

    public void advance(Duration d) {
        clock.advance(d);
        engine.poll(clock.now());
    }

    public long wireNow() {
        return WireTime.toWire(clock.wallTime());
    }

    public int nextXid() {
        return xid++;
    }
}
