package org.dhcpv6.failover.api;

import java.util.List;
import java.util.Optional;

/**
 * The calls a host DHCPv6 server makes around each REPLY (the host contract). The host keeps
 * doing DHCPv6; failover only decides whether it may answer, what it may lease and for how long,
 * and then tells the partner lazily (RFC 8156 §4.3, RFC 7031 requirement 6).
 *
 * <p><b>Threads.</b> Every method is thread-safe and is meant to be called from the host's
 * request threads. None waits for the endpoint's event loop or the partner. {@link #beforeReply}
 * may block only for the durable write of the binding to the {@link LeaseStore};
 * {@link #beforeReplyAsync} never waits for it.
 *
 * <p><b>Synchronous or asynchronous.</b> Both forms decide alike and keep the same rule: no REPLY
 * leaves before its lease is durable. {@link #beforeReply} returns once the write is durable, so
 * a host with a thread per request in flight just replies after it returns; that fits a simple
 * host, or a store whose writes are fast (in memory, or a database that commits quickly). Each
 * blocked thread waits for its own flush, so one flush covers at most as many leases as the host
 * has threads. {@link #beforeReplyAsync} returns as soon as the write is queued and hands back a
 * {@link LeaseCommit} whose {@link LeaseCommit#durable()} stage completes when the write is
 * durable; the host sends its REPLY from there. A few threads then keep any number of requests in
 * flight, and a store that groups writes ({@code JournalLeaseStore}) makes all of them durable
 * with one flush. It fits a host built around events or futures, under load.
 *
 * <p><b>After the server is closed.</b> The hooks of a closed failover server serve nobody and
 * never throw for it: {@link #clientService()} is {@link ClientService#UNRESPONSIVE},
 * {@link #beforeReply} and {@link #beforeReplyAsync} refuse with
 * {@link LeaseDecision.Outcome#NOT_RESPONSIVE} and write nothing, {@link #afterReply} does nothing, {@link #nextFreeAddress()}, {@link #nextFreePrefix()}
 * and {@link #binding} are empty. A call that was already writing when close began finishes
 * before close returns; none writes after. Refusals rather than exceptions, so that request
 * threads racing with a shutdown answer "no" like any other refusal.
 */
public interface LeaseHooks {

    /**
     * How this server may answer clients right now (RFC 8156 §8: responsive, renew-responsive
     * or unresponsive). Reads an immutable snapshot; costs a volatile read.
     */
    ClientService clientService();

    /**
     * Before the REPLY: may this server lease, extend, release or decline this resource for this
     * client, and with which lifetimes? For committing kinds ({@link MessageKind#commits()}) a
     * granted binding is in the binding table and the store before this returns; RELEASE and
     * DECLINE are recorded the same way (RELEASED, ABANDONED).
     *
     * <p>Lifetimes follow the MCLT rule of RFC 8156 §4.4 outside PARTNER-DOWN; grants under
     * 30 seconds are refused ({@link LeaseDecision.Outcome#TOO_SHORT}).
     */
    LeaseDecision beforeReply(LeaseRequest request);

    /**
     * {@link #beforeReply} without waiting for the store: decides the same way, queues the write,
     * and returns. The binding table shows the new binding at once (later requests for the same
     * resource decide on it), and {@link LeaseCommit#durable()} completes once the store has made
     * it durable, on a thread of the store (keep the work done there short, or hand it on).
     * Refusals, offers and other decisions that write nothing come back already complete.
     *
     * <p>Send the REPLY, then call {@link #afterReply}, only when the stage completed with an
     * allowed decision. If the write fails, the stage completes with
     * {@link LeaseDecision.Outcome#NOT_COMMITTED} and the binding is taken back out of the table:
     * do not answer. A write not confirmed within 30 seconds is answered NOT_COMMITTED too, but its
     * binding stays in the table until the store answers, since a late flush may still make it
     * durable. The partner hears of the binding (BNDUPD) only once it is durable. After close,
     * calls refuse as {@link #beforeReply} does, and close waits for the writes in flight (up to
     * its limit).
     *
     * <p>The default calls {@link #beforeReply}, which blocks; the failover server's hooks
     * override it.
     */
    default LeaseCommit beforeReplyAsync(LeaseRequest request) {
        return LeaseCommit.done(beforeReply(request));
    }

    /**
     * After the REPLY was sent: queue the lazy update (BNDUPD) for the partner. Never blocks and
     * does no I/O. Decisions that were not allowed are ignored.
     */
    void afterReply(LeaseDecision decision);

    /**
     * The next address this server may lease right now to a new client, from the pools of this
     * relationship (its own half only, RFC 8156 §4.2.1).
     *
     * <p>The answer is a candidate, not a reservation: two request threads may be given the same
     * address, and only the first {@link #beforeReply} for it is granted. The other one gets
     * {@link LeaseDecision.Outcome#IN_USE} and should ask for a candidate again (a bounded number
     * of times). An empty answer means this server may lease no new address now: every address
     * of its half is taken or not yet reusable, or new leases are held back in this state; the
     * host answers the client NoAddrsAvail (RFC 8415 §21.13) and the partner, or a later try,
     * serves it.
     */
    Optional<Ipv6Address> nextFreeAddress();

    /**
     * The next delegable prefix this server may delegate right now (its own free prefixes, and
     * in PARTNER-DOWN the partner's after MCLT, RFC 8156 §4.2.2). A candidate as for
     * {@link #nextFreeAddress()}: on {@link LeaseDecision.Outcome#IN_USE} ask again; an empty
     * answer means no new prefix now (the host answers NoPrefixAvail, RFC 8415 §21.13), also
     * while new prefixes are withheld after a restart out of touch with the partner.
     */
    Optional<Ipv6Prefix> nextFreePrefix();

    /** The current binding of a resource as this server knows it, from the binding table. */
    Optional<Binding> binding(Resource resource);

    /**
     * The bindings that name this client (its DUID, IAID and IA type), whatever their status, as
     * this server knows them: a RENEW, REBIND or a new SOLICIT of a known client looks up what it
     * held here, so the host keeps no index of its own. Never waits for the event loop; the answer
     * is a snapshot, and a binding may change right after it is read ({@link #beforeReply} decides
     * on the current one). Empty when the client holds nothing here or the server is closed.
     */
    List<Binding> bindingsOf(ClientIdentity client);
}
