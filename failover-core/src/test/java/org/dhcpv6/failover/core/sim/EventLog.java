package org.dhcpv6.failover.core.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * The last events of a run, kept in a ring buffer so a failure report can show what led to it
 * without logging millions of lines for the runs that pass. Lines are formatted only when read.
 */
final class EventLog {

    private final long[] times;
    private final String[] texts;
    private int next;
    private long count;

    EventLog(int capacity) {
        this.times = new long[capacity];
        this.texts = new String[capacity];
    }

    /** Adds one line stamped with the virtual true time. */
    void note(long nowNanos, String what) {
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
