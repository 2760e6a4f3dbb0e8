package org.dhcpv6.failover.api;

import java.util.Collection;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The binding database as failover sees it, for one failover endpoint: bindings keyed by
 * {@link Resource}, and the endpoint's own persisted state ({@link EndpointRecord}).
 *
 * <p>A host may implement it over its own database; the library ships an in-memory store (tests,
 * demos), a durable journal store (the embedded default) and a JDBC store for PostgreSQL.
 *
 * <p><b>Threads.</b> Implementations must be thread-safe: host request threads call
 * {@link #put} from the before-REPLY hook while the endpoint's event loop writes bindings it
 * received from the partner. Calls may block for as long as a durable write takes.
 *
 * <p><b>Durability.</b> When {@link #put}, {@link #putAll} or {@link #saveEndpoint} returns
 * normally the write must survive a crash of the process (RFC 8156 §7.5.2: a BNDREPLY is sent only
 * after the binding is in stable storage). A failure throws {@link LeaseStoreException}; the caller
 * then treats the write as not done.
 */
public interface LeaseStore extends AutoCloseable {

    /** The binding of this resource, if the store has one. */
    Optional<Binding> get(Resource resource) throws LeaseStoreException;

    /** Durably stores a binding, replacing any binding of the same resource. */
    void put(Binding binding) throws LeaseStoreException;

    /**
     * Durably stores several bindings; the default calls {@link #put} for each, stores with
     * group commit should write them with one flush.
     */
    default void putAll(Collection<Binding> bindings) throws LeaseStoreException {
        for (Binding b : bindings) {
            put(b);
        }
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

    /** Flushes and releases resources. Further calls fail with {@link LeaseStoreException}. */
    @Override
    void close() throws LeaseStoreException;
}
