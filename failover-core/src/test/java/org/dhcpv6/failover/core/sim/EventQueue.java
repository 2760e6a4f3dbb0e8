package org.dhcpv6.failover.core.sim;

import java.util.Arrays;

/**
 * The simulator's only scheduler: events ordered by virtual true time, then by the order they were
 * scheduled, so two events at the same nanosecond always run in the same order. Single-threaded;
 * the current virtual time moves only when an event is taken.
 */
final class EventQueue {

    /**
     * One scheduled action; {@code label} goes to the event log (a string, or an
     * {@link EventLog#lazy} text).
     */
    record Event(long atNanos, long seq, Object label, Runnable action) {
    }

    // A binary min-heap on (time, seq) with the keys in arrays of their own, so sifting compares
    // longs instead of following a pointer per comparison: a PriorityQueue with a composed
    // Comparator was a tenth of the simulator's time. Keys are unique (seq), so any correct heap
    // takes events in exactly the same order.
    private long[] ats = new long[256];
    private long[] seqs = new long[256];
    private Event[] events = new Event[256];
    private int size;
    private long nowNanos;
    private long seq;

    /** The virtual true time, in nanoseconds since the start of the run. */
    long now() {
        return nowNanos;
    }

    /** Schedules {@code action} at an absolute time; the past is clamped to now. */
    void at(long atNanos, Object label, Runnable action) {
        long at = Math.max(atNanos, nowNanos);
        long s = seq++;
        Event e = new Event(at, s, label, action);
        if (size == events.length) {
            ats = Arrays.copyOf(ats, 2 * size);
            seqs = Arrays.copyOf(seqs, 2 * size);
            events = Arrays.copyOf(events, 2 * size);
        }
        int i = size++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!before(at, s, ats[parent], seqs[parent])) {
                break;
            }
            move(parent, i);
            i = parent;
        }
        put(i, at, s, e);
    }

    /** Schedules {@code action} after a delay from now. */
    void after(long delayNanos, Object label, Runnable action) {
        at(nowNanos + Math.max(0, delayNanos), label, action);
    }

    /** Takes the next event and advances time to it, or returns null when none is left. */
    Event next() {
        if (size == 0) {
            return null;
        }
        Event first = events[0];
        int n = --size;
        if (n > 0) {
            long at = ats[n];
            long s = seqs[n];
            Event last = events[n];
            int i = 0;
            while (i < n >>> 1) {
                int child = 2 * i + 1;
                if (child + 1 < n && before(ats[child + 1], seqs[child + 1], ats[child], seqs[child])) {
                    child++;
                }
                if (!before(ats[child], seqs[child], at, s)) {
                    break;
                }
                move(child, i);
                i = child;
            }
            put(i, at, s, last);
        }
        events[n] = null;
        nowNanos = first.atNanos();
        return first;
    }

    private static boolean before(long at1, long seq1, long at2, long seq2) {
        return at1 < at2 || (at1 == at2 && seq1 < seq2);
    }

    private void move(int from, int to) {
        put(to, ats[from], seqs[from], events[from]);
    }

    private void put(int i, long at, long s, Event e) {
        ats[i] = at;
        seqs[i] = s;
        events[i] = e;
    }

    /** How many events are waiting. */
    int size() {
        return size;
    }
}
