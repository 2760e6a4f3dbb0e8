package org.dhcpv6.failover.core.internal.engine;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.dhcpv6.failover.api.Binding;
import org.dhcpv6.failover.api.ClockSource;
import org.dhcpv6.failover.api.ConnectionFailure;
import org.dhcpv6.failover.api.FailoverListener;
import org.dhcpv6.failover.api.Resource;
import org.dhcpv6.failover.api.Role;
import org.dhcpv6.failover.api.ServerState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host's listener behind a guard: whatever it throws (any exception, or an {@link Error} other
 * than a {@link VirtualMachineError}) is logged and swallowed, so a broken listener never changes
 * what the engine does. Before this guard, a throwing {@code stateChanged} closed the connection in
 * the middle of a transition and left both servers in RECOVER-WAIT (issue 18).
 *
 * <p>Logging is bounded: the first failure of each listener method is logged with its stack
 * trace; later failures of the same method are counted and summarised at most once per
 * {@link #REPEAT_INTERVAL}, by the endpoint's monotonic clock. Thread-safe: binding events come
 * from host threads as well as from the event loop.
 */
public final class GuardedListener implements FailoverListener {

    private static final Logger LOG = LoggerFactory.getLogger(GuardedListener.class);
    /** How often repeated failures of one listener method are summarised at most. */
    static final Duration REPEAT_INTERVAL = Duration.ofMinutes(1);

    /** The listener methods, each counted on its own. */
    enum Kind {
        STATE_CHANGED, COMMUNICATIONS_UP, COMMUNICATIONS_DOWN, CONNECT_REJECTED, SKEW_CHANGED, BINDING_CHANGED,
        BINDING_CONFLICT, POOL_EXHAUSTED, CONNECTION_FAILED, STORE_AVAILABILITY_CHANGED
    }

    private final FailoverListener delegate;
    private final String label;
    private final ClockSource clock;
    private final Map<Kind, Tally> tallies = new EnumMap<>(Kind.class);

    private GuardedListener(FailoverListener delegate, String relationship, Role role, ClockSource clock) {
        this.delegate = delegate;
        this.label = relationship + "/" + role.name().toLowerCase(java.util.Locale.ROOT); // as RelationshipConfig.label()
        this.clock = clock;
        for (Kind k : Kind.values()) {
            tallies.put(k, new Tally());
        }
    }

    /**
     * Guards {@code listener} for one relationship; a listener that is already guarded or
     * {@link FailoverListener#NONE} is returned as it is.
     */
    public static FailoverListener guard(FailoverListener listener, String relationship, Role role,
            ClockSource clock) {
        if (listener instanceof GuardedListener || listener == FailoverListener.NONE) {
            return listener;
        }
        return new GuardedListener(listener, relationship, role, clock);
    }

    /** How many calls of one kind have thrown so far. */
    long failures(Kind kind) {
        return tallies.get(kind).count.get();
    }

    /** How many log lines failures of one kind have cost so far. */
    long logLines(Kind kind) {
        return tallies.get(kind).lines.get();
    }

    @Override
    public void stateChanged(String relationship, ServerState from, ServerState to) {
        run(Kind.STATE_CHANGED, () -> delegate.stateChanged(relationship, from, to));
    }

    @Override
    public void communicationsUp(String relationship) {
        run(Kind.COMMUNICATIONS_UP, () -> delegate.communicationsUp(relationship));
    }

    @Override
    public void communicationsDown(String relationship, String reason) {
        run(Kind.COMMUNICATIONS_DOWN, () -> delegate.communicationsDown(relationship, reason));
    }

    @Override
    public void connectRejected(String relationship, int statusCode, String text) {
        run(Kind.CONNECT_REJECTED, () -> delegate.connectRejected(relationship, statusCode, text));
    }

    @Override
    public void skewChanged(String relationship, Duration partnerMinusLocal) {
        run(Kind.SKEW_CHANGED, () -> delegate.skewChanged(relationship, partnerMinusLocal));
    }

    @Override
    public void bindingChanged(String relationship, Binding binding) {
        run(Kind.BINDING_CHANGED, () -> delegate.bindingChanged(relationship, binding));
    }

    @Override
    public void bindingConflict(String relationship, Resource resource, int statusCode, String text) {
        run(Kind.BINDING_CONFLICT, () -> delegate.bindingConflict(relationship, resource, statusCode, text));
    }

    @Override
    public void poolExhausted(String relationship, String pool) {
        run(Kind.POOL_EXHAUSTED, () -> delegate.poolExhausted(relationship, pool));
    }

    @Override
    public void connectionFailed(String relationship, ConnectionFailure failure) {
        run(Kind.CONNECTION_FAILED, () -> delegate.connectionFailed(relationship, failure));
    }

    @Override
    public void storeAvailabilityChanged(String relationship, boolean available) {
        run(Kind.STORE_AVAILABILITY_CHANGED, () -> delegate.storeAvailabilityChanged(relationship, available));
    }

    @Override
    public String toString() {
        return "guarded " + delegate;
    }

    private void run(Kind kind, Runnable call) {
        try {
            call.run();
        } catch (VirtualMachineError fatal) {
            throw fatal;
        } catch (Throwable t) {
            failed(kind, t);
        }
    }

    private void failed(Kind kind, Throwable t) {
        Tally tally = tallies.get(kind);
        long n = tally.count.incrementAndGet();
        long now = clock.monotonicNanos();
        if (n == 1) {
            tally.lastLogNanos.set(now);
            tally.lines.incrementAndGet();
            LOG.warn("{}: listener {} threw in {}; ignored (the engine goes on as if it had returned)", label,
                    delegate, method(kind), t);
            return;
        }
        long last = tally.lastLogNanos.get();
        if (now - last >= REPEAT_INTERVAL.toNanos() && tally.lastLogNanos.compareAndSet(last, now)) {
            tally.lines.incrementAndGet();
            LOG.warn("{}: listener {} has thrown in {} {} times so far; latest: {}", label, delegate, method(kind), n,
                    t.toString());
        }
    }

    private static String method(Kind kind) {
        StringBuilder sb = new StringBuilder();
        boolean upper = false;
        for (char c : kind.name().toLowerCase(java.util.Locale.ROOT).toCharArray()) {
            if (c == '_') {
                upper = true;
            } else {
                sb.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return sb.toString();
    }

    /** Failures of one kind: how many, and when they were last logged. */
    private static final class Tally {
        final AtomicLong count = new AtomicLong();
        final AtomicLong lastLogNanos = new AtomicLong();
        final AtomicLong lines = new AtomicLong();
    }
}
