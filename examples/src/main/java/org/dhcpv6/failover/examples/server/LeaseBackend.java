package org.dhcpv6.failover.examples.server;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.dhcpv6.failover.api.ClientIdentity;
import org.dhcpv6.failover.api.Ipv6Address;
import org.dhcpv6.failover.api.Ipv6Prefix;
import org.dhcpv6.failover.api.Resource;
import org.dhcpv6.failover.examples.dhcp.MessageType;

/**
 * Every lease decision {@link DhcpServerCore} makes goes through here; the core itself only
 * speaks RFC 8415. {@link StandaloneLeaseBackend} serves a lone server; a failover-aware
 * implementation answers from the RFC 8156 endpoint state instead (docs/architecture.md §4).
 *
 * <p><b>Threads.</b> Called on the server's receive thread(s), possibly several at once, so
 * implementations must be thread-safe. {@link #grant}, {@link #release} and {@link #decline}
 * commit before they return (a server commits a lease before replying, RFC 8415 §18.3) and may
 * block briefly on storage, or queue the write and report it through {@link #takeQueuedCommits},
 * so that the reply waits for it instead of the thread; every other method must be fast and must
 * not wait for a partner.
 *
 * <p><b>Errors.</b> A method that throws an unchecked exception makes the core drop the message
 * without a reply; the client retransmits. Refusals are values ({@link LeaseGrant#refused}),
 * never exceptions.
 */
public interface LeaseBackend {

    /**
     * May this server answer this message at all? In RFC 8156 terms (§3, and the per-state
     * table of its server states): a responsive server answers every valid client message, a
     * renew-responsive one only messages whose SERVERID is its own ({@code directedToUs}), an
     * unresponsive one nothing. Asked once per message, after the RFC 8415 §16 checks and before
     * any other call; {@code false} means the core drops the message silently.
     *
     * @param type the client's message type
     * @param directedToUs whether the message carries our SERVERID (REQUEST, RENEW, RELEASE,
     *     DECLINE, and INFORMATION-REQUEST when the client names a server)
     */
    boolean mayRespond(MessageType type, boolean directedToUs);

    /**
     * The client's current unexpired binding for this IA, if any: used to answer RENEW and REBIND
     * and to give a re-soliciting client the lease it already has.
     */
    Optional<Lease> currentLease(ClientIdentity client);

    /**
     * The client's unexpired binding of {@code listed}, a resource it names in a RENEW or REBIND,
     * for when {@link #currentLease} does not know the IA: a failover server whose partner
     * granted the lease, or one that restarted, learns the IA's lease this way. The default
     * knows nothing more than {@link #currentLease}.
     */
    default Optional<Lease> listedLease(ClientIdentity client, Resource listed) {
        return Optional.empty();
    }

    /**
     * Picks a free address this server may lease to a new IA_NA, preferring {@code hint} (the
     * address the client asked for, RFC 8415 §18.2.1) when it is free; empty when none is left.
     * Choosing does not reserve: {@link #grant} does.
     *
     * @param hint the client's preferred address, or {@code null}
     */
    Optional<Ipv6Address> chooseAddress(ClientIdentity client, Ipv6Address hint);

    /**
     * Picks a free prefix this server may delegate to a new IA_PD, preferring {@code hint}
     * when it is free; empty when none is left. Only the hint's length may be meaningful: a
     * client may send {@code ::/56} to ask for a size (RFC 8415 §18.2.1).
     *
     * @param hint the client's preferred prefix, or {@code null}
     */
    Optional<Ipv6Prefix> choosePrefix(ClientIdentity client, Ipv6Prefix hint);

    /**
     * Grants {@code resource} to {@code client} for at most {@code desired}, or refuses (not this
     * server's to lease, held by another client, declined, past a failover lifetime cap...).
     * With {@code tentative} (a SOLICIT answered by ADVERTISE, RFC 8415 §18.3.9) nothing is
     * committed: the backend only says what it would grant and may hold the resource back
     * from other clients for a short while. Otherwise the binding is committed before return,
     * replacing any other resource the same IA held.
     *
     * @param type the message being answered (SOLICIT, REQUEST, RENEW or REBIND)
     * @param tentative offer only, commit nothing
     * @return the granted lifetimes, never longer than {@code desired}, or a refusal
     */
    LeaseGrant grant(MessageType type, boolean tentative, ClientIdentity client, Resource resource, Lifetimes desired);

    /**
     * The client gives {@code resource} back (RFC 8415 §18.3.7); committed before return.
     *
     * @return whether the client held that binding (if not, the core answers NoBinding for the IA)
     */
    boolean release(ClientIdentity client, Resource resource);

    /**
     * The client reports {@code resource} in use by another node (RFC 8415 §18.3.8): it must
     * not be leased again for a while. Committed before return.
     *
     * @return whether the client held that binding (if not, the core answers NoBinding for the IA)
     */
    boolean decline(ClientIdentity client, Resource resource);

    /**
     * Called once the reply carrying {@code changes} has been handed to the network, with every
     * binding committed while answering it (empty changes are not reported). A failover
     * implementation queues its BNDUPD to the partner here. Must not block and must not throw.
     */
    void afterReply(List<LeaseChange> changes);

    /**
     * The writes this thread's calls queued since the last take, as one stage: {@code true} once
     * all are durable, {@code false} when one failed (then the reply must not be sent; the client
     * retransmits). Never completes exceptionally. The core takes it after answering each message.
     * The default has nothing queued: the calls committed before returning.
     */
    default CompletionStage<Boolean> takeQueuedCommits() {
        return QueuedCommits.NONE;
    }
}
