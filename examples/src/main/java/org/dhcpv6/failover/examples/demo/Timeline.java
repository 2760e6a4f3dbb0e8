package org.dhcpv6.failover.examples.demo;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.IntSupplier;

/**
 * The demo's "states over time": samples both servers a few times a second on its own thread
 * and keeps one row whenever a state changes or the demo marks an event (a kill, a restart).
 */
public final class Timeline implements AutoCloseable {

    private record Row(double seconds, String event, ServerProcess.Status primary, ServerProcess.Status secondary,
            int holding) {
    }

    private final long start = System.nanoTime();
    private final ServerProcess primary;
    private final ServerProcess secondary;
    private final IntSupplier holding;
    private final List<Row> rows = new ArrayList<>();
    private final Thread sampler;
    private volatile ServerProcess.Status lastPrimary = ServerProcess.Status.DOWN;
    private volatile ServerProcess.Status lastSecondary = ServerProcess.Status.DOWN;
    private volatile boolean closed;

    /**
     * @param holding how many clients hold every lease they asked for, read at each row
     */
    public Timeline(ServerProcess primary, ServerProcess secondary, IntSupplier holding) {
        this.primary = primary;
        this.secondary = secondary;
        this.holding = holding;
        this.sampler = new Thread(this::sample, "demo-timeline");
        sampler.setDaemon(true);
        sampler.start();
    }

    /** Seconds since the timeline started. */
    public double seconds() {
        return (System.nanoTime() - start) / 1e9;
    }

    /** The primary's state at the last sample. */
    public ServerProcess.Status primary() {
        return lastPrimary;
    }

    /** The secondary's state at the last sample. */
    public ServerProcess.Status secondary() {
        return lastSecondary;
    }

    /** Adds a row for something the demo did, with the servers' current states. */
    public void mark(String event) {
        record(event, primary.status(), secondary.status());
    }

    private synchronized void record(String event, ServerProcess.Status p, ServerProcess.Status s) {
        rows.add(new Row(seconds(), event, p, s, holding.getAsInt()));
        lastPrimary = p;
        lastSecondary = s;
    }

    private void sample() {
        while (!closed) {
            ServerProcess.Status p = primary.status();
            ServerProcess.Status s = secondary.status();
            if (!Objects.equals(p.state(), lastPrimary.state()) || !Objects.equals(s.state(), lastSecondary.state())) {
                record("", p, s);
            } else {
                lastPrimary = p;
                lastSecondary = s;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Prints the table. */
    public synchronized void print(PrintStream out) {
        out.printf("%7s  %-28s %-26s %-26s %s%n", "time", "event", "primary", "secondary", "clients holding");
        for (Row r : rows) {
            out.printf("%6.1fs  %-28s %-26s %-26s %d%n", r.seconds, r.event, r.primary.state(), r.secondary.state(),
                    r.holding);
        }
    }

    /** Stops sampling. */
    @Override
    public void close() {
        closed = true;
        sampler.interrupt();
    }
}
