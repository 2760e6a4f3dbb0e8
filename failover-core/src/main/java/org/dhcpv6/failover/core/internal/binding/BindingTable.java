package org.dhcpv6.failover.core.internal.binding;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.dhcpv6.failover.api.Binding;
import org.dhcpv6.failover.api.ClientIdentity;
import org.dhcpv6.failover.api.LeaseStore;
import org.dhcpv6.failover.api.LeaseStoreException;
import org.dhcpv6.failover.api.Resource;
import org.dhcpv6.failover.core.store.CommitTimeoutException;

/**
 * The binding table of one endpoint: a concurrent index over the {@link LeaseStore}, read by
 * host threads without locks and changed under a per-resource lock (one of a fixed set of lock
 * stripes), so a host grant racing a partner BNDUPD for the same resource ends in one consistent
 * binding while different resources never wait for each other (no global lock).
 *
 * <p>Every change goes store first, table second, both under the resource's lock: the store never
 * falls behind the table. The one exception is a batch of deferred writes ({@link
 * #beginDeferredWrites}): the thread that owns the endpoint may publish many changes and store
 * them with one durable write at the end of its turn, provided nothing that depends on them leaves
 * the endpoint before that write (the engine holds its outgoing messages until then). Host threads
 * always write through, so a host's grant is durable before its REPLY whatever the loop does;
 * an asynchronous grant ({@link #commitAsync}) is published when it is queued, and its REPLY waits
 * for the store's flush.
 */
public final class BindingTable {

    private static final int STRIPES = 1024;

    private final LeaseStore store;
    private final ConcurrentHashMap<Resource, Binding> bindings = new ConcurrentHashMap<>();
    /** Lookups by client, kept from the first {@link #bindingsOf} on (see {@link ClientIndex}). */
    private final ClientIndex clients = new ClientIndex();
    private final ReentrantLock[] locks = new ReentrantLock[STRIPES];
    /** Each stripe's release, made once: {@link #lock} runs for every binding a partner sends. */
    private final Locked[] releases = new Locked[STRIPES];
    private final DeferredBatch deferred = new DeferredBatch();
    private final PoolTally tally;
    /**
     * Resources with an asynchronous write queued and not yet answered by the store, with how many:
     * their table binding may not be durable, so nothing may tell the partner of it yet.
     */
    private final ConcurrentHashMap<Resource, Integer> notDurable = new ConcurrentHashMap<>();

    /** A table over {@code store}; call {@link #load()} before use. */
    public BindingTable(LeaseStore store) {
        this(store, PoolTally.none());
    }

    /** A table over {@code store} that keeps {@code tally} up to date; call {@link #load()} before use. */
    public BindingTable(LeaseStore store, PoolTally tally) {
        this.store = Objects.requireNonNull(store, "store");
        this.tally = Objects.requireNonNull(tally, "tally");
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new ReentrantLock();
            releases[i] = locks[i]::unlock;
        }
    }

    /** Loads every stored binding into the index (at startup). */
    public void load() throws LeaseStoreException {
        bindings.clear();
        clients.clear();
        tally.clear();
        store.forEach(b -> publish(b.resource(), b));
    }

    /** The binding of a resource, or null; lock-free. */
    public Binding get(Resource resource) {
        return bindings.get(resource);
    }

    /**
     * The bindings that name {@code client}, whatever their status; lock-free and weakly
     * consistent, as {@link #get}.
     */
    public List<Binding> bindingsOf(ClientIdentity client) {
        if (!clients.kept() && !buildClientIndex()) {
            return ClientIndex.scan(bindings.values(), client);
        }
        return clients.bindingsOf(client, bindings);
    }

    /**
     * Puts (or, for null, removes) a resource's binding. Every change of the index goes through
     * here, so the client index and the pool tally see each one once.
     */
    private Binding publish(Resource resource, Binding next) {
        Binding before = next == null ? bindings.remove(resource) : bindings.put(resource, next);
        tally.changed(before, next);
        if (clients.kept()) {
            clients.changed(resource, before, next);
        }
        return before;
    }

    /**
     * Builds the client index from the table with every stripe lock held (no change is published
     * meanwhile) and keeps it from then on. The locks are only tried, never waited for: a lookup
     * never waits for a store write in progress, and a caller that already holds a stripe lock
     * (a listener told of a change under it) cannot deadlock against a multi-resource commit.
     *
     * @return whether the index is kept now; if not, some lock was busy and a later call tries again
     */
    private boolean buildClientIndex() {
        int held = 0;
        try {
            while (held < STRIPES && locks[held].tryLock()) {
                held++;
            }
            if (held < STRIPES) {
                return clients.kept();
            }
            if (!clients.kept()) {
                clients.build(bindings.values());
            }
            return true;
        } finally {
            for (int i = held - 1; i >= 0; i--) {
                locks[i].unlock();
            }
        }
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
        int stripe = Math.floorMod(resource.hashCode(), STRIPES);
        locks[stripe].lock();
        return releases[stripe];
    }

    /**
     * Durably stores the binding and publishes it. The caller holds the resource's lock.
     *
     * @throws LeaseStoreException if the store refused the write; the table is then unchanged,
     *         except after a {@link CommitTimeoutException}: the write may still land, so the
     *         table takes what the store now holds (a restart then loads what the table held)
     */
    public void commit(Binding binding) throws LeaseStoreException {
        if (deferring()) {
            deferred.add(binding.resource(), publish(binding.resource(), binding), binding, false);
            return;
        }
        try {
            store.put(binding);
        } catch (CommitTimeoutException e) {
            followStore(binding.resource());
            throw e;
        }
        publish(binding.resource(), binding);
    }

    /**
     * As {@link #commit}, for a change whose loss in a crash is safe (the store then still holds
     * the binding as before, which the engine handles as if the change had not happened): in a
     * batch whose changes are all of this kind, the batch is stored with {@link
     * LeaseStore#putAllUnforced}, so what the turn holds back need not wait for a flush. Outside a
     * batch, or in a batch with any other change, it is forced as every commit.
     */
    public void commitUnforced(Binding binding) throws LeaseStoreException {
        if (deferring()) {
            deferred.add(binding.resource(), publish(binding.resource(), binding), binding, true);
            return;
        }
        commit(binding);
    }

    /** Publishes what the store holds for the resource; a store that cannot say changes nothing. */
    private void followStore(Resource resource) {
        try {
            Binding held = store.get(resource).orElse(null);
            if (!Objects.equals(held, bindings.get(resource))) {
                publish(resource, held);
            }
        } catch (LeaseStoreException | RuntimeException e) {
            // The caller reports the timeout; the table keeps what it had.
        }
    }

    /**
     * Queues a durable write of the binding and publishes it at once; the caller holds the
     * resource's lock, so later decisions for the resource see it and the store gets the writes in
     * the order they were decided. The future completes when the store made it durable; if the
     * write fails the binding is taken back out ({@link #takeBack}). A write the store refuses at
     * once is not published.
     */
    public CompletableFuture<Void> commitAsync(Binding binding) {
        Resource resource = binding.resource();
        Binding before = bindings.get(resource);
        CompletableFuture<Void> flushed;
        try {
            CompletionStage<Void> stage = store.putAsync(binding);
            flushed = stage == null
                    ? CompletableFuture.failedFuture(new LeaseStoreException("the store's putAsync returned no stage"))
                    : stage.toCompletableFuture();
        } catch (RuntimeException e) {
            flushed = CompletableFuture.failedFuture(e);
        }
        if (flushed.isCompletedExceptionally()) {
            return flushed;
        }
        notDurable.merge(resource, 1, Integer::sum);
        publish(resource, binding);
        return flushed.whenComplete((ok, e) -> {
            if (e != null) {
                takeBack(before, binding);
            }
            notDurable.computeIfPresent(resource, (r, n) -> n == 1 ? null : n - 1);
        });
    }

    /**
     * Whether an asynchronous write of the resource is still waiting for the store: its binding in
     * the table may not be durable yet, so it must not be sent to the partner (a BNDUPD of a
     * binding this server could lose in a crash). The host's {@code afterReply} queues it again
     * once it is durable.
     */
    public boolean awaitingDurability(Resource resource) {
        return !notDurable.isEmpty() && notDurable.containsKey(resource);
    }

    /**
     * Puts {@code before} back (null: nothing) where {@code published} is still the resource's
     * binding: the store did not make {@code published} durable. A binding written since stands.
     */
    public void takeBack(Binding before, Binding published) {
        try (Locked l = lock(published.resource())) {
            if (bindings.get(published.resource()) == published) {
                publish(published.resource(), before);
            }
        }
    }

    /**
     * Opens a batch: until {@link #endDeferredWrites}, the calling thread's {@link #commit}s are
     * published at once and stored together later. Only the endpoint's own thread may call this,
     * and it must hold back everything that depends on those writes until they are durable.
     */
    public void beginDeferredWrites() {
        deferred.open();
    }

    /** Whether the calling thread's commits are being deferred (it owns the open batch). */
    public boolean deferring() {
        return deferred.ownedByCaller();
    }

    /** How many changes the open batch holds, not yet stored. */
    public int deferredWrites() {
        return deferred.size();
    }

    /**
     * Stores the open batch's changes so far with one {@link LeaseStore#putAll} and keeps the
     * batch open. Each resource is stored as the table holds it now, so a host's later grant of
     * the same resource is never overwritten by an older value. A batch of {@link #commitUnforced}
     * changes only is stored unforced. On failure every change of the
     * batch that no host overwrote since is taken back out of the table (the table never keeps
     * what the store refused), and the batch is marked failed; after a {@link CommitTimeoutException}
     * the table takes what the store holds instead, since the batch may still land.
     *
     * @throws LeaseStoreException if the store refused the batch
     */
    public void flushDeferredWrites() throws LeaseStoreException {
        if (!deferring() || deferred.size() == 0) {
            return;
        }
        BitSet stripes = stripesOf(deferred.resources());
        lockAll(stripes);
        try {
            List<Binding> current = new ArrayList<>(deferred.size());
            for (Resource r : deferred.resources()) {
                current.add(bindings.get(r));
            }
            try {
                if (deferred.unforcedOnly()) {
                    store.putAllUnforced(current);
                } else {
                    store.putAll(current);
                }
            } catch (CommitTimeoutException e) {
                // The batch may still land with the stuck flush: hold what the store holds.
                deferred.markFailed();
                deferred.resources().forEach(this::followStore);
                throw e;
            } catch (LeaseStoreException | RuntimeException e) {
                deferred.markFailed();
                deferred.forEach((r, d) -> {
                    // A host grant since then was written through; it stands.
                    if (bindings.get(r) == d.published()) {
                        publish(r, d.before());
                    }
                });
                throw e;
            } finally {
                deferred.clear();
            }
        } finally {
            unlockAll(stripes);
        }
    }

    /**
     * Stores what is left of the batch and closes it; commits write through again.
     *
     * @throws LeaseStoreException if this or an earlier write of the batch failed: whatever was
     *         held back for the batch must not be released
     */
    public void endDeferredWrites() throws LeaseStoreException {
        try {
            flushDeferredWrites();
            if (deferred.failed()) {
                throw new LeaseStoreException("an earlier write of this batch failed");
            }
        } finally {
            deferred.close();
        }
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
        BitSet stripes = stripesOf(resources);
        lockAll(stripes);
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
                publish(b.resource(), b);
            }
            return next;
        } finally {
            unlockAll(stripes);
        }
    }

    private static BitSet stripesOf(java.util.Collection<? extends Resource> resources) {
        BitSet stripes = new BitSet(STRIPES);
        for (Resource r : resources) {
            stripes.set(Math.floorMod(r.hashCode(), STRIPES));
        }
        return stripes;
    }

    /** Takes the stripes' locks in ascending order, the one order every multi-lock taker uses. */
    private void lockAll(BitSet stripes) {
        for (int i = stripes.nextSetBit(0); i >= 0; i = stripes.nextSetBit(i + 1)) {
            locks[i].lock();
        }
    }

    private void unlockAll(BitSet stripes) {
        for (int i = stripes.previousSetBit(STRIPES - 1); i >= 0; i = stripes.previousSetBit(i - 1)) {
            locks[i].unlock();
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
