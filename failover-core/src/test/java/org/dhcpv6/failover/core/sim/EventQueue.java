package org.dhcpv6.failover.core.sim;

import java.util.Comparator;
import java.util.PriorityQueue;

/**
 * The simulator's only scheduler: events ordered by virtual true time, then by the order they were
 * scheduled, so two events at the same nanosecond always run in the same order. Single-threaded;
 * the current virtual time moves only when an event is taken.
 */
final class EventQueue {

    /** One scheduled action; {@code label} goes to the event log. */
    record Event(long atNanos, long seq, String label, Runnable action) {
    }

    private final PriorityQueue<Event> queue = new PriorityQueue<>(
            Comparator.comparingLong(Event::atNanos).thenComparingLong(Event::seq));
    private long nowNanos;
    private long seq;

    /** The virtual true time, in nanoseconds since the start of the run. */
    long now() {
        return nowNanos;
    }

    /** Schedules {@code action} at an absolute time; the past is clamped to now. */
    void at(long atNanos, String label, Runnable action) {
        queue.add(new Event(Math.max(atNanos, nowNanos), seq++, label, action));
    }

    /** Schedules {@code action} after a delay from now. */
    void after(long delayNanos, String label, Runnable action) {
        at(nowNanos + Math.max(0, delayNanos), label, action);
    }

    /** Takes the next event and advances time to it, or returns null when none is left. */
    Event next() {
        Event e = queue.poll();
        if (e != null) {
            nowNanos = e.atNanos();
        }
        return e;
    }

    /** How many events are waiting. */
    int size() {
        return queue.size();
    }
}
