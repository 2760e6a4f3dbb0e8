package org.dhcpv6.failover.examples.server;

import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.dhcpv6.failover.api.Binding;
import org.dhcpv6.failover.api.BindingStatus;
import org.dhcpv6.failover.api.ClientIdentity;
import org.dhcpv6.failover.api.Ipv6Address;
import org.dhcpv6.failover.api.Ipv6Prefix;
import org.dhcpv6.failover.api.LeaseCommit;
import org.dhcpv6.failover.api.LeaseDecision;
import org.dhcpv6.failover.api.LeaseDecision.Outcome;
import org.dhcpv6.failover.api.LeaseHooks;
import org.dhcpv6.failover.api.LeaseRequest;
import org.dhcpv6.failover.api.MessageKind;
import org.dhcpv6.failover.api.Resource;
import org.dhcpv6.failover.examples.dhcp.MessageType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lease backend of a server in a failover relationship: every decision comes from the
 * relationship's {@link LeaseHooks} (docs/architecture.md §4), so this class only translates between the
 * RFC 8415 core and the failover API.
 *
 * <p><b>Finding a client's lease.</b> The core asks for "this IA's lease";
 * {@link LeaseHooks#bindingsOf} answers it from the failover binding table, which also knows the
 * leases the partner granted and those from before a restart, so this backend keeps no index of
 * its own.
 *
 * <p><b>Decisions.</b> Every committed decision is kept until {@link #afterReply} hands it to
 * {@link LeaseHooks#afterReply}; a decision whose reply never went out is replaced by the next
 * decision for the same IA and resource, so the map stays bounded by the number of bindings.
 *
 * <p><b>Pipelined.</b> Built with {@code pipelined}, commits go through
 * {@link LeaseHooks#beforeReplyAsync}: the decision is used at once to build the reply, and the
 * write's stage is handed to the server through {@link #takeQueuedCommits}, which sends the
 * reply when the binding is durable. Otherwise {@link LeaseHooks#beforeReply} blocks the receive
 * thread until then.
 *
 * <p>Thread-safe: the hooks are, and the map of decisions and the queued commits are concurrent.
 */
public final class FailoverLeaseBackend implements LeaseBackend {

    private static final Logger LOG = LoggerFactory.getLogger(FailoverLeaseBackend.class);

    private record PendingKey(ClientIdentity client, Resource resource, LeaseChange.Type type) {
    }

    private final LeaseHooks hooks;
    private final Lifetimes hintProbeLifetimes;
    private final InstantSource clock;
    private final Map<PendingKey, LeaseDecision> pending = new ConcurrentHashMap<>();
    private final boolean pipelined;
    private final QueuedCommits queued = new QueuedCommits();

    /**
     * @param hooks the lease hooks of one failover relationship
     * @param hintProbeLifetimes the lifetimes asked when checking whether a client's hint may be
     *     offered (use the server policy's lifetimes, so the check sees what a grant would ask)
     * @param clock the wall clock, to tell an expired binding from a live one
     */
    public FailoverLeaseBackend(LeaseHooks hooks, Lifetimes hintProbeLifetimes, InstantSource clock) {
        this(hooks, hintProbeLifetimes, clock, false);
    }

    /**
     * As above; with {@code pipelined}, commits are queued ({@link LeaseHooks#beforeReplyAsync})
     * and the reply waits for them instead of the receive thread.
     */
    public FailoverLeaseBackend(LeaseHooks hooks, Lifetimes hintProbeLifetimes, InstantSource clock,
            boolean pipelined) {
        this.pipelined = pipelined;
        this.hooks = Objects.requireNonNull(hooks, "hooks");
        this.hintProbeLifetimes = Objects.requireNonNull(hintProbeLifetimes, "hintProbeLifetimes");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Asks failover how this server may answer clients in its current state (RFC 8156 §8). */
    @Override
    public boolean mayRespond(MessageType type, boolean directedToUs) {
        return hooks.clientService().allows(directedToUs);
    }

    /**
     * The IA's lease: of the bindings failover holds for this client (DUID, IAID, IA type), the
     * ACTIVE unexpired one, or the one that runs longest if there are several.
     */
    @Override
    public Optional<Lease> currentLease(ClientIdentity client) {
        Lease best = null;
        for (Binding b : hooks.bindingsOf(client)) {
            Lease lease = leaseOf(client, b).orElse(null);
            if (lease != null && (best == null || lease.validUntil().isAfter(best.validUntil()))) {
                best = lease;
            }
        }
        return Optional.ofNullable(best);
    }

    /**
     * The binding table's lease of {@code listed} when it is ACTIVE for this client and
     * unexpired (a RENEW or REBIND naming a resource this IA holds).
     */
    @Override
    public Optional<Lease> listedLease(ClientIdentity client, Resource listed) {
        if (!client.iaType().holds(listed.kind())) {
            return Optional.empty();
        }
        return hooks.binding(listed).flatMap(b -> leaseOf(client, b));
    }

    private Optional<Lease> leaseOf(ClientIdentity client, Binding b) {
        if (b.status() != BindingStatus.ACTIVE || !client.equals(b.client())) {
            return Optional.empty();
        }
        Instant until = b.stateExpirationTime() == null ? Instant.MAX : b.stateExpirationTime();
        if (!until.isAfter(clock.instant())) {
            return Optional.empty();
        }
        Lifetimes l = new Lifetimes(b.preferredLifetimeSeconds(), b.validLifetimeSeconds());
        return Optional.of(new Lease(client, b.resource(), l, until));
    }

    /** The hint if failover would offer it to this client, else failover's next free address. */
    @Override
    public Optional<Ipv6Address> chooseAddress(ClientIdentity client, Ipv6Address hint) {
        if (hint != null && wouldOffer(client, hint)) {
            return Optional.of(hint);
        }
        return hooks.nextFreeAddress();
    }

    /**
     * The hint if failover would offer it to this client, else failover's next free prefix. A
     * length-only hint such as {@code ::/56} lies in no pool, so it falls through to the next free
     * prefix, whose length the pool decides.
     */
    @Override
    public Optional<Ipv6Prefix> choosePrefix(ClientIdentity client, Ipv6Prefix hint) {
        if (hint != null && wouldOffer(client, hint)) {
            return Optional.of(hint);
        }
        return hooks.nextFreePrefix();
    }

    /**
     * Asks as for a SOLICIT, which commits nothing (RFC 8156 §4.3: an offer), so choosing never
     * takes a resource; {@link #grant} asks again for real.
     */
    private boolean wouldOffer(ClientIdentity client, Resource hint) {
        if (!client.iaType().holds(hint.kind())) {
            return false;
        }
        LeaseRequest probe = request(MessageKind.SOLICIT, client, hint, hintProbeLifetimes);
        return hooks.beforeReply(probe).outcome() == Outcome.GRANTED;
    }

    /**
     * Asks {@link LeaseHooks#beforeReply}, which commits a granted binding before it returns.
     * GRANTED becomes the decided lifetimes. Refusals become {@link LeaseGrant#refused}, which
     * the core answers with NoAddrsAvail or NoPrefixAvail, except when extending (RENEW, REBIND)
     * under NOT_COMMITTED or NOT_RESPONSIVE: a refusal there would send zero lifetimes and make
     * the client drop a lease it still holds, so the message is dropped instead (the client
     * retransmits) by throwing {@link LeaseNotDecidedException}.
     */
    @Override
    public LeaseGrant grant(MessageType type, boolean tentative, ClientIdentity client, Resource resource,
            Lifetimes desired) {
        MessageKind kind = MessageKinds.kindOf(type, tentative);
        LeaseDecision d = decide(request(kind, client, resource, desired));
        if (d.outcome() == Outcome.GRANTED) {
            if (kind.commits()) {
                pending.put(new PendingKey(client, resource, LeaseChange.Type.GRANTED), d);
            }
            return LeaseGrant.granted(new Lifetimes(d.preferredSeconds(), d.validSeconds()));
        }
        boolean extending = kind == MessageKind.RENEW || kind == MessageKind.REBIND;
        if (extending && (d.outcome() == Outcome.NOT_COMMITTED || d.outcome() == Outcome.NOT_RESPONSIVE)) {
            throw new LeaseNotDecidedException(kind + " of " + resource + " for " + client + ": " + d.outcome()
                    + " (" + d.reason() + ")");
        }
        LOG.debug("{} {} for {} refused: {} ({})", kind, resource, client, d.outcome(), d.reason());
        return LeaseGrant.refused(d.outcome() + ": " + d.reason());
    }

    /** Records the release through {@link LeaseHooks#beforeReply}; held means RECORDED. */
    @Override
    public boolean release(ClientIdentity client, Resource resource) {
        return giveBack(MessageKind.RELEASE, LeaseChange.Type.RELEASED, client, resource);
    }

    /** Records the decline through {@link LeaseHooks#beforeReply}; held means RECORDED. */
    @Override
    public boolean decline(ClientIdentity client, Resource resource) {
        return giveBack(MessageKind.DECLINE, LeaseChange.Type.DECLINED, client, resource);
    }

    private boolean giveBack(MessageKind kind, LeaseChange.Type type, ClientIdentity client, Resource resource) {
        if (!client.iaType().holds(resource.kind())) {
            return false;
        }
        LeaseDecision d = decide(request(kind, client, resource, Lifetimes.ZERO));
        if (d.outcome() != Outcome.RECORDED) {
            LOG.debug("{} of {} by {} not recorded: {} ({})", kind, resource, client, d.outcome(), d.reason());
            return false;
        }
        pending.put(new PendingKey(client, resource, type), d);
        return true;
    }

    /** The decision, committed now, or (pipelined) queued with its write for the reply to wait on. */
    private LeaseDecision decide(LeaseRequest request) {
        if (!pipelined) {
            return hooks.beforeReply(request);
        }
        LeaseCommit commit = hooks.beforeReplyAsync(request);
        if (commit.decision().allowed()) {
            queued.add(commit.durable().thenApply(LeaseDecision::allowed));
        }
        return commit.decision();
    }

    /** The writes the calling thread queued since the last take; see {@link LeaseBackend#takeQueuedCommits}. */
    @Override
    public java.util.concurrent.CompletionStage<Boolean> takeQueuedCommits() {
        return queued.take();
    }

    /** Hands the decision behind each change to {@link LeaseHooks#afterReply}; never throws. */
    @Override
    public void afterReply(List<LeaseChange> changes) {
        for (LeaseChange c : changes) {
            LeaseDecision d = pending.remove(new PendingKey(c.client(), c.resource(), c.type()));
            if (d == null) {
                LOG.warn("no failover decision kept for {} {} of {}; the partner hears of it at the next update",
                        c.type(), c.resource(), c.client());
                continue;
            }
            try {
                hooks.afterReply(d);
            } catch (RuntimeException e) {
                LOG.warn("failover afterReply failed for {} {}", c.type(), c.resource(), e);
            }
        }
    }

    private static LeaseRequest request(MessageKind kind, ClientIdentity client, Resource resource, Lifetimes l) {
        return LeaseRequest.of(kind, client, resource, l.preferredSeconds(), l.validSeconds(),
                MessageKinds.directedToUs(kind));
    }
}
