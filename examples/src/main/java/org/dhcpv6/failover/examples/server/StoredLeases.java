package org.dhcpv6.failover.examples.server;

import java.time.Instant;
import java.util.function.Consumer;
import org.dhcpv6.failover.api.Binding;
import org.dhcpv6.failover.api.BindingStatus;
import org.dhcpv6.failover.api.ClientIdentity;
import org.dhcpv6.failover.api.LeaseStore;
import org.dhcpv6.failover.api.LeaseStoreException;
import org.dhcpv6.failover.api.Resource;

/**
 * How {@link StandaloneLeaseBackend} keeps its leases in a {@link LeaseStore} (the same journal
 * store a failover server uses): an ACTIVE binding per lease, RELEASED after a release, ABANDONED
 * after a decline. Only what the standalone server needs is filled in; the failover fields stay
 * empty.
 */
final class StoredLeases {

    private StoredLeases() {
    }

    /** The binding that records {@code lease}, granted at {@code now}. */
    static Binding active(Lease lease, Instant now) {
        Lifetimes l = lease.lifetimes();
        Instant until = lease.validUntil().equals(Instant.MAX) ? null : lease.validUntil();
        return Binding.builder(lease.resource(), BindingStatus.ACTIVE, now).client(lease.client())
                .lifetimes(l.preferredSeconds(), l.validSeconds(), 0, 0).stateExpirationTime(until)
                .clientLastTransactionTime(now).expirationTime(until).build();
    }

    /** The binding that records the end of {@code lease} (RELEASED or ABANDONED) at {@code now}. */
    static Binding ended(Lease lease, BindingStatus status, Instant now) {
        return Binding.builder(lease.resource(), status, now).client(lease.client())
                .clientLastTransactionTime(now).build();
    }

    /** Calls {@code leases} for each stored ACTIVE binding, {@code declined} for each ABANDONED one. */
    static void load(LeaseStore store, Consumer<Lease> leases, Consumer<Resource> declined) throws LeaseStoreException {
        store.forEach(b -> {
            if (b.status() == BindingStatus.ABANDONED) {
                declined.accept(b.resource());
            } else if (b.status() == BindingStatus.ACTIVE && b.client() != null) {
                Instant until = b.stateExpirationTime() == null ? Instant.MAX : b.stateExpirationTime();
                leases.accept(new Lease(b.client(), b.resource(),
                        new Lifetimes(b.preferredLifetimeSeconds(), b.validLifetimeSeconds()), until));
            }
        });
    }
}
