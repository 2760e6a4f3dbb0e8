package org.dhcpv6.failover.core.store;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;
import org.dhcpv6.failover.api.Binding;
import org.dhcpv6.failover.api.EndpointRecord;
import org.dhcpv6.failover.api.LeaseStore;
import org.dhcpv6.failover.api.LeaseStoreException;
import org.dhcpv6.failover.api.Resource;

/**
 * A {@link LeaseStore} held only in memory, for tests, simulations and demos. "Durable" here means
 * "until {@link #clear()} or the end of the process": a restart that loses storage is simulated by
 * {@link #clear()} or a new instance, a restart that keeps it by reusing the instance.
 *
 * <p>Thread-safe; no call blocks.
 */
public final class InMemoryLeaseStore implements LeaseStore {

    private final ConcurrentMap<Resource, Binding> bindings = new ConcurrentHashMap<>();
    private volatile EndpointRecord endpoint;
    private volatile boolean closed;

    /** An empty, open store. */
    public InMemoryLeaseStore() {
    }

    @Override
    public Optional<Binding> get(Resource resource) throws LeaseStoreException {
        Objects.requireNonNull(resource, "resource");
        checkOpen();
        return Optional.ofNullable(bindings.get(resource));
    }

    @Override
    public void put(Binding binding) throws LeaseStoreException {
        Objects.requireNonNull(binding, "binding");
        checkOpen();
        bindings.put(binding.resource(), binding);
    }

    @Override
    public void forEach(Consumer<? super Binding> action) throws LeaseStoreException {
        Objects.requireNonNull(action, "action");
        checkOpen();
        bindings.values().forEach(action);
    }

    @Override
    public long size() throws LeaseStoreException {
        checkOpen();
        return bindings.size();
    }

    @Override
    public Optional<EndpointRecord> loadEndpoint() throws LeaseStoreException {
        checkOpen();
        return Optional.ofNullable(endpoint);
    }

    @Override
    public void saveEndpoint(EndpointRecord record) throws LeaseStoreException {
        Objects.requireNonNull(record, "record");
        checkOpen();
        endpoint = record;
    }

    /** Forgets every binding and the endpoint record, as a server whose disk was replaced would. */
    public void clear() {
        bindings.clear();
        endpoint = null;
    }

    /** Marks the store closed; later calls throw. Closing twice does nothing. */
    @Override
    public void close() {
        closed = true;
    }

    private void checkOpen() throws LeaseStoreException {
        if (closed) {
            throw new LeaseStoreException("in-memory lease store is closed");
        }
    }
}
