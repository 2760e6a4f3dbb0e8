package org.dhcpv6.failover.core.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.dhcpv6.failover.api.Binding;
import org.dhcpv6.failover.api.FailoverListener;
import org.dhcpv6.failover.api.Resource;
import org.dhcpv6.failover.api.ServerState;
import org.dhcpv6.failover.core.binding.BindingTable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host's listener as the engine calls it: binding changes made in a turn reach the host only
 * once the turn's write is durable, and not at all if the write fails (the change was taken back),
 * so a host that mirrors bindings never records one the store lost. Every other event passes
 * straight through.
 */
final class TurnListener implements FailoverListener {

    private static final Logger LOG = LoggerFactory.getLogger(TurnListener.class);

    private final FailoverListener host;
    private final BindingTable table;
    private final List<HeldChange> held = new ArrayList<>();

    private record HeldChange(String relationship, Binding binding) {
    }

    TurnListener(FailoverListener host, BindingTable table) {
        this.host = host;
        this.table = table;
    }

    /** Delivers the held binding changes, in order. */
    void release() {
        for (HeldChange change : held) {
            try {
                host.bindingChanged(change.relationship(), change.binding());
            } catch (RuntimeException e) {
                // The listener's contract: its exceptions are logged and change nothing here.
                LOG.warn("{}: the listener threw on a binding change of {}: {}", change.relationship(),
                        change.binding().resource(), e.toString());
            }
        }
        held.clear();
    }

    /** Forgets the held binding changes: their write failed and they were undone. */
    void drop() {
        held.clear();
    }

    @Override
    public void bindingChanged(String relationship, Binding binding) {
        if (table.deferring()) {
            held.add(new HeldChange(relationship, binding));
        } else {
            host.bindingChanged(relationship, binding);
        }
    }

    @Override
    public void stateChanged(String relationship, ServerState from, ServerState to) {
        host.stateChanged(relationship, from, to);
    }

    @Override
    public void communicationsUp(String relationship) {
        host.communicationsUp(relationship);
    }

    @Override
    public void communicationsDown(String relationship, String reason) {
        host.communicationsDown(relationship, reason);
    }

    @Override
    public void connectRejected(String relationship, int statusCode, String text) {
        host.connectRejected(relationship, statusCode, text);
    }

    @Override
    public void skewChanged(String relationship, Duration partnerMinusLocal) {
        host.skewChanged(relationship, partnerMinusLocal);
    }

    @Override
    public void bindingConflict(String relationship, Resource resource, int statusCode, String text) {
        host.bindingConflict(relationship, resource, statusCode, text);
    }

    @Override
    public void poolExhausted(String relationship, String pool) {
        host.poolExhausted(relationship, pool);
    }
}
