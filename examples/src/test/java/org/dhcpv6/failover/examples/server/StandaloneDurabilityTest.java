package org.dhcpv6.failover.examples.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.dhcpv6.failover.api.Binding;
import org.dhcpv6.failover.api.BindingStatus;
import org.dhcpv6.failover.api.ClientIdentity;
import org.dhcpv6.failover.api.Duid;
import org.dhcpv6.failover.api.IaType;
import org.dhcpv6.failover.api.Ipv6Address;
import org.dhcpv6.failover.api.Ipv6Prefix;
import org.dhcpv6.failover.core.testfixtures.ForwardingLeaseStore;
import org.dhcpv6.failover.examples.dhcp.MessageType;
import org.junit.jupiter.api.Test;

/**
 * The standalone backend with a store: a grant's reply waits for the store's write, a failed
 * write takes the lease back and says not to reply, and a new backend over the same store has
 * the leases and declines.
 */
class StandaloneDurabilityTest {

    /** Holds each asynchronous write until the test lets it finish or fail. */
    static final class GatedStore extends ForwardingLeaseStore {
        final ConcurrentLinkedQueue<CompletableFuture<Void>> gates = new ConcurrentLinkedQueue<>();
        volatile boolean fail;

        @Override
        public CompletionStage<Void> putAsync(Binding binding) {
            CompletableFuture<Void> gate = new CompletableFuture<>();
            gates.add(gate);
            return gate.thenRun(() -> {
                if (fail) {
                    throw new IllegalStateException("disk full");
                }
                try {
                    delegate.put(binding);
                } catch (org.dhcpv6.failover.api.LeaseStoreException e) {
                    throw new IllegalStateException(e);
                }
            });
        }

        java.util.Optional<Binding> stored(org.dhcpv6.failover.api.Resource r) throws Exception {
            return delegate.get(r);
        }

        void openGates() {
            for (CompletableFuture<Void> g = gates.poll(); g != null; g = gates.poll()) {
                g.complete(null);
            }
        }
    }

    private final Lifetimes life = new Lifetimes(100, 200);

    private static StandaloneLeaseBackend backend(GatedStore store) {
        return StandaloneLeaseBackend.builder().addressPool(Ipv6Prefix.parse("2001:db8:1::/120")).store(store).build();
    }

    private static ClientIdentity na(int n) {
        return new ClientIdentity(Duid.parseHex("00030001" + String.format("%012x", n)), 1, IaType.IA_NA);
    }

    @Test
    void theReplyWaitsForTheWriteAndANewBackendLoadsTheLeases() throws Exception {
        GatedStore store = new GatedStore();
        StandaloneLeaseBackend first = backend(store);
        Ipv6Address a = first.chooseAddress(na(1), null).orElseThrow();
        assertTrue(first.grant(MessageType.REQUEST, false, na(1), a, life).isGranted());
        CompletableFuture<Boolean> durable = first.takeQueuedCommits().toCompletableFuture();
        assertFalse(durable.isDone(), "the reply waits for the store");
        assertTrue(first.takeQueuedCommits().toCompletableFuture().getNow(false), "taken once");

        store.openGates();
        assertTrue(durable.get(5, TimeUnit.SECONDS));
        assertEquals(BindingStatus.ACTIVE, store.stored(a).orElseThrow().status());

        Ipv6Address b = first.chooseAddress(na(2), null).orElseThrow();
        assertTrue(first.grant(MessageType.REQUEST, false, na(2), b, life).isGranted());
        assertTrue(first.decline(na(2), b));
        store.openGates();
        assertTrue(first.takeQueuedCommits().toCompletableFuture().get(5, TimeUnit.SECONDS));

        StandaloneLeaseBackend restarted = backend(store);
        assertEquals(a, restarted.currentLease(na(1)).orElseThrow().resource(), "the lease survives");
        assertTrue(restarted.currentLease(na(2)).isEmpty());
        assertTrue(restarted.grant(MessageType.REQUEST, false, na(3), b, life).refusal() != null,
                "a declined address stays out of use after a restart");
    }

    @Test
    void anIaThatMovedComesBackWithItsNewResourceAfterARestart() throws Exception {
        GatedStore store = new GatedStore();
        StandaloneLeaseBackend first = backend(store);
        Ipv6Address a = first.chooseAddress(na(1), null).orElseThrow();
        assertTrue(first.grant(MessageType.REQUEST, false, na(1), a, life).isGranted());
        Ipv6Address b = first.chooseAddress(na(2), null).orElseThrow();
        assertTrue(first.grant(MessageType.REQUEST, false, na(1), b, life).isGranted(), "the IA moves to b");
        store.openGates();
        assertTrue(first.takeQueuedCommits().toCompletableFuture().get(5, TimeUnit.SECONDS));

        StandaloneLeaseBackend restarted = backend(store);
        assertEquals(b, restarted.currentLease(na(1)).orElseThrow().resource());
        assertTrue(restarted.grant(MessageType.REQUEST, false, na(3), a, life).isGranted(), "a is free again");
    }

    @Test
    void aFailedWriteTakesTheLeaseBackAndTheReplyIsNotSent() throws Exception {
        GatedStore store = new GatedStore();
        StandaloneLeaseBackend backend = backend(store);
        Ipv6Address a = backend.chooseAddress(na(1), null).orElseThrow();
        assertTrue(backend.grant(MessageType.REQUEST, false, na(1), a, life).isGranted());
        CompletableFuture<Boolean> durable = backend.takeQueuedCommits().toCompletableFuture();
        store.fail = true;
        store.openGates();
        assertFalse(durable.get(5, TimeUnit.SECONDS), "not durable: do not reply");
        assertTrue(backend.currentLease(na(1)).isEmpty(), "nothing kept that the store refused");
        assertTrue(store.stored(a).isEmpty());
    }
}
