package org.dhcpv6.failover.api;

import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * The binding database as failover sees it, for one failover endpoint: bindings keyed by
 * {@link Resource}, and the endpoint's own persisted state ({@link EndpointRecord}).
 *
 * <p>A host may implement it over its own database; the library ships an in-memory store (tests,
 * demos), a durable journal store (the embedded default) and a JDBC store for PostgreSQL.
 * {@code LeaseStoreContractTest} in failover-core's test-jar checks an implementation against this
 * contract; extend it with a factory for your store.
 *
 * <p><b>Who calls what.</b> The engine calls {@link #loadEndpoint} and {@link #forEach} once,
 * when the endpoint is built, before anything else; then {@link #put} (host request threads, from
 * {@code LeaseHooks.beforeReply}), {@link #putAsync} (from {@code LeaseHooks.beforeReplyAsync}), {@link #putAll} (the event loop, for bindings received from the
 * partner and for expiry), {@link #putAllUnforced} (the event loop, for the partner's
 * acknowledgements of our updates) and {@link #saveEndpoint} (the event loop, on every state change and a
 * periodic heartbeat). {@link #get}, {@link #size} and {@link #forEachPendingPartnerUpdate} are
 * never called by the engine: they serve hosts, tools and the contract test, which reads a store
 * through them without knowing its type.
 *
 * <p><b>Threads.</b> Implementations must be thread-safe: host request threads call {@link #put}
 * while the event loop calls {@link #putAll} and {@link #saveEndpoint}, concurrently. Two calls
 * for the same resource never overlap (the engine holds the resource's lock), but calls for
 * different resources do. Calls may block for as long as a durable write takes; a write that
 * blocks holds up that host thread or the event loop, so a store should fail (throw) rather than
 * wait without bound.
 *
 * <p><b>Durability.</b> When {@link #put}, {@link #putAll} or {@link #saveEndpoint} returns
 * normally, everything it was given must survive a crash of the process or the machine (RFC 8156
 * §7.5.2: a BNDREPLY is sent only after the binding is in stable storage; a host replies to a
 * client only after {@code beforeReply} committed). A failure throws {@link LeaseStoreException};
 * the caller then treats the whole write as not done: the host gets {@code NOT_COMMITTED} and does
 * not reply, the engine does not acknowledge the partner's update (the partner sends it again).
 * {@link #putAll} therefore promises "all durable on normal return"; on an exception any part of
 * the batch may or may not have been stored, and a later {@link #forEach} may show it. It need
 * not be atomic, since every binding in it is a whole replacement that the partner re-sends, but
 * it should be written with one flush (one transaction, one fsync): that is why it exists.
 *
 * <p><b>Values.</b> A store gives back exactly what it was given: {@link #forEach} and
 * {@link #get} return bindings {@code equals} to those last stored, with every {@link
 * java.time.Instant} at full nanosecond precision (truncating to milliseconds or seconds changes
 * the engine's comparisons after a restart), and {@link #loadEndpoint} the record last saved.
 * Null fields of {@link Binding} and {@link EndpointRecord} stay null.
 *
 * <p><b>Closing.</b> The host opens the store, gives it to {@code FailoverServer}, closes the
 * server, then closes the store: the server never closes a store. {@link #close} flushes and
 * releases resources; closing a second time does nothing and throws nothing; every other method
 * called after close throws {@link LeaseStoreException}.
 */
public interface LeaseStore extends AutoCloseable {

    /** The binding of this resource, if the store has one. */
    Optional<Binding> get(Resource resource) throws LeaseStoreException;

    /** Durably stores a binding, replacing any binding of the same resource. */
    void put(Binding binding) throws LeaseStoreException;

    /**
     * Starts storing a binding durably and returns without waiting for the flush: the stage
     * completes normally once the binding is durable, exceptionally (with a
     * {@link LeaseStoreException}, possibly wrapped) when the write failed or was not confirmed in
     * time; then treat it as not done, as a failed {@link #put}. Writes are applied in call order:
     * a later write of the same resource never lands before this one. The stage may complete on a
     * thread of the store, so callers keep what they chain on it short.
     *
     * <p>Used by {@code LeaseHooks.beforeReplyAsync}. The default calls {@link #put} on the
     * calling thread and returns a completed stage; a store that shares flushes (the journal
     * store) overrides it so that one flush covers every write in flight.
     */
    default CompletionStage<Void> putAsync(Binding binding) {
        try {
            put(binding);
            return CompletableFuture.completedFuture(null);
        } catch (LeaseStoreException | RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Durably stores several bindings, each replacing any binding of its resource: all of them are
     * durable when this returns normally; after an exception, any part may or may not be (see the
     * class comment). The default calls {@link #put} for each; a store should override it to
     * write the batch with one flush or transaction.
     */
    default void putAll(Collection<Binding> bindings) throws LeaseStoreException {
        for (Binding b : bindings) {
            put(b);
        }
    }

    /**
     * Stores several bindings as {@link #putAll} does, but need not make them durable before it
     * returns: they must be stored no later than the next durable write of this store (any {@link
     * #put}, {@link #putAsync}, {@link #putAll} or {@link #saveEndpoint} that starts after this
     * returns) or {@link #close}, and in call order with those writes; a crash before then may
     * lose them. Reads see them at once.
     *
     * <p>The engine uses it only for writes whose loss in a crash is safe: the record that the
     * partner acknowledged one of our updates (lost, the update is sent again). A store that shares
     * flushes (the journal store) adds them to the next flush instead of forcing one of their own.
     * The default calls {@link #putAll}, which is always correct; the JDBC store keeps it.
     */
    default void putAllUnforced(Collection<Binding> bindings) throws LeaseStoreException {
        putAll(bindings);
    }

    /**
     * Calls {@code action} for every stored binding, in no particular order. The action must not
     * call back into this store.
     */
    void forEach(Consumer<? super Binding> action) throws LeaseStoreException;

    /**
     * Calls {@code action} for every binding whose partner update is pending
     * ({@link Binding#partnerUpdatePending()}); the default filters {@link #forEach}.
     */
    default void forEachPendingPartnerUpdate(Consumer<? super Binding> action) throws LeaseStoreException {
        forEach(b -> {
            if (b.partnerUpdatePending()) {
                action.accept(b);
            }
        });
    }

    /** How many bindings the store holds. */
    long size() throws LeaseStoreException;

    /** The endpoint record last saved, or empty when the store has never held one. */
    Optional<EndpointRecord> loadEndpoint() throws LeaseStoreException;

    /** Durably saves the endpoint record. */
    void saveEndpoint(EndpointRecord endpoint) throws LeaseStoreException;

    /**
     * Flushes and releases resources. A second close does nothing; any other call after close
     * throws {@link LeaseStoreException}.
     */
    @Override
    void close() throws LeaseStoreException;
}
