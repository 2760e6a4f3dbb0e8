package org.dhcpv6.failover.core.sim;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.dhcpv6.failover.api.Binding;
import org.dhcpv6.failover.api.EndpointRecord;
import org.dhcpv6.failover.api.LeaseStore;
import org.dhcpv6.failover.api.LeaseStoreException;
import org.dhcpv6.failover.api.Resource;
import org.dhcpv6.failover.core.store.InMemoryLeaseStore;

/**
 * A simulated server's store as a journal behaves: every write but {@link #putAllUnforced} is
 * durable when it returns; unforced writes are seen by reads at once but reach the disk only with
 * the next durable write (which, appended after them, forces them too) or {@link #close}, and a
 * crash before that loses them ({@link #crash}).
 */
final class SimDisk implements LeaseStore {

    private final InMemoryLeaseStore disk = new InMemoryLeaseStore();
    /** Unforced writes not yet on the disk, per resource the last one. */
    private final Map<Resource, Binding> unforced = new LinkedHashMap<>();

    /** The process died: what was not forced is gone. Returns how many bindings that undid. */
    synchronized int crash() {
        int lost = unforced.size();
        unforced.clear();
        return lost;
    }

    /** A graceful exit: the host closes the store after the server, which forces what is left. */
    synchronized void closedByHost() {
        try {
            force();
        } catch (LeaseStoreException e) {
            throw new IllegalStateException(e);
        }
    }

    private void force() throws LeaseStoreException {
        for (Binding b : unforced.values()) {
            disk.put(b);
        }
        unforced.clear();
    }

    @Override
    public synchronized Optional<Binding> get(Resource resource) throws LeaseStoreException {
        Binding b = unforced.get(resource);
        return b != null ? Optional.of(b) : disk.get(resource);
    }

    @Override
    public synchronized void put(Binding binding) throws LeaseStoreException {
        force();
        disk.put(binding);
    }

    @Override
    public synchronized void putAll(Collection<Binding> bindings) throws LeaseStoreException {
        force();
        disk.putAll(bindings);
    }

    @Override
    public synchronized void putAllUnforced(Collection<Binding> bindings) throws LeaseStoreException {
        disk.loadEndpoint(); // throws once closed, as every write
        for (Binding b : bindings) {
            unforced.put(b.resource(), b);
        }
    }

    @Override
    public synchronized void forEach(Consumer<? super Binding> action) throws LeaseStoreException {
        disk.forEach(b -> {
            if (!unforced.containsKey(b.resource())) {
                action.accept(b);
            }
        });
        unforced.values().forEach(action);
    }

    @Override
    public synchronized long size() throws LeaseStoreException {
        long onlyUnforced = 0;
        for (Resource r : unforced.keySet()) {
            if (disk.get(r).isEmpty()) {
                onlyUnforced++;
            }
        }
        return disk.size() + onlyUnforced;
    }

    @Override
    public synchronized Optional<EndpointRecord> loadEndpoint() throws LeaseStoreException {
        return disk.loadEndpoint();
    }

    @Override
    public synchronized void saveEndpoint(EndpointRecord endpoint) throws LeaseStoreException {
        force();
        disk.saveEndpoint(endpoint);
    }

    @Override
    public synchronized void close() throws LeaseStoreException {
        force();
        disk.close();
    }
}
