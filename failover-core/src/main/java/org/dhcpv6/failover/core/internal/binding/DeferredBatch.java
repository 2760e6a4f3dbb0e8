package org.dhcpv6.failover.core.internal.binding;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import org.dhcpv6.failover.api.Binding;
import org.dhcpv6.failover.api.Resource;

/**
 * The open batch of {@link BindingTable}'s deferred writes: per resource changed, what the table
 * held before the batch and what it published last, and whether every change of the batch may be
 * stored unforced. Only the batch's owner thread touches it, save {@link #ownedByCaller}.
 */
final class DeferredBatch {

    /** A resource's change in the batch: the binding before it and the one published last. */
    record Change(Binding before, Binding published, boolean unforced) {
    }

    /** The thread whose commits are deferred, or null when no batch is open. */
    private volatile Thread owner;
    private final Map<Resource, Change> changes = new LinkedHashMap<>();
    /** Resources whose change must be forced; with none, the batch is stored unforced. */
    private int forced;
    private boolean failed;

    void open() {
        clear();
        failed = false;
        owner = Thread.currentThread();
    }

    void close() {
        owner = null;
        clear();
        failed = false;
    }

    boolean ownedByCaller() {
        return owner == Thread.currentThread();
    }

    /**
     * Notes that {@code published} replaced {@code before} in the table. A resource's change is
     * unforced only while every commit of it in the batch was.
     */
    void add(Resource resource, Binding before, Binding published, boolean unforced) {
        Change earlier = changes.get(resource);
        boolean wasUnforced = earlier == null || earlier.unforced();
        if (wasUnforced && !unforced) {
            forced++;
        }
        changes.put(resource, new Change(earlier == null ? before : earlier.before(), published,
                wasUnforced && unforced));
    }

    /** Whether every change so far may be stored unforced. */
    boolean unforcedOnly() {
        return forced == 0;
    }

    Set<Resource> resources() {
        return changes.keySet();
    }

    void forEach(BiConsumer<Resource, Change> action) {
        changes.forEach(action);
    }

    int size() {
        return changes.size();
    }

    /** Forgets the changes stored (or failed); the batch stays open. */
    void clear() {
        changes.clear();
        forced = 0;
    }

    void markFailed() {
        failed = true;
    }

    boolean failed() {
        return failed;
    }
}
