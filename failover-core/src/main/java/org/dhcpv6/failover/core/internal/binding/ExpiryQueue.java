package org.dhcpv6.failover.core.internal.binding;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicLong;
import org.dhcpv6.failover.api.Resource;

/**
 * When bindings may need the engine's attention: an ACTIVE lease's end, or the end of the MCLT
 * wait before a PARTNER-DOWN server may free an EXPIRED or RELEASED one. Host threads add, the
 * event loop takes what is due and re-reads the binding, scheduling the next look itself when the
 * binding's time has not come.
 *
 * <p>One look per resource, the earliest asked for: a client renewing a lease many times (or
 * retransmitting a REBIND) would otherwise leave one stale look per grant, and the queue would
 * grow with the request rate times the lifetime rather than with the bindings (the simulator's
 * bounded-memory check found 8 looks per binding). A later look is never lost: the loop re-adds
 * the binding's own time when an earlier look finds it not yet due.
 *
 * <p>A skip list rather than a priority queue: host threads add on every grant, and a skip list
 * takes concurrent adds without one lock shared by all of them; the per-resource map entry
 * serialises the adds of one resource.
 */
public final class ExpiryQueue {

    private record Due(Instant at, long seq, Resource resource) implements Comparable<Due> {
        @Override
        public int compareTo(Due o) {
            int c = at.compareTo(o.at);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    private final ConcurrentSkipListSet<Due> queue = new ConcurrentSkipListSet<>();
    private final ConcurrentHashMap<Resource, Due> looks = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();

    /**
     * Asks for a look at {@code resource} at {@code at}, unless one is asked for already at that
     * time or earlier; a null time is ignored.
     */
    public void add(Resource resource, Instant at) {
        if (at == null) {
            return;
        }
        looks.compute(resource, (r, old) -> {
            if (old != null && !old.at.isAfter(at)) {
                return old;
            }
            if (old != null) {
                queue.remove(old);
            }
            Due due = new Due(at, sequence.incrementAndGet(), r);
            queue.add(due);
            return due;
        });
    }

    /** Every resource whose time has come, removed from the queue. */
    public List<Resource> takeDue(Instant now) {
        List<Resource> due = new ArrayList<>();
        // Looks before taking: most calls find nothing due, and polling the head only to put it
        // back would cost a removal and an insertion on every turn of the event loop.
        for (Due head = firstOrNull(); head != null && !head.at.isAfter(now); head = firstOrNull()) {
            if (queue.remove(head)) {
                looks.remove(head.resource, head);
                due.add(head.resource);
            }
        }
        return due;
    }

    /** The earliest time anything is due, or null when nothing is queued. */
    public Instant next() {
        Due head = firstOrNull();
        return head == null ? null : head.at;
    }

    private Due firstOrNull() {
        try {
            return queue.first();
        } catch (java.util.NoSuchElementException e) {
            return null;
        }
    }

    /** How many looks are queued: at most one per resource. */
    public int size() {
        return queue.size();
    }
}
