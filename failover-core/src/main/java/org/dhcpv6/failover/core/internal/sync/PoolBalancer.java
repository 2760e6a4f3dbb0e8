package org.dhcpv6.failover.core.internal.sync;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dhcpv6.failover.api.Binding;
import org.dhcpv6.failover.api.BindingStatus;
import org.dhcpv6.failover.api.Ipv6Prefix;
import org.dhcpv6.failover.api.LeaseStoreException;
import org.dhcpv6.failover.api.PrefixPool;
import org.dhcpv6.failover.api.RelationshipConfig;
import org.dhcpv6.failover.core.internal.alloc.PrefixIndex;
import org.dhcpv6.failover.core.internal.alloc.ProportionalPool;
import org.dhcpv6.failover.core.internal.binding.BindingTable;
import org.dhcpv6.failover.core.internal.wire.BndReply;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The primary's side of proportional allocation (RFC 8156 §4.2.2, digest §8.2): it keeps the
 * secondary's share of the free delegable prefixes as FREE-BACKUP. Giving is safe at once (the
 * primary stops using a prefix before the secondary may start), so a given prefix is committed
 * FREE-BACKUP locally and queued as a BNDUPD. Taking back is not: the secondary may already have
 * delegated the prefix, so the primary sends FREE and marks it FREE only when the secondary
 * accepts. A take-back whose answer never came (the connection went first) is in doubt: the
 * secondary may have accepted it, and then each side takes the prefix for the other's. It is
 * asked again on the next connection, before any new take-back, whatever the counts say then:
 * the secondary accepts it again if it holds the prefix FREE, or refuses if it delegated it.
 * Take-backs go out through {@link PartnerSync#sendOwnUpdate}, within the one window of BNDUPDs
 * in flight that the lazy updates use too, and at most half of it.
 */
public final class PoolBalancer {

    private static final Logger LOG = LoggerFactory.getLogger(PoolBalancer.class);

    /** At most this many prefixes change hands per balance round (one store write each round). */
    public static final int MAX_MOVES_PER_ROUND = 1024;

    private final RelationshipConfig config;
    private final BindingTable table;
    private final PartnerSync sync;
    private final double threshold;
    /** How often the primary recounts on its own; a count is one table lookup per prefix. */
    static final java.time.Duration CHECK_INTERVAL = java.time.Duration.ofSeconds(5);

    private final Map<Integer, Ipv6Prefix> takeBacks = new HashMap<>();
    private Instant lastRound;
    /** Take-backs sent on a connection that closed before their BNDREPLY: asked again first. */
    private final Set<Ipv6Prefix> inDoubt = new LinkedHashSet<>();
    private final Map<PrefixPool, int[]> countsAtLastBalance = new HashMap<>();
    /** Each pool's prefixes, made once: the recount looks at every one every {@link #CHECK_INTERVAL}. */
    private final Map<PrefixPool, PrefixIndex> indexes = new HashMap<>();

    /** A balancer for the prefix pools of one primary endpoint. */
    public PoolBalancer(RelationshipConfig config, BindingTable table, PartnerSync sync, double threshold) {
        this.config = config;
        this.table = table;
        this.sync = sync;
        this.threshold = threshold;
    }

    /**
     * Balances every pool whose imbalance passes the threshold (forced, on POOLREQ) or whose free
     * counts moved by more than the threshold since the last balance (the periodic check, which
     * runs at most every {@link #CHECK_INTERVAL}; calling more often is cheap).
     */
    public void balance(PartnerSync.Channel ch, Instant now, boolean forced) {
        if (!inDoubt.isEmpty() && takeBacks.isEmpty()) {
            askAgain(ch, now);
        }
        if (!forced && lastRound != null && now.isBefore(lastRound.plus(CHECK_INTERVAL))) {
            return;
        }
        lastRound = now;
        for (PrefixPool pool : config.prefixPools()) {
            int[] counts = counts(pool);
            int[] last = countsAtLastBalance.get(pool);
            boolean moved = last == null || ProportionalPool.shouldRebalanceOnChange(last[0], last[1], counts[0],
                    counts[1], threshold);
            if (!forced && !moved) {
                continue;
            }
            countsAtLastBalance.put(pool, counts);
            int toMove = ProportionalPool.prefixesToMove(counts[0], counts[1], pool.secondaryShare(), threshold);
            if (Math.abs(toMove) > MAX_MOVES_PER_ROUND) {
                // Only part moves this round: forget the counts so the next check continues.
                countsAtLastBalance.remove(pool);
            }
            if (toMove > 0) {
                give(pool, toMove, now);
            } else if (toMove < 0 && takeBacks.isEmpty()) {
                takeBack(ch, pool, -toMove, now);
            }
        }
    }

    /** FREE and FREE-BACKUP counts; a prefix never bound is the primary's FREE. */
    int[] counts(PrefixPool pool) {
        int free = 0;
        int backup = 0;
        PrefixIndex prefixes = indexes.computeIfAbsent(pool, PrefixIndex::new);
        for (int i = 0; i < prefixes.size(); i++) {
            BindingStatus s = statusOf(prefixes.at(i));
            if (s == BindingStatus.FREE) {
                free++;
            } else if (s == BindingStatus.FREE_BACKUP) {
                backup++;
            }
        }
        return new int[] {free, backup};
    }

    private BindingStatus statusOf(Ipv6Prefix p) {
        Binding b = table.get(p);
        return b == null ? BindingStatus.FREE : b.status();
    }

    /**
     * The status of a prefix whose last change the secondary has acknowledged; a prefix still
     * flagged for the partner reads as FREE, so it is never taken back: a take-back sent beside its
     * queued give can be overwritten by that older give (docs/decisions/0014).
     */
    private BindingStatus settledStatusOf(Ipv6Prefix p) {
        Binding b = table.get(p);
        return b != null && b.partnerUpdatePending() ? BindingStatus.FREE : statusOf(p);
    }

    private void give(PrefixPool pool, int count, Instant now) {
        // Bounded per round so a huge pool never stalls the event loop; the next check goes on.
        List<Ipv6Prefix> chosen = ProportionalPool.pickToMove(pool, Math.min(count, MAX_MOVES_PER_ROUND),
                BindingStatus.FREE, this::statusOf);
        try {
            List<Binding> given = table.commitAll(chosen, (r, current) -> {
                BindingStatus s = current == null ? BindingStatus.FREE : current.status();
                return s == BindingStatus.FREE
                        ? Binding.free(r, BindingStatus.FREE_BACKUP, now).withPartnerUpdatePending(true) : null;
            });
            given.forEach(b -> sync.changed(b.resource()));
            LOG.info("{}: giving {} prefixes of {} to the secondary", config.name(), given.size(), pool);
        } catch (LeaseStoreException e) {
            LOG.error("{}: could not give prefixes of {} to the secondary: {}", config.name(), pool, e.getMessage());
        }
    }

    private void takeBack(PartnerSync.Channel ch, PrefixPool pool, int count, Instant now) {
        int wanted = (int) Math.min(count, window(ch));
        List<Ipv6Prefix> chosen = ProportionalPool.pickToMove(pool, wanted, BindingStatus.FREE_BACKUP,
                this::settledStatusOf);
        if (chosen.size() < Math.min(count, Math.max(1, ch.partnerMaxUnacked() / 2))) {
            // Some gives are still unacknowledged, or the window is full: recount at the next check.
            countsAtLastBalance.remove(pool);
        }
        chosen.forEach(p -> sendTakeBack(ch, p, now));
        LOG.info("{}: asking {} prefixes of {} back from the secondary", config.name(), chosen.size(), pool);
    }

    /**
     * How many take-backs may go out now: half the partner's window at most, so lazy updates keep
     * the other half, and no more than the room {@link PartnerSync} has left in it.
     */
    private long window(PartnerSync.Channel ch) {
        return Math.min(Math.max(1, ch.partnerMaxUnacked() / 2), sync.windowRoom(ch));
    }

    private void sendTakeBack(PartnerSync.Channel ch, Ipv6Prefix p, Instant now) {
        int xid = sync.sendOwnUpdate(ch, Binding.free(p, BindingStatus.FREE, now), now, this::answered);
        if (xid >= 0) {
            takeBacks.put(xid, p);
        }
    }

    /** Resends the take-backs in doubt that are still FREE-BACKUP here, as many as the window takes. */
    private void askAgain(PartnerSync.Channel ch, Instant now) {
        long window = window(ch);
        List<Ipv6Prefix> again = new ArrayList<>();
        for (var it = inDoubt.iterator(); it.hasNext() && again.size() < window;) {
            Ipv6Prefix p = it.next();
            it.remove();
            if (settledStatusOf(p) == BindingStatus.FREE_BACKUP) {
                again.add(p);
            }
        }
        again.forEach(p -> sendTakeBack(ch, p, now));
        if (again.isEmpty()) {
            return;
        }
        LOG.info("{}: asking again for {} prefixes whose take-back went unanswered", config.name(), again.size());
    }

    /**
     * The secondary answered one of our take-backs. An accepted one frees the prefix here only if
     * it is still the settled FREE-BACKUP the take-back asked for: a give of it flagged for the
     * partner is a newer move, already on its way after the take-back (docs/decisions/0014).
     */
    private void answered(BndReply reply, Instant now) {
        Ipv6Prefix p = takeBacks.remove(reply.transactionId());
        if (p == null) {
            return;
        }
        boolean accepted = BindingMessages.acks(reply, now).stream().allMatch(BindingMessages.Ack::accepted);
        if (!accepted) {
            // The secondary delegated it meanwhile; it stays the secondary's until freed. Recount
            // at the next check rather than waiting for the counts to move again.
            countsAtLastBalance.clear();
            return;
        }
        try (BindingTable.Locked lock = table.lock(p)) {
            if (settledStatusOf(p) == BindingStatus.FREE_BACKUP) {
                table.commit(Binding.free(p, BindingStatus.FREE, now));
            }
        } catch (LeaseStoreException e) {
            LOG.error("{}: could not take {} back: {}", config.name(), p, e.getMessage());
        }
    }

    /**
     * The connection is gone: unanswered take-backs stay FREE-BACKUP here and are in doubt (the
     * secondary may have accepted them), to be asked again on the next connection.
     */
    public void onConnectionLost() {
        lastRound = null;
        inDoubt.addAll(takeBacks.values());
        takeBacks.clear();
        countsAtLastBalance.clear();
    }
}
