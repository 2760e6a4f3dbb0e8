package org.dhcpv6.failover.core.internal.engine;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.dhcpv6.failover.api.Binding;
import org.dhcpv6.failover.api.LeaseStoreException;
import org.dhcpv6.failover.core.testfixtures.ForwardingLeaseStore;

/**
 * An in-memory store that counts its durable writes (each {@code put} or {@code putAll} is one
 * flush, as in the journal store) and can be told to refuse them, as a full disk would.
 */
public final class CountingStore extends ForwardingLeaseStore {

    /** The size of every durable write, in order ({@code put} counts as a write of one). */
    public final List<Integer> writes = new ArrayList<>();
    /** While set, every binding write fails. */
    public volatile boolean failing;

    @Override
    public synchronized void put(Binding binding) throws LeaseStoreException {
        check();
        super.put(binding);
        writes.add(1);
    }

    @Override
    public synchronized void putAll(Collection<Binding> all) throws LeaseStoreException {
        check();
        super.putAll(all);
        writes.add(all.size());
    }

    /** The size of every unforced write ({@code putAllUnforced}), in order. */
    public final List<Integer> unforcedWrites = new ArrayList<>();

    @Override
    public synchronized void putAllUnforced(Collection<Binding> all) throws LeaseStoreException {
        check();
        super.putAll(all);
        unforcedWrites.add(all.size());
    }

    private void check() throws LeaseStoreException {
        if (failing) {
            throw new LeaseStoreException("disk full (injected)");
        }
    }
}
