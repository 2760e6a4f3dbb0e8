package org.dhcpv6.failover.core.internal.metrics;

import org.dhcpv6.failover.api.FailoverListener;
import org.dhcpv6.failover.api.ForwardingFailoverListener;
import org.dhcpv6.failover.api.ServerState;

/**
 * Passes every event on to the host's listener and counts state changes and communications
 * coming up, where the engine reports them.
 */
public final class CountingListener extends ForwardingFailoverListener {

    private final EndpointCounters counters;

    /** Counts into {@code counters}, then calls {@code delegate}. */
    public CountingListener(FailoverListener delegate, EndpointCounters counters) {
        super(delegate);
        this.counters = counters;
    }

    @Override
    public void stateChanged(String relationship, ServerState from, ServerState to) {
        counters.stateChanged();
        delegate().stateChanged(relationship, from, to);
    }

    @Override
    public void communicationsUp(String relationship) {
        counters.communicationsUp();
        delegate().communicationsUp(relationship);
    }

    @Override
    public String toString() {
        return "counting " + delegate();
    }
}
