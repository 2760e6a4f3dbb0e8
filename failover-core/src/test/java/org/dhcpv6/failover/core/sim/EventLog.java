package org.dhcpv6.failover.core.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * The last events of a run, kept in a ring buffer so a failure report can show what led to it
 * without logging millions of lines for the runs that pass. Lines are formatted only when read,
 * and the hot callers pass {@link #lazy} texts, joined only then too.
 */
final class EventLog {

    private final long[] times;
    private final Object[] texts;
    private int next;
    private long count;

    EventLog(int capacity) {
        this.times = new long[capacity];
        this.texts = new Object[capacity];
    }

    /**
     * A text made only when read: the parts joined as string concatenation joins them. Every part
     * must be immutable (strings, numbers, resources), so the text is what it was when noted.
     * Most runs pass and never read their log; concatenating labels (and formatting the IPv6
     * addresses in them) for every event was a few percent of the simulator's time.
     */
    static Object lazy(Object... parts) {
        return new Lazy(parts);
    }

    private static final class Lazy {
        private final Object[] parts;

        Lazy(Object[] parts) {
            this.parts = parts;
        }

        @Override
        public String toString() {
            StringBuilder b = new StringBuilder();
            for (Object p : parts) {
                b.append(p);
            }
            return b.toString();
        }
    }

    /** Adds one line stamped with the virtual true time; {@code what} is read only by {@link #lines}. */
    void note(long nowNanos, Object what) {
        times[next] = nowNanos;
        texts[next] = what;
        next = (next + 1) % times.length;
        count++;
    }

    /** The lines, oldest first. */
    List<String> lines() {
        List<String> out = new ArrayList<>();
        int n = (int) Math.min(count, times.length);
        for (int i = 0; i < n; i++) {
            int at = Math.floorMod(next - n + i, times.length);
            out.add(String.format("%14.6f s  %s", times[at] / 1e9, texts[at]));
        }
        return out;
    }
}
