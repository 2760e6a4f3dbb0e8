package org.dhcpv6.failover.core.internal.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import org.dhcpv6.failover.api.RelationshipConfig;
import org.dhcpv6.failover.api.ServerState;
import org.dhcpv6.failover.core.internal.engine.PartnerSession.Phase;
import org.dhcpv6.failover.core.internal.time.WireTime;
import org.dhcpv6.failover.core.internal.wire.Connect;
import org.dhcpv6.failover.core.internal.wire.ConnectFlagsOption;
import org.dhcpv6.failover.core.internal.wire.ConnectReply;
import org.dhcpv6.failover.core.internal.wire.Disconnect;
import org.dhcpv6.failover.core.internal.wire.FailoverMessage;
import org.dhcpv6.failover.core.internal.wire.PoolResp;
import org.dhcpv6.failover.core.internal.wire.ServerFlagsOption;
import org.dhcpv6.failover.core.internal.wire.StateMessage;
import org.dhcpv6.failover.core.internal.wire.StatusCode;
import org.dhcpv6.failover.core.internal.wire.UpdReq;
import org.dhcpv6.failover.core.internal.wire.UpdReqAll;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The messages of one connection after the transport opened it: CONNECT / CONNECTREPLY with the
 * checks of RFC 8156 §6.1, STATE both ways (§6.4), CONTACT, UPDREQ / UPDREQALL / UPDDONE.
 * A message out of order costs the connection, never the endpoint.
 */
final class SessionProtocol {

    private static final Logger LOG = LoggerFactory.getLogger(SessionProtocol.class);

    /** Sends a message on a session (restarting its send timer). */
    interface Sender {
        void send(PartnerSession session, FailoverMessage message, Now now);
    }

    /** Closes the current session with a reason. */
    interface Closer {
        void close(String reason, Now now);
    }

    private final RelationshipConfig config;
    private final EndpointStates states;
    private final ClockSkew skew;
    private final Sender sender;
    private final Closer closer;
    private final String name;
    private final XidAllocator xids;
    private final org.dhcpv6.failover.core.internal.sync.PartnerSync sync;
    private final org.dhcpv6.failover.core.internal.sync.PoolBalancer balancer;
    private final java.util.function.Function<Now, org.dhcpv6.failover.core.internal.sync.PartnerSync.Channel> channels;

    SessionProtocol(RelationshipConfig config, EndpointStates states, ClockSkew skew, Sender sender, Closer closer,
            int firstXid, org.dhcpv6.failover.core.internal.sync.PartnerSync sync,
            java.util.function.Function<Now, org.dhcpv6.failover.core.internal.sync.PartnerSync.Channel> channels,
            org.dhcpv6.failover.core.internal.sync.PoolBalancer balancerOrNull) {
        this.sync = sync;
        this.balancer = balancerOrNull;
        this.channels = channels;
        this.config = config;
        this.states = states;
        this.skew = skew;
        this.sender = sender;
        this.closer = closer;
        this.name = config.name();
        this.xids = new XidAllocator(firstXid);
    }

    XidAllocator xids() {
        return xids;
    }

    /** The primary's CONNECT (RFC 8156 §6.1.1). */
    Connect connectMessage(Now now) {
        return Connect.of(xids.next(), WireTime.toWire(now.wall()), ConnectChecks.MAJOR_VERSION, 0,
                config.mcltSeconds(), config.keepalive().toSeconds(), config.maxUnackedBndupd(), config.name(),
                connectFlags());
    }

    /** Every prefix pool delegates one length, so we announce FIXED_PD_LENGTH (RFC 8156 §5.5.2). */
    private int connectFlags() {
        return config.prefixPools().isEmpty() ? 0 : ConnectFlagsOption.FIXED_PD_LENGTH;
    }

    /** The secondary's checks of a CONNECT, including the strict skew policy. */
    Optional<ConnectChecks.Refusal> checkConnect(Connect connect, Now now) {
        if (skew.refusesConnect(connect.sentTime(), now)) {
            return Optional.of(new ConnectChecks.Refusal(StatusCode.EXCESSIVE_TIME_SKEW,
                    "CONNECT sent-time differs from our clock by more than 5 s"));
        }
        return ConnectChecks.checkConnect(connect);
    }

    /** The secondary accepts a checked CONNECT: adopt MCLT, answer CONNECTREPLY, send STATE. */
    void acceptConnect(PartnerSession session, Connect connect, Now now) {
        states.adoptMclt(Duration.ofSeconds(connect.mcltSeconds().getAsLong()));
        session.partnerKeepaliveNanos = Duration.ofSeconds(connect.keepaliveSeconds().getAsLong()).toNanos();
        session.partnerMaxUnacked = connect.maxUnackedBndupd().getAsLong();
        sender.send(session, ConnectReply.accept(connect.transactionId(), WireTime.toWire(now.wall()),
                ConnectChecks.MAJOR_VERSION, 0, connect.mcltSeconds().getAsLong(), config.keepalive().toSeconds(),
                config.maxUnackedBndupd(), connectFlags()), now);
        sendState(session, now);
    }

    /** Handles one message on the current session; DISCONNECT and rejecting CONNECTREPLY come earlier. */
    void handle(PartnerSession session, FailoverMessage message, Now now) {
        switch (message.type()) {
            case CONNECTREPLY -> onConnectReply(session, (ConnectReply) message, now);
            case STATE -> onState(session, (StateMessage) message, now);
            case CONTACT -> requireConnected(session, message, now);
            case UPDREQ, UPDREQALL -> {
                if (requireEstablished(session, message, now)) {
                    sync.onUpdateRequest(channels.apply(now), message.transactionId(),
                            message.type() == org.dhcpv6.failover.core.internal.wire.MessageType.UPDREQALL);
                }
            }
            case UPDDONE -> onUpdateDone(session, message, now);
            case POOLREQ -> {
                if (requireEstablished(session, message, now)) {
                    // POOLRESP only says "received"; the FREE-BACKUP BNDUPDs follow (RFC 8156 §6.3).
                    sender.send(session, PoolResp.of(message.transactionId(), WireTime.toWire(now.wall())), now);
                    if (balancer != null && states.state() == ServerState.NORMAL) {
                        balancer.balance(channels.apply(now), now.wall(), true);
                        sync.pump(channels.apply(now), now.wall());
                    }
                }
            }
            case BNDUPD -> {
                if (requireEstablished(session, message, now)) {
                    sync.onUpdate(channels.apply(now), (org.dhcpv6.failover.core.internal.wire.BndUpd) message, now.wall());
                }
            }
            case BNDREPLY -> {
                if (requireEstablished(session, message, now)
                        && (balancer == null || !balancer.onReply((org.dhcpv6.failover.core.internal.wire.BndReply) message,
                                now.wall()))) {
                    sync.onReply(channels.apply(now), (org.dhcpv6.failover.core.internal.wire.BndReply) message, now.wall());
                }
            }
            case POOLRESP -> requireEstablished(session, message, now);
            case CONNECT -> closer.close("a second CONNECT on one connection", now);
            case STARTTLS, REPLY -> closer.close(message.type().rfcName() + " inside an open failover connection", now);
            case DISCONNECT -> closer.close("DISCONNECT", now);
        }
    }

    private void onConnectReply(PartnerSession session, ConnectReply reply, Now now) {
        if (session.phase != Phase.AWAIT_CONNECT_REPLY) {
            closer.close("unexpected CONNECTREPLY", now);
            return;
        }
        Optional<String> problem = ConnectChecks.checkConnectReply(reply, config.mcltSeconds());
        if (problem.isPresent()) {
            LOG.warn("{}: dropping connection: {}", name, problem.get());
            sender.send(session, Disconnect.of(xids.next(), WireTime.toWire(now.wall()),
                    StatusCode.NOT_SUPPORTED.code(), problem.get()), now);
            closer.close(problem.get(), now);
            return;
        }
        skew.roundTrip(session.connectSentAt, reply.sentTime(), now);
        session.partnerKeepaliveNanos = Duration.ofSeconds(reply.keepaliveSeconds().getAsLong()).toNanos();
        session.partnerMaxUnacked = reply.maxUnackedBndupd().getAsLong();
        session.phase = Phase.AWAIT_STATE;
        sendState(session, now);
    }

    private void onState(PartnerSession session, StateMessage message, Now now) {
        if (session.phase == Phase.AWAIT_CONNECT_REPLY) {
            closer.close("STATE before CONNECTREPLY", now);
            return;
        }
        OptionalInt code = message.serverState();
        if (code.isEmpty() || code.getAsInt() < 1 || code.getAsInt() > 10) {
            closer.close("STATE with " + (code.isEmpty() ? "no server state" : "unknown server state " + code.getAsInt()),
                    now);
            return;
        }
        ServerState reported = ServerState.fromCode(code.getAsInt());
        if (reported == ServerState.STARTUP) {
            closer.close("STATE reporting STARTUP, which RFC 8156 §5.5.16 never sends", now);
            return;
        }
        int flags = message.serverFlags().orElse(0);
        boolean first = session.phase == Phase.AWAIT_STATE;
        session.phase = Phase.ESTABLISHED;
        session.partnerInStartup = (flags & ServerFlagsOption.STARTUP) != 0;
        Instant start = message.startTimeOfState().isPresent()
                ? skew.toLocal(message.startTimeOfState().getAsLong(), now) : now.wall();
        Instant down = message.partnerDownTime().isPresent()
                ? skew.toLocal(message.partnerDownTime().getAsLong(), now) : null;
        boolean wasStartup = states.state() == ServerState.STARTUP;
        if (first) {
            sync.onEstablished();
        }
        states.partnerStateReceived(reported, session.partnerInStartup,
                (flags & ServerFlagsOption.COMMUNICATED) != 0, start, down, first, now);
        if (wasStartup && states.state() != ServerState.STARTUP) {
            // Our STARTUP flag cleared; the partner must hear our real state (RFC 8156 §8.3 step 5).
            states.takeUnsentStates();
            sendState(session, now);
        }
    }

    private void onUpdateDone(PartnerSession session, FailoverMessage message, Now now) {
        if (!requireEstablished(session, message, now)) {
            return;
        }
        if (session.outstandingUpdateRequest != message.transactionId()) {
            LOG.debug("{}: UPDDONE for xid {} that we did not ask for; ignored", name, message.transactionId());
            return;
        }
        xids.release(session.outstandingUpdateRequest);
        session.outstandingUpdateRequest = -1;
        states.updateDone(now);
    }

    /** Sends STATE after a transition, and an update request the state asked for. */
    void flushStateChanges(PartnerSession session, Now now) {
        if (session.phase == Phase.AWAIT_CONNECT_REPLY) {
            return;
        }
        for (ServerState entered : states.takeUnsentStates()) {
            sendState(session, entered, now);
        }
        if (session.established() && session.outstandingUpdateRequest < 0 && states.takeUpdateRequest()) {
            int xid = xids.hold();
            session.outstandingUpdateRequest = xid;
            long sent = WireTime.toWire(now.wall());
            sender.send(session, states.wantsEverything() ? UpdReqAll.of(xid, sent) : UpdReq.of(xid, sent), now);
        }
    }

    /** The full current STATE, as sent right after connecting; it covers every earlier change. */
    private void sendState(PartnerSession session, Now now) {
        states.takeUnsentStates();
        sendState(session, states.reportedState(), now);
    }

    private void sendState(PartnerSession session, ServerState reported, Now now) {
        int flags = 0;
        if (states.everCommunicated()) {
            flags |= ServerFlagsOption.COMMUNICATED;
        }
        if (states.state() == ServerState.STARTUP) {
            flags |= ServerFlagsOption.STARTUP;
        }
        if (session.partnerInStartup) {
            flags |= ServerFlagsOption.ACK_STARTUP;
        }
        Instant down = states.partnerDownSince();
        sender.send(session, StateMessage.of(xids.next(), WireTime.toWire(now.wall()), reported.code(),
                flags, WireTime.toWire(states.stateEnteredAt()),
                states.state() == ServerState.PARTNER_DOWN && down != null ? WireTime.toWire(down) : null), now);
    }

    private boolean requireConnected(PartnerSession session, FailoverMessage message, Now now) {
        if (session.phase == Phase.AWAIT_CONNECT_REPLY) {
            closer.close(message.type().rfcName() + " before CONNECTREPLY", now);
            return false;
        }
        return true;
    }

    private boolean requireEstablished(PartnerSession session, FailoverMessage message, Now now) {
        if (!session.established()) {
            closer.close(message.type().rfcName() + " before communications were established", now);
            return false;
        }
        return true;
    }
}
