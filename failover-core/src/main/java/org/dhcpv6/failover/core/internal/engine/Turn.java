package org.dhcpv6.failover.core.internal.engine;

import org.dhcpv6.failover.api.LeaseStoreException;
import org.dhcpv6.failover.core.internal.binding.BindingTable;
import org.dhcpv6.failover.core.internal.fault.FaultInjector;
import org.dhcpv6.failover.core.internal.fault.InjectedCrash;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One turn of an endpoint (docs/decisions/0003-turns.md): binding writes published at once and
 * stored together at the end, everything sent held until they are durable. A turn whose writes are
 * all unforced (the partner's acknowledgements, docs/decisions/0020) stores them without a flush
 * and releases what it held at once.
 */
final class Turn {

    private static final Logger LOG = LoggerFactory.getLogger(FailoverEndpoint.class);

    private final String name;
    private final BindingTable table;
    private final HeldOutbox outbox;
    private final TurnListener turnListener;
    private final FaultInjector faults;
    private final SessionProtocol.Closer closer;

    /** @param closer closes the partner connection when the turn's writes fail */
    Turn(String name, BindingTable table, HeldOutbox outbox, TurnListener turnListener, FaultInjector faults,
            SessionProtocol.Closer closer) {
        this.name = name;
        this.table = table;
        this.outbox = outbox;
        this.turnListener = turnListener;
        this.faults = faults;
        this.closer = closer;
    }

    void begin() {
        table.beginDeferredWrites();
        outbox.hold();
    }

    /** Stores the turn's writes, then releases what was held; on failure drops it and closes. */
    boolean end(Now now) {
        try {
            table.endDeferredWrites();
            if (faults.shouldFail(FaultInjector.Point.BETWEEN_TURN_STORE_AND_RELEASE)) {
                throw new InjectedCrash(FaultInjector.Point.BETWEEN_TURN_STORE_AND_RELEASE);
            }
            outbox.release();
            turnListener.release();
            return true;
        } catch (InjectedCrash crash) {
            throw crash;
        } catch (LeaseStoreException | RuntimeException e) {
            int dropped = outbox.dropMessages();
            turnListener.drop();
            LOG.error("{}: could not store this turn's binding changes ({} messages held back dropped): {}", name,
                    dropped, e.toString());
            closer.close("binding changes could not be stored", now);
            return false;
        }
    }
}
