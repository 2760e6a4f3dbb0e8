package org.dhcpv6.failover.core.internal.engine;

import java.util.function.Consumer;
import org.dhcpv6.failover.api.FailoverListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A store that fails writes takes the server out of service: no client answered, the partner
 * told with DISCONNECT and kept away, so it goes to COMMUNICATIONS-INTERRUPTED and serves them
 * (docs/decisions/0002-store-outage.md). A probe write brings it back.
 */
final class StoreWatch {

    private static final Logger LOG = LoggerFactory.getLogger(FailoverEndpoint.class);

    private final String name;
    private final StoreGuard guard;
    private final EndpointStates states;
    private final FailoverListener listener;
    private final Consumer<Now> dropPartner;
    private final Consumer<Now> reconnect;

    /**
     * @param dropPartner sends DISCONNECT and closes the partner connection, if any
     * @param reconnect lets the primary connect again at once
     */
    StoreWatch(String name, StoreGuard guard, EndpointStates states, FailoverListener listener,
            Consumer<Now> dropPartner, Consumer<Now> reconnect) {
        this.name = name;
        this.guard = guard;
        this.states = states;
        this.listener = listener;
        this.dropPartner = dropPartner;
        this.reconnect = reconnect;
    }

    /** Takes the server out of service on a new failure, or back in when a due probe succeeds. */
    void check(Now now) {
        if (!guard.down()) {
            if (guard.takeFailure()) {
                guard.markDown(now);
                LOG.error("{}: the lease store fails; answering no client and closing the partner connection until"
                        + " it works again", name);
                states.storeAvailable(false);
                listener.storeAvailabilityChanged(name, false);
                dropPartner.accept(now);
            }
        } else if (guard.probeDue(now)) {
            // Failures noted before the probe (the persist on closing the connection, say) are old news.
            guard.takeFailure();
            if (states.probeStore() && !guard.takeFailure()) {
                guard.markUp();
                LOG.info("{}: the lease store works again; serving", name);
                states.storeAvailable(true);
                listener.storeAvailabilityChanged(name, true);
                reconnect.accept(now);
            } else {
                guard.probeFailed(now);
            }
        }
    }
}
