package org.dhcpv6.failover.core.internal.engine;

import java.time.Duration;
import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.dhcpv6.failover.api.Binding;
import org.dhcpv6.failover.api.EndpointRecord;
import org.dhcpv6.failover.api.LeaseStore;
import org.dhcpv6.failover.api.LeaseStoreException;
import org.dhcpv6.failover.api.Resource;

/**
 * The endpoint's view of its {@link LeaseStore}: every call goes through, and a failure, from any
 * thread, is noted for the event loop, which then stops serving until a probe write works again
 * (docs/decisions/0002-store-outage.md). The outage fields are the loop's alone.
 */
final class StoreGuard implements LeaseStore {

    private static final Duration FIRST_PROBE = Duration.ofSeconds(1);
    private static final Duration MAX_PROBE = Duration.ofSeconds(10);

    private final LeaseStore store;
    private volatile boolean failedSinceChecked;
    private volatile Runnable onFailure = () -> { };
    private boolean down;
    private Duration probeDelay = FIRST_PROBE;
    private long nextProbeNanos;

    StoreGuard(LeaseStore store) {
        this.store = store;
    }

    /** What to call when a call fails (the runtime wakes its event loop). */
    void onFailure(Runnable action) {
        this.onFailure = action;
    }

    private LeaseStoreException failed(LeaseStoreException e) {
        failedSinceChecked = true;
        onFailure.run();
        return e;
    }

    /** On the loop: whether a call failed since the last time this was asked. */
    boolean takeFailure() {
        boolean failed = failedSinceChecked;
        failedSinceChecked = false;
        return failed;
    }

    boolean down() {
        return down;
    }

    /** The loop stops serving: the first probe comes after a second. */
    void markDown(Now now) {
        down = true;
        probeDelay = FIRST_PROBE;
        nextProbeNanos = now.nanos() + probeDelay.toNanos();
    }

    void markUp() {
        down = false;
        failedSinceChecked = false;
    }

    boolean probeDue(Now now) {
        return down && now.nanos() - nextProbeNanos >= 0;
    }

    long nextProbeNanos() {
        return nextProbeNanos;
    }

    /** A probe failed: the next one waits twice as long, up to ten seconds. */
    void probeFailed(Now now) {
        Duration doubled = probeDelay.multipliedBy(2);
        probeDelay = doubled.compareTo(MAX_PROBE) > 0 ? MAX_PROBE : doubled;
        nextProbeNanos = now.nanos() + probeDelay.toNanos();
        failedSinceChecked = false;
    }

    /** Forwards; a write that fails, now or when its flush ends, is noted as any other failure. */
    @Override
    public CompletionStage<Void> putAsync(Binding binding) {
        CompletionStage<Void> stage;
        try {
            stage = store.putAsync(binding);
        } catch (RuntimeException e) {
            failedSinceChecked = true;
            onFailure.run();
            return CompletableFuture.failedFuture(e);
        }
        if (stage == null) {
            failedSinceChecked = true;
            onFailure.run();
            return CompletableFuture.failedFuture(new LeaseStoreException("the store's putAsync returned no stage"));
        }
        return stage.whenComplete((ok, e) -> {
            if (e != null) {
                failedSinceChecked = true;
                onFailure.run();
            }
        });
    }

    @Override
    public Optional<Binding> get(Resource resource) throws LeaseStoreException {
        try {
            return store.get(resource);
        } catch (LeaseStoreException e) {
            throw failed(e);
        }
    }

    @Override
    public void put(Binding binding) throws LeaseStoreException {
        try {
            store.put(binding);
        } catch (LeaseStoreException e) {
            throw failed(e);
        }
    }

    @Override
    public void putAll(Collection<Binding> bindings) throws LeaseStoreException {
        try {
            store.putAll(bindings);
        } catch (LeaseStoreException e) {
            throw failed(e);
        }
    }

    @Override
    public void putAllUnforced(Collection<Binding> bindings) throws LeaseStoreException {
        try {
            store.putAllUnforced(bindings);
        } catch (LeaseStoreException e) {
            throw failed(e);
        }
    }

    @Override
    public void forEach(Consumer<? super Binding> action) throws LeaseStoreException {
        try {
            store.forEach(action);
        } catch (LeaseStoreException e) {
            throw failed(e);
        }
    }

    @Override
    public void forEachPendingPartnerUpdate(Consumer<? super Binding> action) throws LeaseStoreException {
        try {
            store.forEachPendingPartnerUpdate(action);
        } catch (LeaseStoreException e) {
            throw failed(e);
        }
    }

    @Override
    public long size() throws LeaseStoreException {
        try {
            return store.size();
        } catch (LeaseStoreException e) {
            throw failed(e);
        }
    }

    @Override
    public Optional<EndpointRecord> loadEndpoint() throws LeaseStoreException {
        try {
            return store.loadEndpoint();
        } catch (LeaseStoreException e) {
            throw failed(e);
        }
    }

    @Override
    public void saveEndpoint(EndpointRecord endpoint) throws LeaseStoreException {
        try {
            store.saveEndpoint(endpoint);
        } catch (LeaseStoreException e) {
            throw failed(e);
        }
    }

    /** The endpoint record's writer: a state record is never durable before the binding writes that led to it. */
    RecordWriter recordWriter(org.dhcpv6.failover.core.internal.binding.BindingTable table) {
        return new RecordWriter() {
            @Override
            public void save(EndpointRecord record) throws LeaseStoreException {
                table.flushDeferredWrites();
                saveEndpoint(record);
            }

            @Override
            public void check() throws LeaseStoreException {
                size();
            }
        };
    }

    @Override
    public void close() throws LeaseStoreException {
        store.close();
    }
}
