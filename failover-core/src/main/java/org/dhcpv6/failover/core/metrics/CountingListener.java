package org.dhcpv6.failover.core.metrics;

import java.time.Duration;
import org.dhcpv6.failover.api.Binding;
import org.dhcpv6.failover.api.FailoverListener;
import org.dhcpv6.failover.api.Resource;
import org.dhcpv6.failover.api.ServerState;

/**
 * Passes every event on to the host's listener and counts state changes and communications
 * coming up, where the engine reports them.
 */
public final class CountingListener implements FailoverListener {

    private final FailoverListener delegate;
    private final EndpointCounters counters;

    /** Counts into {@code counters}, then calls {@code delegate}. */
    public CountingListener(FailoverListener delegate, EndpointCounters counters) {
        this.delegate = delegate;
        this.counters = counters;
    }

    @Override
    public void stateChanged(String relationship, ServerState from, ServerState to) {
        counters.stateChanged();
        delegate.stateChanged(relationship, from, to);
    }

    @Override
    public void communicationsUp(String relationship) {
        counters.communicationsUp();
        delegate.communicationsUp(relationship);
    }

    @Override
    public void communicationsDown(String relationship, String reason) {
        delegate.communicationsDown(relationship, reason);
    }

    @Override
    public void connectRejected(String relationship, int statusCode, String text) {
        delegate.connectRejected(relationship, statusCode, text);
    }

    @Override
    public void skewChanged(String relationship, Duration partnerMinusLocal) {
        delegate.skewChanged(relationship, partnerMinusLocal);
    }

    @Override
    public void bindingChanged(String relationship, Binding binding) {
        delegate.bindingChanged(relationship, binding);
    }

    @Override
    public void bindingConflict(String relationship, Resource resource, int statusCode, String text) {
        delegate.bindingConflict(relationship, resource, statusCode, text);
    }

    @Override
    public void poolExhausted(String relationship, String pool) {
        delegate.poolExhausted(relationship, pool);
    }

    @Override
    public String toString() {
        return "counting " + delegate;
    }
}
