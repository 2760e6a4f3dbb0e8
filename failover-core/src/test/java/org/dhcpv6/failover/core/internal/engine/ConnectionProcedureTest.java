package org.dhcpv6.failover.core.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.dhcpv6.failover.api.RelationshipConfig;
import org.dhcpv6.failover.api.Role;
import org.dhcpv6.failover.api.ServerState;
import org.dhcpv6.failover.api.SkewPolicy;
import org.dhcpv6.failover.core.internal.wire.BndUpd;
import org.dhcpv6.failover.core.internal.wire.Connect;
import org.dhcpv6.failover.core.internal.wire.ConnectReply;
import org.dhcpv6.failover.core.internal.wire.Contact;
import org.dhcpv6.failover.core.internal.wire.Disconnect;
import org.dhcpv6.failover.core.internal.wire.IaPrefixOption;
import org.dhcpv6.failover.core.internal.wire.ServerFlagsOption;
import org.dhcpv6.failover.core.internal.wire.StateMessage;
import org.dhcpv6.failover.core.internal.wire.StatusCode;
import org.dhcpv6.failover.core.internal.wire.StatusCodeOption;
import org.dhcpv6.failover.api.Ipv6Prefix;
import org.junit.jupiter.api.Test;

/** RFC 8156 §6: CONNECT / CONNECTREPLY with every check, STATE, keepalive, reconnects. */
class ConnectionProcedureTest {

    @Test
    void primaryConnectsSendsConnectWithItsConfigurationThenState() throws Exception {
        ScriptedPartner p = ScriptedPartner.primary().savedState(ServerState.NORMAL).start();
        assertEquals(1, p.out.connects, "primary connects at start");
        p.openConnection();
        Connect c = p.out.take(Connect.class).get(0);
        assertEquals(3600, c.mcltSeconds().getAsLong());
        assertEquals(60, c.keepaliveSeconds().getAsLong());
        assertEquals(RelationshipConfig.DEFAULT_MAX_UNACKED_BNDUPD, c.maxUnackedBndupd().getAsLong());
        assertEquals("rel", c.relationshipName().orElseThrow());
        assertEquals(1, c.protocolVersion().orElseThrow().major());
        assertTrue(p.out.take(StateMessage.class).isEmpty(), "no STATE before CONNECTREPLY");
        p.deliver(ConnectReply.accept(c.transactionId(), p.wireNow(), 1, 0, 3600, 60, 10, 0));
        StateMessage s = p.out.take(StateMessage.class).get(0);
        assertEquals(ServerState.COMMUNICATIONS_INTERRUPTED.code(), s.serverState().getAsInt(),
                "STARTUP reports the previous state (NORMAL's comms-failed successor)");
        assertTrue((s.serverFlags().getAsInt() & ServerFlagsOption.STARTUP) != 0, "STARTUP flag set");
        assertFalse(p.engine.snapshot().communicationsOk(), "comms OK only on the partner's STATE");
        p.deliverState(ServerState.NORMAL, ServerFlagsOption.COMMUNICATED);
        assertTrue(p.engine.snapshot().communicationsOk());
        assertEquals(ServerState.NORMAL, p.state());
    }

    @Test
    void primaryDisconnectsWhenMcltEchoDiffers() throws Exception {
        ScriptedPartner p = ScriptedPartner.primary().start();
        p.openConnection();
        Connect c = p.out.take(Connect.class).get(0);
        p.deliver(ConnectReply.accept(c.transactionId(), p.wireNow(), 1, 0, 1800, 60, 10, 0));
        Disconnect d = p.out.take(Disconnect.class).get(0);
        assertTrue(d.status().orElseThrow().message().contains("MCLT 1800"), d.toString());
        assertEquals(1, p.out.closed.size());
    }

    @Test
    void primaryDisconnectsOnUnsupportedVersion() throws Exception {
        ScriptedPartner p = ScriptedPartner.primary().start();
        p.openConnection();
        Connect c = p.out.take(Connect.class).get(0);
        p.deliver(ConnectReply.accept(c.transactionId(), p.wireNow(), 2, 0, 3600, 60, 10, 0));
        assertEquals(1, p.out.take(Disconnect.class).size());
        assertTrue(p.out.closed.get(0).contains("protocol version 2.0"), p.out.closed.toString());
    }

    @Test
    void rejectedConnectBacksOffButNeverStops() throws Exception {
        ScriptedPartner p = ScriptedPartner.primary().start();
        for (int attempt = 0; attempt < 8; attempt++) {
            p.openConnection();
            Connect c = p.out.take(Connect.class).get(0);
            p.deliver(ConnectReply.reject(c.transactionId(), p.wireNow(), StatusCode.NOT_SUPPORTED.code(), "no"));
            int before = p.out.connects;
            p.advance(p.engine.retryDelay());
            assertEquals(before + 1, p.out.connects, "primary retries after every rejection");
        }
        assertEquals(p.config.connectRetryMax(), p.engine.retryDelay(), "backed off up to the ceiling");
    }

    @Test
    void secondaryRejectsUnsupportedVersionWithNotSupported() throws Exception {
        ScriptedPartner s = ScriptedPartner.secondary().start();
        s.engine.connectReceived(1, Connect.of(7, s.wireNow(), 2, 0, 3600, 60, 10, "rel", 0), s.clock.now());
        ConnectReply r = s.out.take(ConnectReply.class).get(0);
        assertEquals(StatusCode.NOT_SUPPORTED.code(), r.status().orElseThrow().statusCode());
        assertEquals(7, r.transactionId());
        assertEquals(1, s.out.closed.size());
    }

    @Test
    void secondaryRejectsUnknownConnectFlags() throws Exception {
        ScriptedPartner s = ScriptedPartner.secondary().start();
        s.engine.connectReceived(1, Connect.of(7, s.wireNow(), 1, 0, 3600, 60, 10, "rel", 0x0002), s.clock.now());
        assertEquals(StatusCode.NOT_SUPPORTED.code(),
                s.out.take(ConnectReply.class).get(0).status().orElseThrow().statusCode());
    }

    @Test
    void secondaryRejectsConnectWithoutMclt() throws Exception {
        ScriptedPartner s = ScriptedPartner.secondary().start();
        Connect noMclt = new Connect(7, s.wireNow(), Connect.of(7, s.wireNow(), 1, 0, 3600, 60, 10, "rel", 0)
                .options().stream().filter(o -> o.code() != 122).toList());
        s.engine.connectReceived(1, noMclt, s.clock.now());
        ConnectReply r = s.out.take(ConnectReply.class).get(0);
        assertTrue(r.isReject());
        assertTrue(r.status().orElseThrow().message().contains("MCLT"));
    }

    @Test
    void strictSecondaryRejectsExcessiveSkewTolerantOneAccepts() throws Exception {
        ScriptedPartner strict = new ScriptedPartner(Role.SECONDARY, b -> b.skewPolicy(SkewPolicy.RFC8156_STRICT)).start();
        strict.engine.connectReceived(1, Connect.of(7, strict.wireNow() + 6, 1, 0, 3600, 60, 10, "rel", 0),
                strict.clock.now());
        assertEquals(StatusCode.EXCESSIVE_TIME_SKEW.code(),
                strict.out.take(ConnectReply.class).get(0).status().orElseThrow().statusCode());

        ScriptedPartner tolerant = ScriptedPartner.secondary().start();
        tolerant.engine.connectReceived(1, Connect.of(7, tolerant.wireNow() + 86_400, 1, 0, 3600, 60, 10, "rel", 0),
                tolerant.clock.now());
        assertFalse(tolerant.out.take(ConnectReply.class).get(0).isReject());
        assertTrue(tolerant.engine.snapshot().skew().toSeconds() > 86_000, "a day of skew is estimated");
    }

    @Test
    void secondaryAdoptsThePrimarysMclt() throws Exception {
        ScriptedPartner s = new ScriptedPartner(Role.SECONDARY, b -> b.mclt(Duration.ofSeconds(600))).start();
        s.engine.connectReceived(1, Connect.of(7, s.wireNow(), 1, 0, 3600, 60, 10, "rel", 0), s.clock.now());
        ConnectReply r = s.out.take(ConnectReply.class).get(0);
        assertEquals(3600, r.mcltSeconds().getAsLong(), "CONNECTREPLY echoes the CONNECT's MCLT");
        assertEquals(Duration.ofSeconds(3600), s.engine.snapshot().mclt());
    }

    @Test
    void newestConnectFromThePrimaryWins() throws Exception {
        ScriptedPartner s = ScriptedPartner.secondary().savedState(ServerState.NORMAL).start();
        s.connectWithPartnerIn(ServerState.NORMAL);
        long old = s.connectionId();
        s.connect();
        assertTrue(s.out.closedIds.contains(old), "the older connection is closed");
        s.deliverState(ServerState.NORMAL, ServerFlagsOption.COMMUNICATED);
        assertEquals(ServerState.NORMAL, s.state());
    }

    @Test
    void messagesOutOfOrderCostTheConnectionOnly() throws Exception {
        ScriptedPartner p = ScriptedPartner.primary().savedState(ServerState.NORMAL).start();
        p.openConnection();
        p.deliver(BndUpd.of(5, p.wireNow(), new IaPrefixOption(0, 0, 56, Ipv6Prefix.parse("2001:db8::/56").address(),
                List.of())));
        assertEquals(1, p.out.closed.size());
        assertTrue(p.out.closed.get(0).contains("BNDUPD"), p.out.closed.toString());
        assertEquals(ServerState.STARTUP, p.state(), "the endpoint goes on");

        ScriptedPartner q = ScriptedPartner.primary().start();
        q.connect();
        q.deliver(StateMessage.of(9, q.wireNow(), 77, 0, q.wireNow(), null));
        assertTrue(q.out.closed.get(0).contains("unknown server state 77"), q.out.closed.toString());
        q.advance(q.config.connectRetry());
        assertEquals(2, q.out.connects, "and reconnects");
    }

    @Test
    void secondConnectOnOneConnectionIsRefused() throws Exception {
        ScriptedPartner s = ScriptedPartner.secondary().start();
        s.connectWithPartnerIn(ServerState.NORMAL);
        s.deliver(Connect.of(8, s.wireNow(), 1, 0, 3600, 60, 10, "rel", 0));
        assertTrue(s.out.closed.get(0).contains("second CONNECT"), s.out.closed.toString());
        assertFalse(s.engine.snapshot().communicationsOk());
    }

    @Test
    void contactIsSentAfterAQuarterOfThePartnersKeepalive() throws Exception {
        ScriptedPartner p = ScriptedPartner.primary().savedState(ServerState.NORMAL).start();
        p.connectWithPartnerIn(ServerState.NORMAL);
        p.out.clear();
        p.advance(Duration.ofSeconds(14));
        assertTrue(p.out.take(Contact.class).isEmpty());
        p.advance(Duration.ofSeconds(1));
        assertEquals(1, p.out.take(Contact.class).size(), "CONTACT at 60 s / 4");
    }

    @Test
    void connectionIsDeadAfterOwnKeepaliveWithoutMessages() throws Exception {
        ScriptedPartner p = ScriptedPartner.primary().savedState(ServerState.NORMAL).start();
        p.connectWithPartnerIn(ServerState.NORMAL);
        p.advance(Duration.ofSeconds(59));
        assertEquals(ServerState.NORMAL, p.state());
        p.advance(Duration.ofSeconds(1));
        assertEquals(ServerState.COMMUNICATIONS_INTERRUPTED, p.state());
        assertTrue(p.out.closed.get(p.out.closed.size() - 1).contains("nothing received"));
    }

    @Test
    void gracefulShutdownSendsDisconnectWithServerShuttingDown() throws Exception {
        ScriptedPartner p = ScriptedPartner.primary().savedState(ServerState.NORMAL).start();
        p.connectWithPartnerIn(ServerState.NORMAL);
        p.engine.shutdown(p.clock.now());
        StatusCodeOption st = p.out.take(Disconnect.class).get(0).status().orElseThrow();
        assertEquals(StatusCode.SERVER_SHUTTING_DOWN.code(), st.statusCode());
        assertFalse(st.message().isEmpty());
    }
}
