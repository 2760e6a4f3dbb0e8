package org.dhcpv6.failover.core.binding;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.dhcpv6.failover.api.Binding;
import org.dhcpv6.failover.api.LeaseStore;
import org.dhcpv6.failover.api.LeaseStoreException;
import org.dhcpv6.failover.api.Resource;

/**
 * The binding table of one endpoint: a concurrent index over the {@link LeaseStore}, read by
 * host threads without locks and changed under a per-resource lock (one of a fixed set of lock
 * stripes), so a host grant racing a partner BNDUPD for the same resource ends in one consistent
 * binding while different resources never wait for each other (no global lock).
 *
 * <p>Every change goes store first, table second, both under the resource's lock: the table never
 * shows a binding the store could lose, and the store never falls behind the table.
 */
public final class BindingTable {

    private static final int STRIPES = 1024;

    private final LeaseStore store;
    private final ConcurrentHashMap<Resource, Binding> bindings = new ConcurrentHashMap<>();
    private final ReentrantLock[] locks = new ReentrantLock[STRIPES];

    /** A table over {@code store}; call {@link #load()} before use. */
    public BindingTable(LeaseStore store) {
        this.store = Objects.requireNonNull(store, "store");
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    /** Loads every stored binding into the index (at startup). */
    public void load() throws LeaseStoreException {
        bindings.clear();
        store.forEach(b -> bindings.put(b.resource(), b));
    }

    /** The binding of a resource, or null; lock-free. */
    public Binding get(Resource resource) {
        return bindings.get(resource);
    }

    /** How many bindings the table holds. */
    public int size() {
        return bindings.size();
    }

    /** Every binding (a weakly consistent view, as of some moment during the iteration). */
    public void forEach(Consumer<Binding> action) {
        bindings.values().forEach(action);
    }

    /** A read-only live view, for tests and diagnostics. */
    public Map<Resource, Binding> view() {
        return java.util.Collections.unmodifiableMap(bindings);
    }

    /** Locks one resource; use with try-with-resources and keep the section short. */
    public Locked lock(Resource resource) {
        ReentrantLock lock = locks[Math.floorMod(resource.hashCode(), STRIPES)];
        lock.lock();
        return lock::unlock;
    }

    /**
     * Durably stores the binding and publishes it. The caller holds the resource's lock.
     *
     * @throws LeaseStoreException if the store refused the write; the table is then unchanged
     */
    public void commit(Binding binding) throws LeaseStoreException {
        store.put(binding);
        bindings.put(binding.resource(), binding);
    }

    /**
     * Changes many bindings with one durable write (one flush for a journal store): every
     * resource's lock is held while {@code change} decides and the batch is stored. Locks are
     * taken in stripe order, and a host thread holds at most one, so this cannot deadlock.
     *
     * @param change the new binding for a resource given its current one (null: leave it)
     * @return the bindings committed
     */
    public java.util.List<Binding> commitAll(java.util.Collection<? extends Resource> resources,
            java.util.function.BiFunction<Resource, Binding, Binding> change) throws LeaseStoreException {
        java.util.TreeSet<Integer> stripes = new java.util.TreeSet<>();
        for (Resource r : resources) {
            stripes.add(Math.floorMod(r.hashCode(), STRIPES));
        }
        for (int stripe : stripes) {
            locks[stripe].lock();
        }
        try {
            java.util.List<Binding> next = new java.util.ArrayList<>(resources.size());
            for (Resource r : resources) {
                Binding b = change.apply(r, bindings.get(r));
                if (b != null) {
                    next.add(b);
                }
            }
            store.putAll(next);
            for (Binding b : next) {
                bindings.put(b.resource(), b);
            }
            return next;
        } finally {
            for (int stripe : stripes.descendingSet()) {
                locks[stripe].unlock();
            }
        }
    }

    /** A held resource lock. */
    @FunctionalInterface
    public interface Locked extends AutoCloseable {
        /** Releases the lock. */
        @Override
        void close();
    }
}
