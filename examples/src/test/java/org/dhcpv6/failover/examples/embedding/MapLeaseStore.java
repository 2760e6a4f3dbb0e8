package org.dhcpv6.failover.examples.embedding;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.dhcpv6.failover.api.Binding;
import org.dhcpv6.failover.api.EndpointRecord;
import org.dhcpv6.failover.api.LeaseStore;
import org.dhcpv6.failover.api.LeaseStoreException;
import org.dhcpv6.failover.api.Resource;

/**
 * A host's own {@link LeaseStore}, as a team embedding the library would write one over its
 * database: here a map (so "durable" means "in this JVM"; {@link #reopen} stands for a restart
 * that finds the database as it was). Written from the LeaseStore Javadoc alone.
 */
final class MapLeaseStore implements LeaseStore {

    private final Map<Resource, Binding> bindings;
    private final AtomicReference<EndpointRecord> endpoint;
    private volatile boolean closed;

    MapLeaseStore() {
        this(new ConcurrentHashMap<>(), new AtomicReference<>());
    }

    private MapLeaseStore(Map<Resource, Binding> bindings, AtomicReference<EndpointRecord> endpoint) {
        this.bindings = bindings;
        this.endpoint = endpoint;
    }

    /** The same data, as a restarted process would find it. */
    MapLeaseStore reopen() {
        return new MapLeaseStore(bindings, endpoint);
    }

    @Override
    public Optional<Binding> get(Resource resource) throws LeaseStoreException {
        open();
        return Optional.ofNullable(bindings.get(resource));
    }

    @Override
    public void put(Binding binding) throws LeaseStoreException {
        open();
        bindings.put(binding.resource(), binding);
    }

    @Override
    public void putAll(Collection<Binding> batch) throws LeaseStoreException {
        open();
        for (Binding b : batch) {
            bindings.put(b.resource(), b);
        }
    }

    @Override
    public void forEach(Consumer<? super Binding> action) throws LeaseStoreException {
        open();
        bindings.values().forEach(action);
    }

    @Override
    public long size() throws LeaseStoreException {
        open();
        return bindings.size();
    }

    @Override
    public Optional<EndpointRecord> loadEndpoint() throws LeaseStoreException {
        open();
        return Optional.ofNullable(endpoint.get());
    }

    @Override
    public void saveEndpoint(EndpointRecord record) throws LeaseStoreException {
        open();
        endpoint.set(record);
    }

    @Override
    public void close() {
        closed = true;
    }

    boolean isClosed() {
        return closed;
    }

    private void open() throws LeaseStoreException {
        if (closed) {
            throw new LeaseStoreException("map lease store is closed");
        }
    }
}
