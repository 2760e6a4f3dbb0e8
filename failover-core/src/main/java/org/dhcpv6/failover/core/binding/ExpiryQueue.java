package org.dhcpv6.failover.core.binding;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicLong;
import org.dhcpv6.failover.api.Resource;

/**
 * When bindings may need the engine's attention: an ACTIVE lease's end, or the end of the MCLT
 * wait before a PARTNER-DOWN server may free an EXPIRED or RELEASED one. Host threads add, the
 * event loop takes what is due. Entries may be stale (the lease was renewed since); the loop
 * re-reads the binding and ignores those, which is cheaper than removing them on every renewal.
 *
 * <p>A skip list rather than a priority queue: host threads add on every grant, and a skip list
 * takes concurrent adds without one lock shared by all of them.
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
    private final AtomicLong sequence = new AtomicLong();

    /** Asks for a look at {@code resource} at {@code at}; a null time is ignored. */
    public void add(Resource resource, Instant at) {
        if (at != null) {
            queue.add(new Due(at, sequence.incrementAndGet(), resource));
        }
    }

    /** Every resource whose time has come, removed from the queue. */
    public List<Resource> takeDue(Instant now) {
        // Looks before taking: most calls find nothing due, and taking the head only to put it
        // back cost a skip-list removal and insertion on every poll of the event loop.
        List<Resource> due = new ArrayList<>();
        for (Due head = firstOrNull(); head != null && !head.at.isAfter(now); head = firstOrNull()) {
            // Only the event loop removes, so the head it just saw is still there.
            if (queue.remove(head)) {
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

    /** How many entries are queued (stale ones included). */
    public int size() {
        return queue.size();
    }
}
