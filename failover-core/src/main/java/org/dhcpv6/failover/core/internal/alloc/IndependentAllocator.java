package org.dhcpv6.failover.core.internal.alloc;

import java.math.BigInteger;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.dhcpv6.failover.api.AddressPool;
import org.dhcpv6.failover.api.Ipv6Address;
import org.dhcpv6.failover.api.Role;

/**
 * Picks addresses for one server from one address pool with independent allocation
 * (RFC 8156 §4.2.1): the primary owns the addresses whose bit 127 is 1 (odd), the secondary those
 * whose bit 127 is 0 (even). The split is fixed, so no messages are needed and nothing is ever
 * rebalanced. Per docs/architecture.md §9 the partner's half is never used, not even in PARTNER-DOWN.
 *
 * <p><b>How {@link #next} works.</b> A cursor walks the server's own addresses in order (step 2),
 * wrapping from the last own address to the first. Each call probes forward from the cursor and
 * returns the first candidate the caller's predicate does not reject, then moves the cursor just
 * past it. Nothing is enumerated up front, so a /64 (2^63 own addresses) costs the same as a
 * /120. Because the cursor only moves forward, every part of the range is visited in turn and an
 * address that has just been freed is offered again only once the cursor comes round to it.
 *
 * <p><b>Cost.</b> Each call probes at most {@code probeBudget} candidates (default
 * {@value #DEFAULT_PROBE_BUDGET}); in a sparse pool that is about one probe, O(1) expected. When
 * the budget runs out without a hit, the call returns empty, moves the cursor past the probed
 * window (so the next call looks further on rather than at the same busy stretch) and sets
 * {@link #exhaustedHint()}. When the server owns no more addresses than the budget, one call
 * checks every own address, so an empty answer then means the pool really is exhausted.
 *
 * <p><b>Threads.</b> Thread-safe and lock-free: the cursor is an {@link AtomicReference} moved
 * with compare-and-set, so two concurrent callers normally get different candidates. The answer
 * is still only a candidate: the predicate is read without a lock, so a caller may be offered an
 * address another thread is leasing at the same moment. The caller's per-resource commit decides
 * (the engine's grant refuses the loser, which simply calls {@code next} again). The predicate is
 * called on the calling thread and must not block.
 *
 * <p>Deterministic: the same cursor position and predicate give the same answer. No clock, no I/O.
 */
public final class IndependentAllocator {

    /** How many candidates one call probes before giving up. */
    public static final int DEFAULT_PROBE_BUDGET = 4096;

    // Bounds the compare-and-set retries under contention; after that the candidate found is
    // returned anyway, since the caller's commit settles any collision.
    private static final int MAX_CAS_RETRIES = 8;

    private final AddressPool pool;
    private final Role self;
    private final Ipv6Address firstOwn;
    private final Ipv6Address lastOwn;
    private final int probeLimit;
    private final boolean wholePoolPerCall;
    private final AtomicReference<Ipv6Address> cursor;
    private volatile boolean exhausted;

    /**
     * An allocator with the default probe budget of {@value #DEFAULT_PROBE_BUDGET}.
     *
     * @param pool the address pool, which holds at least one address of each parity
     * @param self this server's role, which decides the half it owns
     */
    public IndependentAllocator(AddressPool pool, Role self) {
        this(pool, self, DEFAULT_PROBE_BUDGET);
    }

    /**
     * An allocator that probes at most {@code probeBudget} candidates per call.
     *
     * @throws IllegalArgumentException if {@code probeBudget} is below 1
     */
    public IndependentAllocator(AddressPool pool, Role self, int probeBudget) {
        this.pool = Objects.requireNonNull(pool, "pool");
        this.self = Objects.requireNonNull(self, "self");
        if (probeBudget < 1) {
            throw new IllegalArgumentException("probe budget must be at least 1: " + probeBudget);
        }
        // AddressPool refuses single-address ranges, and any two neighbours have both parities,
        // so first-or-next and last-or-previous are always inside the range.
        this.firstOwn = ownedBy(pool.first(), self) ? pool.first() : pool.first().plus(1);
        this.lastOwn = ownedBy(pool.last(), self) ? pool.last() : pool.last().plus(-1);
        BigInteger owned = ownCount(firstOwn, lastOwn);
        this.wholePoolPerCall = owned.compareTo(BigInteger.valueOf(probeBudget)) <= 0;
        this.probeLimit = wholePoolPerCall ? owned.intValueExact() : probeBudget;
        this.cursor = new AtomicReference<>(firstOwn);
    }

    /** Whether the role owns this address by its bit 127 alone (RFC 8156 §4.2.1). */
    public static boolean ownedBy(Ipv6Address a, Role role) {
        return a.isOdd() == (role == Role.PRIMARY);
    }

    /** Whether {@code a} is in the pool and in this server's half. */
    public boolean owns(Ipv6Address a) {
        return pool.contains(a) && ownedBy(a, self);
    }

    /**
     * Whether this server may lease the address a client asked for: it is in this server's half
     * of the pool and the caller's predicate does not reject it.
     *
     * @param unavailable true for an address with a live binding, ABANDONED, or not yet reusable
     */
    public boolean mayLease(Ipv6Address requested, Predicate<Ipv6Address> unavailable) {
        Objects.requireNonNull(requested, "requested");
        return owns(requested) && !unavailable.test(requested);
    }

    /**
     * The next address this server may lease now, or empty if none was found within the probe
     * budget (then {@link #exhaustedHint()} is true until a later call succeeds).
     *
     * @param unavailable true for an address with a live binding, ABANDONED, or not yet reusable;
     *        never called for the partner's half
     */
    public Optional<Ipv6Address> next(Predicate<Ipv6Address> unavailable) {
        Objects.requireNonNull(unavailable, "unavailable");
        Ipv6Address found = null;
        for (int attempt = 0; attempt <= MAX_CAS_RETRIES; attempt++) {
            Ipv6Address start = cursor.get();
            Ipv6Address c = start;
            found = null;
            for (int probes = 0; probes < probeLimit; probes++) {
                if (!unavailable.test(c)) {
                    found = c;
                    break;
                }
                c = after(c);
            }
            if (found == null && !cursor.get().equals(start) && attempt < MAX_CAS_RETRIES) {
                // Another caller moved the cursor while we probed: our window was stale, not full.
                continue;
            }
            if (found == null) {
                // After a full lap the cursor is back where it began, so leaving it keeps the
                // answer stable; after a partial window, move on so later calls make progress.
                if (!wholePoolPerCall) {
                    cursor.compareAndSet(start, c);
                }
                exhausted = true;
                return Optional.empty();
            }
            if (cursor.compareAndSet(start, after(found))) {
                break;
            }
        }
        if (found == null) {
            exhausted = true;
            return Optional.empty();
        }
        exhausted = false;
        return Optional.of(found);
    }

    /**
     * Whether the latest call to {@link #next} came back empty: the pool is exhausted for this
     * server or too densely leased around the cursor for the probe budget. Meant for a log line
     * or a {@link PoolExhaustion} report; under concurrent calls it is a hint, not a guarantee.
     */
    public boolean exhaustedHint() {
        return exhausted;
    }

    /** Whether one call to {@link #next} checks every address this server owns. */
    public boolean scansWholePool() {
        return wholePoolPerCall;
    }

    /** The pool this allocator serves. */
    public AddressPool pool() {
        return pool;
    }

    /** This server's role. */
    public Role role() {
        return self;
    }

    /** The report for a listener when {@link #next} found nothing. */
    public PoolExhaustion exhaustion() {
        return PoolExhaustion.of(pool, self);
    }

    private Ipv6Address after(Ipv6Address a) {
        Ipv6Address n = a.plus(2);
        // Past the last own address, or wrapped round 2^128: start the lap again.
        return n.compareTo(lastOwn) > 0 || n.compareTo(a) < 0 ? firstOwn : n;
    }

    private static BigInteger ownCount(Ipv6Address first, Ipv6Address last) {
        BigInteger span = new BigInteger(1, last.toBytes()).subtract(new BigInteger(1, first.toBytes()));
        return span.shiftRight(1).add(BigInteger.ONE);
    }
}
