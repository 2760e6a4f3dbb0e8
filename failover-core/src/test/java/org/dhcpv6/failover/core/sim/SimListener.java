package org.dhcpv6.failover.core.sim;

import java.util.Set;
import org.dhcpv6.failover.api.Binding;
import org.dhcpv6.failover.api.FailoverListener;
import org.dhcpv6.failover.api.Resource;
import org.dhcpv6.failover.api.ServerState;

/**
 * Puts one server's transitions into the event log, where a failure report shows them, and tells
 * the server when it is through recovery. With {@code -Dfailover.sim.traceBindings=true} every
 * binding change and conflict goes in too, for reading one failing seed (with a large
 * {@code -Dfailover.sim.logLines}).
 */
final class SimListener implements FailoverListener {

    private static final boolean TRACE_BINDINGS = Boolean.getBoolean("failover.sim.traceBindings");

    private final String label;
    private final EventQueue queue;
    private final EventLog log;
    private final Set<ServerState> statesSeen;
    private final Runnable recovered;

    SimListener(String label, EventQueue queue, EventLog log, Set<ServerState> statesSeen, Runnable recovered) {
        this.label = label;
        this.queue = queue;
        this.log = log;
        this.statesSeen = statesSeen;
        this.recovered = recovered;
    }

    @Override
    public void stateChanged(String relationship, ServerState from, ServerState to) {
        statesSeen.add(to);
        if (to == ServerState.RECOVER_DONE || to == ServerState.NORMAL) {
            recovered.run();
        }
        log.note(queue.now(), label + " " + from.rfcName() + " -> " + to.rfcName());
    }

    @Override
    public void bindingChanged(String relationship, Binding b) {
        if (TRACE_BINDINGS) {
            log.note(queue.now(), label + " binding " + b.resource() + " " + b.status().rfcName() + " "
                    + b.client() + " until " + b.stateExpirationTime());
        }
    }

    @Override
    public void bindingConflict(String relationship, Resource r, int code, String text) {
        if (TRACE_BINDINGS) {
            log.note(queue.now(), label + " conflict " + r + " " + code + " " + text);
        }
    }

    @Override
    public void skewChanged(String relationship, java.time.Duration partnerMinusLocal) {
        if (TRACE_BINDINGS) {
            log.note(queue.now(), label + " skew estimate " + partnerMinusLocal);
        }
    }

    @Override
    public void communicationsDown(String relationship, String reason) {
        log.note(queue.now(), label + " communications down: " + reason);
    }
}
