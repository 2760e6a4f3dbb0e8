package org.dhcpv6.failover.core.binding;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.PriorityBlockingQueue;
import org.dhcpv6.failover.api.Resource;

/**
 * When bindings may need the engine's attention: an ACTIVE lease's end, or the end of the MCLT
 * wait before a PARTNER-DOWN server may free an EXPIRED or RELEASED one. Host threads add, the
 * event loop takes what is due. Entries may be stale (the lease was renewed since); the loop
 * re-reads the binding and ignores those, which is cheaper than removing them on every renewal.
 */
public final class ExpiryQueue {

    private record Due(Instant at, Resource resource) implements Comparable<Due> {
        @Override
        public int compareTo(Due o) {
            return at.compareTo(o.at);
        }
    }

    private final PriorityBlockingQueue<Due> queue = new PriorityBlockingQueue<>();

    /** Asks for a look at {@code resource} at {@code at}; a null time is ignored. */
    public void add(Resource resource, Instant at) {
        if (at != null) {
            queue.add(new Due(at, resource));
        }
    }

    /** Every resource whose time has come, removed from the queue. */
    public List<Resource> takeDue(Instant now) {
        List<Resource> due = new ArrayList<>();
        Due head;
        while ((head = queue.peek()) != null && !head.at.isAfter(now)) {
            Due taken = queue.poll();
            if (taken != null) {
                due.add(taken.resource);
            }
        }
        return due;
    }

    /** The earliest time anything is due, or null when nothing is queued. */
    public Instant next() {
        Due head = queue.peek();
        return head == null ? null : head.at;
    }

    /** How many entries are queued (stale ones included). */
    public int size() {
        return queue.size();
    }
}
