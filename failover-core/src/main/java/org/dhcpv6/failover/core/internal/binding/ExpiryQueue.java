package org.dhcpv6.failover.core.internal.binding;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * <p>Looks come out in the order of their time, and those of the same time in the order they were
 * asked for. A binary heap under one lock keeps that order: an add is a hash-map update and, since
 * a new look is nearly always the latest, a sift that stops at once, so the lock is held for a
 * moment. A concurrent skip list held it for none but walked some twenty nodes of a million-entry
 * list per add (a resync adds one look per binding), a cache miss each.
 */
public final class ExpiryQueue {

    /** One look; {@code slot} is its place in the heap, kept so that a replaced look is removed at once. */
    private static final class Due {
        final Instant at;
        final long second;
        final int nano;
        final long seq;
        final Resource resource;
        int slot;

        Due(Instant at, long seq, Resource resource) {
            this.at = at;
            this.second = at.getEpochSecond();
            this.nano = at.getNano();
            this.seq = seq;
            this.resource = resource;
        }

        boolean before(Due o) {
            if (second != o.second) {
                return second < o.second;
            }
            return nano != o.nano ? nano < o.nano : seq < o.seq;
        }
    }

    private final Object lock = new Object();
    private final Map<Resource, Due> looks = new HashMap<>();
    private Due[] heap = new Due[64];
    private int size;
    private long sequence;

    /**
     * Asks for a look at {@code resource} at {@code at}, unless one is asked for already at that
     * time or earlier; a null time is ignored.
     */
    public void add(Resource resource, Instant at) {
        if (at == null) {
            return;
        }
        synchronized (lock) {
            Due old = looks.get(resource);
            if (old != null && !old.at.isAfter(at)) {
                return;
            }
            if (old != null) {
                removeAt(old.slot);
            }
            Due due = new Due(at, ++sequence, resource);
            looks.put(resource, due);
            if (size == heap.length) {
                heap = Arrays.copyOf(heap, size * 2);
            }
            siftUp(size++, due);
        }
    }

    /** Every resource whose time has come, removed from the queue. */
    public List<Resource> takeDue(Instant now) {
        List<Resource> due = new ArrayList<>();
        synchronized (lock) {
            while (size > 0 && !heap[0].at.isAfter(now)) {
                Due head = removeAt(0);
                looks.remove(head.resource);
                due.add(head.resource);
            }
        }
        return due;
    }

    /** The earliest time anything is due, or null when nothing is queued. */
    public Instant next() {
        synchronized (lock) {
            return size == 0 ? null : heap[0].at;
        }
    }

    /** How many looks are queued: at most one per resource. */
    public int size() {
        synchronized (lock) {
            return size;
        }
    }

    private Due removeAt(int slot) {
        Due removed = heap[slot];
        Due last = heap[--size];
        heap[size] = null;
        if (slot < size) {
            siftDown(slot, last);
            if (heap[slot] == last) {
                siftUp(slot, last);
            }
        }
        if (size == 0 && heap.length > 1024) {
            heap = new Due[64];
        }
        return removed;
    }

    private void siftUp(int slot, Due due) {
        while (slot > 0) {
            int parent = (slot - 1) >>> 1;
            Due p = heap[parent];
            if (!due.before(p)) {
                break;
            }
            place(slot, p);
            slot = parent;
        }
        place(slot, due);
    }

    private void siftDown(int slot, Due due) {
        int half = size >>> 1;
        while (slot < half) {
            int child = 2 * slot + 1;
            Due c = heap[child];
            int right = child + 1;
            if (right < size && heap[right].before(c)) {
                child = right;
                c = heap[child];
            }
            if (!c.before(due)) {
                break;
            }
            place(slot, c);
            slot = child;
        }
        place(slot, due);
    }

    private void place(int slot, Due due) {
        heap[slot] = due;
        due.slot = slot;
    }
}
