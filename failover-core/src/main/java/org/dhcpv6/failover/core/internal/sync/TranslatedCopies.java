package org.dhcpv6.failover.core.internal.sync;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dhcpv6.failover.api.Binding;
import org.dhcpv6.failover.api.BindingStatus;
import org.dhcpv6.failover.api.Resource;

/**
 * The partner's ACTIVE leases as we stored them, each with the skew estimate that translated its
 * times, so that copies translated with an estimate since proved wrong go back to the partner once.
 *
 * <h2>Why</h2>
 * Partner times are translated once, on receipt, and stored; a server restarted during a delay
 * spike has only delayed samples, so the partner's BNDUPDs of that time are stored late by the
 * delay for the whole lease (docs/decisions/0010, with the seeds).
 *
 * <h2>What is done</h2>
 * Three signs show that a stored copy may be off, and each sends it back to the partner as our
 * own BNDUPD, once:
 * <ul>
 * <li>when it is stored, round trips already show the estimate uncertain by more than a couple
 * of seconds ({@link TimeTranslator#inDoubt}); the copy is flagged with the write that stores it,
 * so a crash before the link recovers loses nothing;
 * <li>when no round trip bounded the estimate yet as the copy was stored (a restarted secondary
 * sends no CONNECT; unknown doubt is not doubt), and the first round trip to bound it shows it in
 * doubt: a second restart before the estimate moves would lose this in-memory record. Judged once
 * per copy, at the first bound: a bound without doubt confirms the estimate;
 * <li>later, when the estimate has moved more than {@link #TOLERANCE} from the one the copy was
 * translated with, and the copy is still the lease we stored ({@link #sameLease}: a change of
 * the acknowledgement bookkeeping alone does not count as a local change).
 * </ul>
 * The partner then settles the lease with the
 * rules it already has: its same-client ACTIVE rule (RFC 8156 §7.5.4 accept(3)) takes our copy
 * when it ends later, and when ours ends earlier (an estimate that fell: the partner's clock
 * stepped back) {@code UpdateRule.keepOurLongerLease} keeps the partner's and sends it
 * back, which we take. Either way both end with the later of the two expiries, so no lease
 * anywhere is shortened by the correction.
 *
 * <h2>Why not re-translate, or ask for everything</h2>
 * A rise of the estimate cannot be told from a forward step of the partner's clock (or a
 * backward one of ours): both raise every sample at once. After a step, the stored copies were
 * right; re-translating them with the new estimate would move them earlier than the client's
 * lease, the unsafe direction. For the same reason this needs no persisted estimate (which a
 * clock step during the downtime would make wrong too). Asking the partner for everything
 * (UPDREQALL) costs the whole table where only the copies received under the low estimate are
 * in doubt, shares its one outstanding-request slot and its UPDDONE with the state machine
 * (RECOVER-DONE and POTENTIAL-CONFLICT move on UPDDONE), and the partner's resent copies, ending
 * earlier than ours, would still be kept off by {@code keepOurLongerLease} and bounced back.
 *
 * <h2>Price</h2>
 * Every partner lease received while the link is slow and our estimate has no fast sample (after
 * a restart during a delay spike), and, after a step of either clock by more than
 * {@link #TOLERANCE}, every partner lease received since the restart and not changed since, goes
 * back to the partner once (after a lost store: up to every ACTIVE lease of the UPDREQALL
 * answer); so does every partner lease stored before the first round trip of a restart, when that
 * round trip finds the link slow. The partner keeps the later expiry, up to the delay beyond the
 * client's lease. The third sign runs once per move of the estimate: a copy sent leaves this
 * record, and one stored afterwards is recorded with the new estimate. The record is held in
 * memory only, as the estimate is: a restart starts both afresh. At most one entry per resource.
 *
 * <p>Not thread-safe: owned by the endpoint's event loop.
 */
final class TranslatedCopies {

    /**
     * How far the estimate may move before a copy counts as mistranslated: above the estimate's
     * own jitter (±0.5 s of truncation, a second step when a drifting clock's truncated samples
     * cross), well inside the ±5 s window in which RFC 8156 §7.5.1 calls times the same.
     */
    static final Duration TOLERANCE = Duration.ofSeconds(2);

    private record Copy(Binding stored, long skewNanos) {
    }

    private final Map<Resource, Copy> copies = new LinkedHashMap<>();
    /** The recorded copies stored before any round trip bounded the estimate: judged at the first bound. */
    private final Set<Resource> unbounded = new LinkedHashSet<>();
    /** Bounds of the recorded estimates, possibly wider than the entries left; kept to skip scans. */
    private long lowestNanos = Long.MAX_VALUE;
    private long highestNanos = Long.MIN_VALUE;

    /**
     * Whether a copy of the partner's lease about to be stored goes back to the partner at once:
     * an ACTIVE lease translated while round trips show the estimate in doubt.
     */
    static boolean echoes(Binding copy, boolean skewInDoubt) {
        return copy.status() == BindingStatus.ACTIVE && copy.client() != null && !copy.partnerUpdatePending()
                && skewInDoubt;
    }

    /**
     * Notes what we stored for {@code stored.resource()} from the partner, translated with
     * {@code skew}; {@code bounded} says whether a round trip bounded that estimate then
     * ({@link TimeTranslator#doubtKnown}).
     */
    void stored(Binding stored, Duration skew, boolean bounded) {
        if (stored.status() != BindingStatus.ACTIVE || stored.client() == null || stored.partnerUpdatePending()) {
            forget(stored.resource());
            return;
        }
        long nanos = skew.toNanos();
        copies.put(stored.resource(), new Copy(stored, nanos));
        if (bounded) {
            unbounded.remove(stored.resource());
        } else {
            unbounded.add(stored.resource());
        }
        lowestNanos = Math.min(lowestNanos, nanos);
        highestNanos = Math.max(highestNanos, nanos);
    }

    /** The binding of {@code resource} is no longer a plain copy of the partner's (ours went back). */
    void forget(Resource resource) {
        copies.remove(resource);
        unbounded.remove(resource);
    }

    /** Whether no copy is recorded (then none is unbounded either). */
    boolean isEmpty() {
        return copies.isEmpty();
    }

    /**
     * A round trip now bounds the estimate. The copies stored before any did go back when that
     * bound shows the estimate {@code inDoubt}: they leave the record, as stored, oldest first.
     * Otherwise the estimate they were translated with stands confirmed and they stay recorded as
     * bounded. The caller sends those still unchanged.
     */
    List<Binding> takeUnbounded(boolean inDoubt) {
        if (unbounded.isEmpty()) {
            return List.of();
        }
        List<Binding> off = new ArrayList<>();
        if (inDoubt) {
            for (Resource r : unbounded) {
                off.add(copies.remove(r).stored());
            }
        }
        unbounded.clear();
        return off;
    }

    /**
     * The copies translated with an estimate more than {@link #TOLERANCE} away from {@code current},
     * as stored, oldest first; they leave the record. The caller sends those still unchanged.
     */
    List<Binding> takeMistranslated(Duration current) {
        long now = current.toNanos();
        long tolerance = TOLERANCE.toNanos();
        if (copies.isEmpty() || (now - lowestNanos <= tolerance && highestNanos - now <= tolerance)) {
            return List.of();
        }
        List<Binding> off = new ArrayList<>();
        lowestNanos = Long.MAX_VALUE;
        highestNanos = Long.MIN_VALUE;
        for (Iterator<Copy> it = copies.values().iterator(); it.hasNext();) {
            Copy c = it.next();
            if (Math.abs(now - c.skewNanos()) > tolerance) {
                off.add(c.stored());
                it.remove();
                unbounded.remove(c.stored().resource());
            } else {
                lowestNanos = Math.min(lowestNanos, c.skewNanos());
                highestNanos = Math.max(highestNanos, c.skewNanos());
            }
        }
        return off;
    }

    /** How many copies are recorded. */
    int size() {
        return copies.size();
    }

    /**
     * Whether {@code current} is still the copy we {@code stored}, but for the acknowledgement
     * bookkeeping: a BNDREPLY or a later BNDUPD's partner lifetime moves {@code ackedPartnerLifetime},
     * {@code partnerLifetime} and {@code partnerUpdatePending} without changing the lease, and a
     * copy that differs only there still holds the mistranslated expiry (docs/decisions/0010).
     */
    static boolean sameLease(Binding stored, Binding current) {
        return stored != null && current != null && leaseOnly(stored).equals(leaseOnly(current));
    }

    private static Binding leaseOnly(Binding b) {
        return b.toBuilder().ackedPartnerLifetime(null).partnerLifetime(null).partnerUpdatePending(false).build();
    }
}
