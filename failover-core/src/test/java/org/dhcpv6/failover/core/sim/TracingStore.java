package org.dhcpv6.failover.core.sim;

import java.time.Instant;
import java.util.Collection;
import java.util.Optional;
import java.util.function.Consumer;
import org.dhcpv6.failover.api.Binding;
import org.dhcpv6.failover.api.EndpointRecord;
import org.dhcpv6.failover.api.LeaseStore;
import org.dhcpv6.failover.api.LeaseStoreException;
import org.dhcpv6.failover.api.Resource;

/**
 * For reading one failing seed: with {@code -Dfailover.sim.traceResource=2001:db8:1::3} every
 * write of that resource's binding goes into the event log with each of its times as true
 * simulation seconds (this server's clock undone), so grants, caps and acknowledgements line up
 * with the clients' view.
 */
final class TracingStore implements LeaseStore {

    static final String RESOURCE = System.getProperty("failover.sim.traceResource", "");

    private final LeaseStore inner;
    private final String label;
    private final SimClock clock;
    private final EventQueue queue;
    private final EventLog log;

    TracingStore(LeaseStore inner, String label, SimClock clock, EventQueue queue, EventLog log) {
        this.inner = inner;
        this.label = label;
        this.clock = clock;
        this.queue = queue;
        this.log = log;
    }

    private void trace(Binding b) {
        if (b.resource().toString().equals(RESOURCE)) {
            log.note(queue.now(), label + " stores " + b.status().rfcName() + " client " + b.client() + " state-end "
                    + t(b.stateExpirationTime()) + " exp " + t(b.expirationTime()) + " ackedPL "
                    + t(b.ackedPartnerLifetime()) + " PL " + t(b.partnerLifetime()) + " pending "
                    + b.partnerUpdatePending());
        }
    }

    private String t(Instant i) {
        return i == null ? "-" : String.format("%.1f", clock.trueNanosOf(i) / 1e9);
    }

    @Override
    public Optional<Binding> get(Resource resource) throws LeaseStoreException {
        return inner.get(resource);
    }

    @Override
    public void put(Binding binding) throws LeaseStoreException {
        trace(binding);
        inner.put(binding);
    }

    @Override
    public void putAll(Collection<Binding> bindings) throws LeaseStoreException {
        bindings.forEach(this::trace);
        inner.putAll(bindings);
    }

    @Override
    public void putAllUnforced(Collection<Binding> bindings) throws LeaseStoreException {
        bindings.forEach(this::trace);
        inner.putAllUnforced(bindings);
    }

    @Override
    public void forEach(Consumer<? super Binding> action) throws LeaseStoreException {
        inner.forEach(action);
    }

    @Override
    public void forEachPendingPartnerUpdate(Consumer<? super Binding> action) throws LeaseStoreException {
        inner.forEachPendingPartnerUpdate(action);
    }

    @Override
    public long size() throws LeaseStoreException {
        return inner.size();
    }

    @Override
    public Optional<EndpointRecord> loadEndpoint() throws LeaseStoreException {
        return inner.loadEndpoint();
    }

    @Override
    public void saveEndpoint(EndpointRecord endpoint) throws LeaseStoreException {
        inner.saveEndpoint(endpoint);
    }

    @Override
    public void close() throws LeaseStoreException {
        inner.close();
    }
}
