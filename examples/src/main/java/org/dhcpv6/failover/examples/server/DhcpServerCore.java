package org.dhcpv6.failover.examples.server;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.dhcpv6.failover.api.Duid;
import org.dhcpv6.failover.examples.dhcp.ClientServerMessage;
import org.dhcpv6.failover.examples.dhcp.DhcpMessage;
import org.dhcpv6.failover.examples.dhcp.DhcpOption;
import org.dhcpv6.failover.examples.dhcp.MessageType;
import org.dhcpv6.failover.examples.dhcp.RelayMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server side of RFC 8415 without I/O: a decoded message in, the reply (or nothing) out.
 * Checks each message as §16 requires, unwraps and rewraps relay messages (§19), asks the
 * {@link LeaseBackend} whether to answer at all and leaves every lease decision to it.
 *
 * <p>Thread-safe if the backend is: the core keeps no mutable state, so several receive threads
 * may call {@link #handle} at once.
 */
public final class DhcpServerCore {

    private static final Logger LOG = LoggerFactory.getLogger(DhcpServerCore.class);

    private final Duid serverDuid;
    private final ServerPolicy policy;
    private final LeaseBackend backend;
    private final ReplyMaker replies;

    /**
     * @param serverDuid our DUID, sent in OPTION_SERVERID and compared with the client's choice
     * @param policy lifetimes, rapid commit, options to hand out
     * @param backend makes every lease decision
     */
    public DhcpServerCore(Duid serverDuid, ServerPolicy policy, LeaseBackend backend) {
        this.serverDuid = Objects.requireNonNull(serverDuid, "serverDuid");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.backend = Objects.requireNonNull(backend, "backend");
        this.replies = new ReplyMaker(serverDuid, policy, backend);
    }

    /** This server's DUID. */
    public Duid serverDuid() {
        return serverDuid;
    }

    /** The policy this core was built with. */
    public ServerPolicy policy() {
        return policy;
    }

    /**
     * Answers one received message. Returns empty when RFC 8415 says to discard it, when the
     * backend says not to respond, or when the backend failed (logged; the client retransmits).
     * The reply's {@link ServerReply#durable()} says when it may be sent.
     *
     * @param received a decoded message from the network
     * @param source where it came from; the reply goes back there (the client, or the relay)
     */
    public Optional<ServerReply> handle(DhcpMessage received, InetSocketAddress source) {
        try {
            if (received instanceof RelayMessage relay) {
                return handleRelayed(relay, source);
            }
            return handleClient((ClientServerMessage) received, source);
        } catch (RuntimeException e) {
            LOG.warn("dropping {} from {}: lease backend failed", received.type(), source, e);
            return Optional.empty();
        }
    }

    /**
     * Reports a sent reply's committed bindings to {@link LeaseBackend#afterReply}. Call it after
     * the reply went out; if sending failed, call it anyway: the bindings are committed.
     */
    public void replySent(ServerReply reply) {
        if (!reply.changes().isEmpty()) {
            backend.afterReply(reply.changes());
        }
    }

    private Optional<ServerReply> handleRelayed(RelayMessage outer, InetSocketAddress source) {
        if (outer.type() != MessageType.RELAY_FORW) {
            LOG.debug("discarding {} from {}: servers only accept RELAY-FORW", outer.type(), source);
            return Optional.empty();
        }
        // §19.2: the innermost message is the client's; each relay layer gets its own RELAY-REPL.
        List<RelayMessage> chain = new ArrayList<>();
        DhcpMessage m = outer;
        while (m instanceof RelayMessage r) {
            chain.add(r);
            Optional<DhcpMessage> inner = r.relayed();
            if (inner.isEmpty()) {
                LOG.debug("discarding RELAY-FORW from {} without RELAY_MSG", source);
                return Optional.empty();
            }
            m = inner.get();
            if (m.type() == MessageType.RELAY_REPL) {
                return Optional.empty();
            }
        }
        Optional<ServerReply> reply = handleClient((ClientServerMessage) m, source);
        if (reply.isEmpty()) {
            return reply;
        }
        DhcpMessage wrapped = reply.get().message();
        for (int i = chain.size() - 1; i >= 0; i--) {
            RelayMessage r = chain.get(i);
            List<DhcpOption> options = new ArrayList<>();
            // §19.3: Interface-Id is copied back so the relay knows the client's link.
            r.option(DhcpOption.InterfaceId.class).ifPresent(options::add);
            options.add(new DhcpOption.RelayMessage(wrapped));
            wrapped = new RelayMessage(MessageType.RELAY_REPL, r.hopCount(), r.linkAddress(), r.peerAddress(),
                    options);
        }
        return Optional.of(new ServerReply(wrapped, reply.get().changes(), reply.get().durable()));
    }

    private Optional<ServerReply> handleClient(ClientServerMessage msg, InetSocketAddress source) {
        Optional<String> invalid = MessageRules.whyInvalid(msg, serverDuid);
        if (invalid.isPresent()) {
            LOG.debug("discarding {} from {}: {}", msg.type(), source, invalid.get());
            return Optional.empty();
        }
        boolean directedToUs = msg.serverId().isPresent();
        if (!backend.mayRespond(msg.type(), directedToUs)) {
            LOG.debug("not answering {} from {}: backend says not responsive", msg.type(), source);
            return Optional.empty();
        }
        Optional<ServerReply> reply;
        CompletionStage<Boolean> queued;
        try {
            reply = replies.answer(msg);
        } finally {
            // Taken even when the answer failed, so the next message on this thread starts clean.
            queued = backend.takeQueuedCommits();
        }
        if (reply.isPresent() && queued != null) {
            reply = Optional.of(reply.get().awaiting(queued));
        }
        LOG.debug("{} from {} -> {}", msg.type(), source, reply.map(r -> r.message().type()).orElse(null));
        return reply;
    }
}
