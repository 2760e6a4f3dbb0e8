package org.dhcpv6.failover.examples.server;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.dhcpv6.failover.api.Binding;
import org.dhcpv6.failover.api.BindingStatus;
import org.dhcpv6.failover.api.ClientIdentity;
import org.dhcpv6.failover.api.Ipv6Address;
import org.dhcpv6.failover.api.Ipv6Prefix;
import org.dhcpv6.failover.api.LeaseStore;
import org.dhcpv6.failover.api.LeaseStoreException;
import org.dhcpv6.failover.api.Resource;
import org.dhcpv6.failover.examples.dhcp.MessageType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A lease backend for a server without a failover partner: one address pool and one prefix
 * pool, always responsive. Addresses are handed out in order from the start of the pool,
 * prefixes in order of the delegated length, skipping resources that are leased, offered to
 * someone else or declined. Expired leases are free again.
 *
 * <p><b>Durability.</b> With a {@link Builder#store store} (the example server gives it the same
 * {@code JournalLeaseStore} a failover server writes), every grant, release and decline is
 * queued to the store with {@link LeaseStore#putAsync} and reported through
 * {@link #takeQueuedCommits}, so the reply waits for the flush, which covers every write in
 * flight; a write that fails is taken back out of memory and its reply is not sent. The leases
 * are loaded from the store when the backend is built, so they survive a restart. Without a
 * store, everything is in memory and nothing survives a restart.
 *
 * <p>Thread-safe: every method holds the instance lock; the store's write is only queued under it.
 */
public final class StandaloneLeaseBackend implements LeaseBackend {

    private static final Logger LOG = LoggerFactory.getLogger(StandaloneLeaseBackend.class);

    /** Bounds the work of one choose call when a huge pool is nearly full. */
    private static final int MAX_SCAN = 1 << 16;

    private record Offer(ClientIdentity client, Instant until) {
    }

    private final Ipv6Prefix addressPool;
    private final Ipv6Prefix prefixPool;
    private final int delegatedLength;
    private final Lifetimes maxLifetimes;
    private final Duration offerHold;
    private final InstantSource clock;
    private final LeaseStore store;
    private final QueuedCommits queued = new QueuedCommits();

    private final Map<ClientIdentity, Lease> byClient = new HashMap<>();
    private final Map<Resource, Lease> byResource = new HashMap<>();
    private final Map<Resource, Offer> offers = new HashMap<>();
    private final Set<Resource> declined = new HashSet<>();
    private long nextAddressIndex = 1; // index 0 is the Subnet-Router anycast address (RFC 4291 §2.6.1)
    private long nextPrefixIndex;

    private StandaloneLeaseBackend(Builder b) {
        this.addressPool = b.addressPool;
        this.prefixPool = b.prefixPool;
        this.delegatedLength = b.delegatedLength;
        this.maxLifetimes = b.maxLifetimes;
        this.offerHold = b.offerHold;
        this.clock = b.clock;
        this.store = b.store;
    }

    /** A builder; at least one pool is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** Always {@code true}: a lone server answers everything. */
    @Override
    public boolean mayRespond(MessageType type, boolean directedToUs) {
        return true;
    }

    @Override
    public synchronized Optional<Lease> currentLease(ClientIdentity client) {
        Lease l = byClient.get(client);
        return l != null && l.validUntil().isAfter(clock.instant()) ? Optional.of(l) : Optional.empty();
    }

    @Override
    public synchronized Optional<Ipv6Address> chooseAddress(ClientIdentity client, Ipv6Address hint) {
        if (addressPool == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        if (hint != null && addressPool.contains(hint) && isFree(hint, client, now)) {
            return Optional.of(hint);
        }
        long size = sizeOf(128 - addressPool.length());
        for (int i = 0; i < MAX_SCAN && i < size; i++) {
            long index = nextAddressIndex;
            nextAddressIndex = index + 1 >= size ? 1 : index + 1;
            Ipv6Address a = addressPool.address().plus(index);
            if (isFree(a, client, now)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    @Override
    public synchronized Optional<Ipv6Prefix> choosePrefix(ClientIdentity client, Ipv6Prefix hint) {
        if (prefixPool == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        if (hint != null && hint.length() == delegatedLength && prefixPool.contains(hint) && isFree(hint, client, now)) {
            return Optional.of(hint);
        }
        long count = sizeOf(delegatedLength - prefixPool.length());
        for (int i = 0; i < MAX_SCAN && i < count; i++) {
            long index = nextPrefixIndex;
            nextPrefixIndex = index + 1 >= count ? 0 : index + 1;
            Ipv6Prefix p = prefixAt(index);
            if (isFree(p, client, now)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    @Override
    public synchronized LeaseGrant grant(MessageType type, boolean tentative, ClientIdentity client, Resource resource,
            Lifetimes desired) {
        if (!client.iaType().holds(resource.kind())) {
            return LeaseGrant.refused(client.iaType() + " cannot hold " + resource);
        }
        if (!inPool(resource)) {
            return LeaseGrant.refused(resource + " is not in a pool of this server");
        }
        Instant now = clock.instant();
        if (!isFree(resource, client, now)) {
            return LeaseGrant.refused(resource + " is not available");
        }
        Lifetimes granted = desired.min(maxLifetimes);
        if (tentative) {
            offers.put(resource, new Offer(client, now.plus(offerHold)));
            return LeaseGrant.granted(granted);
        }
        Lease old = byClient.get(client);
        if (old != null && !old.resource().equals(resource)) {
            byResource.remove(old.resource());
            // The IA moved: the store must not bring the old resource back as its lease on restart.
            persist(StoredLeases.ended(old, BindingStatus.RELEASED, now), () -> byResource.putIfAbsent(old.resource(), old));
        }
        Lease previousHolder = byResource.get(resource);
        if (previousHolder != null && !previousHolder.client().equals(client)) {
            byClient.remove(previousHolder.client());
        }
        Instant validUntil = granted.validSeconds() == Lifetimes.INFINITY
                ? Instant.MAX : now.plusSeconds(granted.validSeconds());
        Lease lease = new Lease(client, resource, granted, validUntil);
        Lease clientBefore = byClient.put(client, lease);
        Lease resourceBefore = byResource.put(resource, lease);
        offers.remove(resource);
        persist(StoredLeases.active(lease, now), () -> {
            restore(byClient, client, lease, clientBefore);
            restore(byResource, resource, lease, resourceBefore);
        });
        LOG.trace("{} {} -> {} until {}", type, resource, client, validUntil);
        return LeaseGrant.granted(granted);
    }

    @Override
    public synchronized boolean release(ClientIdentity client, Resource resource) {
        return giveBack(client, resource, BindingStatus.RELEASED);
    }

    @Override
    public synchronized boolean decline(ClientIdentity client, Resource resource) {
        // Only a holder's decline counts: anyone else could otherwise poison the pool.
        return giveBack(client, resource, BindingStatus.ABANDONED);
    }

    private boolean giveBack(ClientIdentity client, Resource resource, BindingStatus status) {
        Lease l = byResource.get(resource);
        if (l == null || !l.client().equals(client)) {
            return false;
        }
        byResource.remove(resource);
        byClient.remove(client, l);
        boolean declines = status == BindingStatus.ABANDONED;
        if (declines) {
            declined.add(resource);
        }
        persist(StoredLeases.ended(l, status, clock.instant()), () -> {
            if (!byResource.containsKey(resource)) {
                byResource.put(resource, l);
                byClient.putIfAbsent(client, l);
                if (declines) {
                    declined.remove(resource);
                }
            }
        });
        return true;
    }

    /** Queues the write; if the store does not make it durable, {@code undo} runs under the lock. */
    private void persist(Binding binding, Runnable undo) {
        if (store == null) {
            return;
        }
        CompletionStage<Void> write;
        try {
            write = store.putAsync(binding);
        } catch (RuntimeException e) {
            write = java.util.concurrent.CompletableFuture.failedFuture(e);
        }
        queued.add(write.handle((ok, e) -> {
            if (e == null) {
                return true;
            }
            LOG.warn("lease store refused {}: {}; not answering", binding.resource(), e.toString());
            synchronized (this) {
                undo.run();
            }
            return false;
        }));
    }

    private static <K> void restore(Map<K, Lease> map, K key, Lease written, Lease before) {
        if (map.get(key) == written) {
            if (before == null) {
                map.remove(key);
            } else {
                map.put(key, before);
            }
        }
    }

    /** The writes the calling thread queued since the last take (always done without a store). */
    @Override
    public CompletionStage<Boolean> takeQueuedCommits() {
        return queued.take();
    }

    /** Nothing to tell: there is no partner. */
    @Override
    public void afterReply(List<LeaseChange> changes) {
        LOG.trace("reply sent with {} committed changes", changes.size());
    }

    private synchronized void loaded(Lease lease) {
        byClient.put(lease.client(), lease);
        byResource.put(lease.resource(), lease);
    }

    /** A snapshot of all bindings, expired ones included until reused. */
    public synchronized List<Lease> leases() {
        return List.copyOf(byClient.values());
    }

    private boolean isFree(Resource r, ClientIdentity client, Instant now) {
        if (declined.contains(r)) {
            return false;
        }
        Lease l = byResource.get(r);
        if (l != null && !l.client().equals(client) && l.validUntil().isAfter(now)) {
            return false;
        }
        Offer o = offers.get(r);
        return o == null || o.client().equals(client) || !o.until().isAfter(now);
    }

    private boolean inPool(Resource r) {
        if (r instanceof Ipv6Address a) {
            return addressPool != null && addressPool.contains(a);
        }
        Ipv6Prefix p = (Ipv6Prefix) r;
        return prefixPool != null && p.length() == delegatedLength && prefixPool.contains(p);
    }

    /** The {@code index}-th delegated prefix of the pool. */
    private Ipv6Prefix prefixAt(long index) {
        int shift = 128 - delegatedLength;
        Ipv6Address base = prefixPool.address();
        Ipv6Address a = shift >= 64
                ? new Ipv6Address(base.high() + (index << (shift - 64)), base.low())
                : base.plus(index << shift);
        return new Ipv6Prefix(a, delegatedLength);
    }

    /** 2^bits, saturated so that loops over huge pools stay within a long. */
    private static long sizeOf(int bits) {
        return bits >= 62 ? Long.MAX_VALUE : 1L << bits;
    }

    /** Builds a {@link StandaloneLeaseBackend}; setters check their arguments, build() the whole. */
    public static final class Builder {
        private Ipv6Prefix addressPool;
        private Ipv6Prefix prefixPool;
        private int delegatedLength;
        private Lifetimes maxLifetimes = new Lifetimes(Lifetimes.INFINITY, Lifetimes.INFINITY);
        private Duration offerHold = Duration.ofSeconds(60);
        private InstantSource clock = InstantSource.system();
        private LeaseStore store;

        private Builder() {
        }

        /**
         * Keeps the leases in {@code value} (the host opens and closes it): loaded when built, and
         * every change written before its reply goes out. Default none (in memory only).
         */
        public Builder store(LeaseStore value) {
            store = Objects.requireNonNull(value, "store");
            return this;
        }

        /** Addresses for IA_NA, e.g. {@code 2001:db8:1::/64}. */
        public Builder addressPool(Ipv6Prefix pool) {
            addressPool = Objects.requireNonNull(pool, "pool");
            return this;
        }

        /** Prefixes for IA_PD: {@code pool} cut into prefixes of {@code length}, e.g. /48 into /56s. */
        public Builder prefixPool(Ipv6Prefix pool, int length) {
            Objects.requireNonNull(pool, "pool");
            if (length <= pool.length() || length > 128) {
                throw new IllegalArgumentException(
                        "delegated length must be " + (pool.length() + 1) + "..128 for " + pool + ": " + length);
            }
            prefixPool = pool;
            delegatedLength = length;
            return this;
        }

        /** Upper bound on granted lifetimes; default infinite (the policy decides). */
        public Builder maxLifetimes(Lifetimes value) {
            maxLifetimes = Objects.requireNonNull(value, "maxLifetimes");
            return this;
        }

        /** How long an ADVERTISEd resource is kept back for its client; default 60 s. */
        public Builder offerHold(Duration value) {
            if (value.isNegative()) {
                throw new IllegalArgumentException("offerHold must not be negative: " + value);
            }
            offerHold = value;
            return this;
        }

        /** Wall clock for lease expiry; default the system clock. */
        public Builder clock(InstantSource value) {
            clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /** The backend. */
        public StandaloneLeaseBackend build() {
            if (addressPool == null && prefixPool == null) {
                throw new IllegalStateException("an address pool or a prefix pool is required");
            }
            StandaloneLeaseBackend backend = new StandaloneLeaseBackend(this);
            if (store != null) {
                try {
                    StoredLeases.load(store, backend::loaded, backend.declined::add);
                } catch (LeaseStoreException e) {
                    throw new IllegalStateException("cannot load the leases from the store: " + e.getMessage(), e);
                }
            }
            return backend;
        }
    }
}
