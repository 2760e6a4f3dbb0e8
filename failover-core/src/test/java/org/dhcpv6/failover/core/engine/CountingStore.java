package org.dhcpv6.failover.core.engine;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.dhcpv6.failover.api.Binding;
import org.dhcpv6.failover.api.EndpointRecord;
import org.dhcpv6.failover.api.LeaseStore;
import org.dhcpv6.failover.api.LeaseStoreException;
import org.dhcpv6.failover.api.Resource;
import org.dhcpv6.failover.core.store.InMemoryLeaseStore;

/**
 * An in-memory store that counts its durable writes (each {@code put} or {@code putAll} is one
 * flush, as in the journal store) and can be told to refuse them, as a full disk would.
 */
public final class CountingStore implements LeaseStore {

    private final InMemoryLeaseStore delegate = new InMemoryLeaseStore();
    /** The size of every durable write, in order ({@code put} counts as a write of one). */
    public final List<Integer> writes = new ArrayList<>();
    /** While set, every binding write fails. */
    public volatile boolean failing;

    @Override
    public Optional<Binding> get(Resource resource) throws LeaseStoreException {
        return delegate.get(resource);
    }

    @Override
    public synchronized void put(Binding binding) throws LeaseStoreException {
        check();
        delegate.put(binding);
        writes.add(1);
    }

    @Override
    public synchronized void putAll(Collection<Binding> all) throws LeaseStoreException {
        check();
        delegate.putAll(all);
        writes.add(all.size());
    }

    private void check() throws LeaseStoreException {
        if (failing) {
            throw new LeaseStoreException("disk full (injected)");
        }
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
