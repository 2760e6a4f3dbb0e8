package org.dhcpv6.failover.core.testfixtures;

import java.util.Collection;
import java.util.Optional;
import java.util.function.Consumer;
import org.dhcpv6.failover.api.Binding;
import org.dhcpv6.failover.api.EndpointRecord;
import org.dhcpv6.failover.api.LeaseStore;
import org.dhcpv6.failover.api.LeaseStoreException;
import org.dhcpv6.failover.api.Resource;
import org.dhcpv6.failover.core.store.InMemoryLeaseStore;

/**
 * A test store that passes every call to an in-memory store: extend it and override only what a
 * test counts or breaks.
 */
public abstract class ForwardingLeaseStore implements LeaseStore {

    /** The store every call ends up in (public: tests in other packages read what was really stored). */
    public final InMemoryLeaseStore delegate = new InMemoryLeaseStore();

    @Override
    public Optional<Binding> get(Resource resource) throws LeaseStoreException {
        return delegate.get(resource);
    }

    @Override
    public void put(Binding binding) throws LeaseStoreException {
        delegate.put(binding);
    }

    @Override
    public void putAll(Collection<Binding> all) throws LeaseStoreException {
        delegate.putAll(all);
    }

    @Override
    public void forEach(Consumer<? super Binding> action) throws LeaseStoreException {
        delegate.forEach(action);
    }

    @Override
    public long size() throws LeaseStoreException {
        return delegate.size();
    }

    @Override
    public Optional<EndpointRecord> loadEndpoint() throws LeaseStoreException {
        return delegate.loadEndpoint();
    }

    @Override
    public void saveEndpoint(EndpointRecord endpoint) throws LeaseStoreException {
        delegate.saveEndpoint(endpoint);
    }

    @Override
    public void close() throws LeaseStoreException {
        delegate.close();
    }
}
