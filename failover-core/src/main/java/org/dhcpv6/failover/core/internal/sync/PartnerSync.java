package org.dhcpv6.failover.core.internal.sync;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dhcpv6.failover.api.Binding;
import org.dhcpv6.failover.api.FailoverListener;
import org.dhcpv6.failover.api.Resource;
import org.dhcpv6.failover.core.internal.binding.BindingTable;
import org.dhcpv6.failover.core.internal.fault.FaultInjector;
import org.dhcpv6.failover.core.internal.fault.InjectedCrash;
import org.dhcpv6.failover.core.internal.wire.BndReply;
import org.dhcpv6.failover.core.internal.wire.BndUpd;
import org.dhcpv6.failover.core.internal.wire.MalformedMessageException;
import org.dhcpv6.failover.core.internal.wire.MessageCodec;
import org.dhcpv6.failover.core.internal.wire.MessageType;
import org.dhcpv6.failover.core.internal.wire.MessageWriter;
import org.dhcpv6.failover.core.internal.wire.UpdDone;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lazy update queue of one endpoint (RFC 8156 §4.3, §7.5-7.7, digest §9), owned by the event
 * loop: bindings whose partner update is pending go out as BNDUPDs, at most one per binding; a
 * BNDREPLY acknowledges them; UPDREQ and UPDREQALL are answered with UPDDONE once every BNDUPD
 * they counted was answered.
 *
 * <p>It is the endpoint's only sender of BNDUPDs and holds the only send window: every BNDUPD in
 * flight, the lazy updates and the pool balancer's take-backs ({@link #sendOwnUpdate}) alike,
 * counts against the partner's max-unacked.
 *
 * <p>The queue holds resources, not binding copies: what is sent is the binding's newest state
 * when its turn comes, so a binding changed five times while waiting is sent once.
 */
public final class PartnerSync {

    private static final Logger LOG = LoggerFactory.getLogger(PartnerSync.class);

    /** What the sync needs from the current connection. */
    public interface Channel {
        /** A fresh transaction-id. */
        int nextXid();

        /** Sends a message on the connection. */
        void send(org.dhcpv6.failover.core.internal.wire.FailoverMessage message);

        /**
         * Sends a message already encoded (its body, without the size prefix) on the connection,
         * as {@link #send} would send the message it decodes to. The default decodes it and
         * calls {@link #send}.
         */
        default void sendEncoded(MessageType type, byte[] body) {
            try {
                send(MessageCodec.decode(body));
            } catch (MalformedMessageException e) {
                throw new IllegalArgumentException("a " + type.rfcName() + " that does not decode", e);
            }
        }

        /** Our wall clock as a wire time, for sent-time. */
        long wireNow();

        /** Translates partner times to ours and ours to the wire. */
        TimeTranslator times();

        /** The partner's OPTION_F_MAX_UNACKED_BNDUPD. */
        long partnerMaxUnacked();

        /** The partner answered a request we sent at {@code requestSentAt}: a round trip for the skew. */
        default void answered(Instant requestSentAt, long replyWireSentTime) {
        }
    }

    /** Takes the partner's answer to a BNDUPD sent with {@link #sendOwnUpdate}. */
    public interface ReplyHandler {
        /** The partner answered it. */
        void answered(BndReply reply, Instant now);
    }

    private final String name;
    private final BindingTable table;
    private final FailoverListener listener;
    private final FaultInjector faults;
    private final BindingReceiver receiver;
    private final OwnUpdateAcks acks;
    private final CopyResender copies;
    /** Writes BNDUPDs straight to octets: the event loop sends them one by one, so one serves. */
    private final MessageWriter writer = new MessageWriter();
    private final LinkedHashSet<Resource> queued = new LinkedHashSet<>();
    private final Map<Integer, InFlightUpdate> outstanding = new LinkedHashMap<>();
    private final Map<Resource, InFlightUpdate> outstandingResources = new HashMap<>();
    /** BNDUPDs sent with {@link #sendOwnUpdate} and not yet answered, by transaction-id. */
    private final Map<Integer, ReplyHandler> ownUpdates = new HashMap<>();
    private int answeringXid = -1;
    /** When the partner last answered a BNDUPD, or when the first unanswered one went out. */
    private Instant lastAckProgress;
    private final Set<Resource> answeringFor = new HashSet<>();
    /**
     * Resources taken off {@code queued} while an UPDREQ is being answered, since its last check:
     * only these can have left both {@code queued} and {@code outstandingResources} (an answered
     * BNDUPD leaves {@code answeringFor} at once), so only these need looking at. Re-checking all
     * of {@code answeringFor} after every pump was a tenth of the simulator's time.
     */
    private final List<Resource> leftQueue = new ArrayList<>();
    /** The UPDREQALL being answered, or null. */
    private FullAnswer full;
    /**
     * An UPDREQALL was asked on this run and its UPDDONE not yet sent: a later UPDREQ, after a
     * reconnect, is answered in full too (RFC 8156 §5.3.6 as the digest reads it).
     */
    private boolean fullOwed;

    /** A sync over {@code table}; {@code receiver} applies the partner's updates. */
    public PartnerSync(String name, BindingTable table, FailoverListener listener, FaultInjector faults,
            BindingReceiver receiver) {
        this.name = name;
        this.table = table;
        this.listener = listener;
        this.faults = faults;
        this.receiver = receiver;
        this.acks = receiver.acks();
        this.copies = new CopyResender(name, table, receiver);
    }

    /** Queues a resource whose binding changed. */
    public void changed(Resource resource) {
        queued.add(resource);
        receiver.changedLocally(resource);
    }

    /** Queues every binding whose partner update is pending (on connect and periodically, §7.5.4). */
    public void queueAllPending() {
        if (full != null) {
            // The answer in progress sends every binding as it stands: scanning the whole table
            // for the flagged ones would only queue what it sends anyway.
            return;
        }
        table.forEach(b -> {
            if (b.partnerUpdatePending()) {
                queued.add(b.resource());
            }
        });
    }

    /** How many resources wait to be sent to the partner. */
    public int queuedCount() {
        return queued.size();
    }

    /** BNDUPDs sent and not yet answered, of every kind: never more than the partner's max-unacked. */
    public int outstandingCount() {
        return outstanding.size() + ownUpdates.size();
    }

    /** How many more BNDUPDs the partner's window takes now. */
    public long windowRoom(Channel ch) {
        return Math.max(0, ch.partnerMaxUnacked() - outstandingCount());
    }

    /**
     * Sends {@code binding} as a BNDUPD outside the lazy queue (a pool take-back, whose record here
     * changes only on the answer) if the window has room. Returns its transaction-id, or -1 when
     * the window is full; {@code onReply} takes the answer. Unanswered when the connection is lost,
     * it is forgotten here: the sender keeps its own account.
     */
    public int sendOwnUpdate(Channel ch, Binding binding, Instant now, ReplyHandler onReply) {
        if (windowRoom(ch) == 0) {
            return -1;
        }
        int xid = ch.nextXid();
        ch.sendEncoded(MessageType.BNDUPD, BindingMessages.updateBody(writer, xid, ch.wireNow(), binding, null, now,
                ch.times()));
        ownUpdates.put(xid, onReply);
        return xid;
    }

    /**
     * How long BNDUPDs have waited for any answer, or zero when none is outstanding. A partner
     * whose connection lives but that stops acknowledging is as good as gone (RFC 8156 §8.5.1).
     */
    public java.time.Duration waitingForAcks(Instant now) {
        if (outstanding.isEmpty() || lastAckProgress == null) {
            return java.time.Duration.ZERO;
        }
        return java.time.Duration.between(lastAckProgress, now);
    }

    /** The connection is up: start over with what is pending. */
    public void onEstablished() {
        reset();
        queueAllPending();
    }

    /**
     * The connection is gone: unanswered BNDUPDs stay flagged in the table and go out again later.
     * One that the partner's own crossed BNDUPD replaced here unflagged ({@link OwnUpdateAcks#unanswered})
     * is flagged again, so the two servers compare once more.
     */
    public void onConnectionLost(Instant now) {
        for (InFlightUpdate sent : outstanding.values()) {
            acks.unanswered(sent.binding, now);
        }
        reset();
    }

    private void reset() {
        lastAckProgress = null;
        outstanding.clear();
        outstandingResources.clear();
        full = null;
        ownUpdates.clear();
        answeringXid = -1;
        answeringFor.clear();
        leftQueue.clear();
    }

    /** Sends BNDUPDs while the partner's window allows, then UPDDONE if an UPDREQ is fully answered. */
    public void pump(Channel ch, Instant now) {
        List<Resource> mistranslated = copies.flagMistranslated(ch.times());
        if (!mistranslated.isEmpty()) {
            queued.addAll(mistranslated);
        }
        if (full != null) {
            pumpFullAnswer(ch, now);
        }
        // Pumped once per BNDREPLY: nothing is allocated unless something is deferred.
        List<Resource> deferred = null;
        Iterator<Resource> it = queued.iterator();
        while (it.hasNext() && outstandingCount() < ch.partnerMaxUnacked()) {
            Resource r = it.next();
            it.remove();
            if (answeringXid >= 0) {
                leftQueue.add(r);
            }
            if (outstandingResources.containsKey(r) || table.awaitingDurability(r)) {
                // One BNDUPD per binding in flight; the newest state goes after the answer. A
                // host's queued write goes once the store made it durable.
                if (deferred == null) {
                    deferred = new ArrayList<>();
                }
                deferred.add(r);
                continue;
            }
            Binding b = table.get(r);
            if (b == null || !b.partnerUpdatePending()) {
                answeringFor.remove(r);
                continue;
            }
            send(ch, r, b, now, false);
        }
        if (deferred != null) {
            queued.addAll(deferred);
        }
        finishUpdateRequestIfDone(ch);
    }

    private void send(Channel ch, Resource r, Binding b, Instant now, boolean forFull) {
        int xid = ch.nextXid();
        if (outstanding.isEmpty()) {
            lastAckProgress = now;
        }
        ch.sendEncoded(MessageType.BNDUPD, BindingMessages.updateBody(writer, xid, ch.wireNow(), b,
                UpdateEncoder.partnerLifetimeToSend(b), now, ch.times()));
        InFlightUpdate sent = new InFlightUpdate(r, b, now, forFull);
        outstanding.put(xid, sent);
        outstandingResources.put(r, sent);
        if ((answeringXid >= 0 || forFull) && faults.shouldFail(FaultInjector.Point.MIDDLE_OF_UPDREQ)) {
            throw new InjectedCrash(FaultInjector.Point.MIDDLE_OF_UPDREQ);
        }
    }

    /**
     * Sends the UPDREQALL's answer on while the window allows: each resource once, as it stands
     * now. One already in flight counts with that BNDUPD; one whose host write is not durable yet
     * waits for it.
     */
    private void pumpFullAnswer(Channel ch, Instant now) {
        FullAnswer answer = full;
        int[] heldLeft = {answer.heldCount()};
        while (full == answer && outstandingCount() < ch.partnerMaxUnacked()) {
            Resource r = answer.next(heldLeft);
            if (r == null) {
                return;
            }
            InFlightUpdate inFlight = outstandingResources.get(r);
            if (inFlight != null) {
                if (!inFlight.forFull) {
                    inFlight.forFull = true;
                    answer.counted();
                }
                continue;
            }
            if (table.awaitingDurability(r)) {
                answer.hold(r);
                continue;
            }
            Binding b = table.get(r);
            if (b != null && FullAnswer.worthSending(b)) {
                answer.counted();
                send(ch, r, b, now, true);
            }
        }
    }

    /**
     * The partner asked for updates (UPDREQ) or for everything (UPDREQALL, after losing its
     * storage). Counts what is pending now; UPDDONE follows when each of those was answered.
     */
    public void onUpdateRequest(Channel ch, int xid, boolean everything) {
        if (everything || fullOwed) {
            answerInFull(ch, xid);
            return;
        }
        answeringXid = xid;
        answeringFor.clear();
        table.forEach(b -> {
            if (b.partnerUpdatePending()) {
                answeringFor.add(b.resource());
                queued.add(b.resource());
            }
        });
        LOG.info("{}: partner asked for UPDREQ: {} bindings to send", name, answeringFor.size());
        leftQueue.clear();
        answeringFor.removeIf(this::answered);
        finishUpdateRequestIfDone(ch);
    }

    /**
     * UPDREQALL: the partner lost its database, so every binding that ever had a client is news to
     * it. The answer walks the table as it is now, without flagging (and storing) each binding
     * first (docs/decisions/0019); what is in flight counts with its own BNDUPD.
     */
    private void answerInFull(Channel ch, int xid) {
        fullOwed = true;
        answeringXid = -1;
        answeringFor.clear();
        leftQueue.clear();
        full = FullAnswer.of(xid, table);
        // The walk covers every resource queued now; what changes later is queued again.
        queued.clear();
        for (InFlightUpdate sent : outstanding.values()) {
            sent.forFull = true;
            full.counted();
        }
        LOG.info("{}: partner asked for UPDREQALL: {} bindings to look at", name, full.size());
        finishUpdateRequestIfDone(ch);
    }

    private void finishUpdateRequestIfDone(Channel ch) {
        if (full != null && full.done()) {
            ch.send(UpdDone.of(full.xid(), ch.wireNow()));
            LOG.info("{}: UPDDONE sent for UPDREQALL", name);
            full = null;
            fullOwed = false;
        }
        if (answeringXid < 0) {
            return;
        }
        for (Resource r : leftQueue) {
            if (answered(r)) {
                answeringFor.remove(r);
            }
        }
        leftQueue.clear();
        if (answeringFor.isEmpty()) {
            ch.send(UpdDone.of(answeringXid, ch.wireNow()));
            LOG.info("{}: UPDDONE sent", name);
            answeringXid = -1;
        }
    }

    /** Whether nothing about {@code r} waits to be sent or acknowledged. */
    private boolean answered(Resource r) {
        return !outstandingResources.containsKey(r) && !queued.contains(r);
    }

    /** The partner answered a BNDUPD. */
    public void onReply(Channel ch, BndReply reply, Instant now) {
        ReplyHandler own = ownUpdates.remove(reply.transactionId());
        if (own != null) {
            own.answered(reply, now);
            pump(ch, now);
            return;
        }
        InFlightUpdate sent = outstanding.remove(reply.transactionId());
        if (sent == null) {
            LOG.debug("{}: BNDREPLY for unknown xid {}", name, reply.transactionId());
            return;
        }
        outstandingResources.remove(sent.resource);
        if (sent.forFull && full != null) {
            full.answered();
        }
        ch.answered(sent.sentAt, reply.sentTime());
        lastAckProgress = now;
        for (BindingMessages.Ack ack : BindingMessages.acks(reply, now)) {
            acks.apply(sent.binding, ack, now).ifPresent(queued::add);
            if (!ack.accepted()) {
                listener.bindingConflict(name, ack.resource(), ack.statusCode(), ack.statusText());
            }
        }
        answeringFor.remove(sent.resource);
        pump(ch, now);
    }

    /** A BNDUPD from the partner: apply what the table accepts, then answer (after the store). */
    public void onUpdate(Channel ch, BndUpd update, Instant now) {
        BindingReceiver.Outcome outcome = receiver.apply(update, ch.times(), now);
        if (faults.shouldFail(FaultInjector.Point.BETWEEN_PERSIST_AND_BNDREPLY)) {
            throw new InjectedCrash(FaultInjector.Point.BETWEEN_PERSIST_AND_BNDREPLY);
        }
        ch.send(BindingMessages.reply(update, ch.wireNow(), outcome.rejections(), outcome.topLevel()));
        queued.addAll(outcome.sendNow());
        pump(ch, now);
    }
}
