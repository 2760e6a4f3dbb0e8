package org.dhcpv6.failover.api;

import java.time.Duration;
import java.util.Objects;

/**
 * A listener that passes every event on to another one: extend it and override only the events a
 * wrapper adds something to (counting, filtering, holding back). A wrapper written against
 * {@link FailoverListener} directly silently drops every event it does not override, including
 * events added to the interface later; this class forwards each of them.
 */
public abstract class ForwardingFailoverListener implements FailoverListener {

    private final FailoverListener delegate;

    /** A listener that forwards to {@code delegate}. */
    protected ForwardingFailoverListener(FailoverListener delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /** The listener events are forwarded to. */
    protected final FailoverListener delegate() {
        return delegate;
    }

    @Override
    public void stateChanged(String relationship, ServerState from, ServerState to) {
        delegate.stateChanged(relationship, from, to);
    }

    @Override
    public void communicationsUp(String relationship) {
        delegate.communicationsUp(relationship);
    }

    @Override
    public void communicationsDown(String relationship, String reason) {
        delegate.communicationsDown(relationship, reason);
    }

    @Override
    public void connectionFailed(String relationship, ConnectionFailure failure) {
        delegate.connectionFailed(relationship, failure);
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
    public void storeAvailabilityChanged(String relationship, boolean available) {
        delegate.storeAvailabilityChanged(relationship, available);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(" + delegate + ")";
    }
}
