package org.dhcpv6.failover.core.internal.engine;

import java.util.ArrayList;
import java.util.List;
import org.dhcpv6.failover.api.Binding;
import org.dhcpv6.failover.api.FailoverListener;
import org.dhcpv6.failover.api.ForwardingFailoverListener;
import org.dhcpv6.failover.core.internal.binding.BindingTable;

/**
 * The host's listener as the engine calls it: binding changes made in a turn reach the host only
 * once the turn's write is durable, and not at all if the write fails (the change was taken back),
 * so a host that mirrors bindings never records one the store lost. Every other event passes
 * straight through. The host's listener reaches it already guarded, so it never throws here.
 */
final class TurnListener extends ForwardingFailoverListener {

    private final BindingTable table;
    private final List<HeldChange> held = new ArrayList<>();

    private record HeldChange(String relationship, Binding binding) {
    }

    TurnListener(FailoverListener host, BindingTable table) {
        super(host);
        this.table = table;
    }

    /** Delivers the held binding changes, in order. */
    void release() {
        for (HeldChange change : held) {
            delegate().bindingChanged(change.relationship(), change.binding());
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
            delegate().bindingChanged(relationship, binding);
        }
    }
}
