package org.dhcpv6.failover.core.internal.binding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.dhcpv6.failover.api.Binding;
import org.dhcpv6.failover.api.BindingStatus;
import org.dhcpv6.failover.api.ClientIdentity;
import org.dhcpv6.failover.api.Ipv6Address;
import org.dhcpv6.failover.api.LeaseStoreException;
import org.dhcpv6.failover.core.internal.engine.CountingStore;
import org.junit.jupiter.api.Test;

/** The binding table finds a client's bindings without a scan, through every way it changes. */
class ClientLookupTest {

    private final CountingStore store = new CountingStore();
    private final BindingTable table = new BindingTable(store);

    private static Binding lease(Ipv6Address a, ClientIdentity client, BindingStatus status) {
        return Binding.builder(a, status, Fixtures.T0).client(client)
                .stateExpirationTime(Fixtures.T0.plusSeconds(3600)).clientLastTransactionTime(Fixtures.T0).build();
    }

    @Test
    void aClientsBindingsFollowEveryChange() throws Exception {
        table.commit(lease(Fixtures.ODD, Fixtures.ALICE, BindingStatus.ACTIVE));
        table.commit(lease(Fixtures.EVEN, Fixtures.ALICE, BindingStatus.ACTIVE));
        assertEquals(2, table.bindingsOf(Fixtures.ALICE).size());

        table.commit(lease(Fixtures.EVEN, Fixtures.ALICE, BindingStatus.EXPIRED));
        assertEquals(2, table.bindingsOf(Fixtures.ALICE).size(), "any status that still names the client");

        table.commit(lease(Fixtures.ODD, Fixtures.BOB, BindingStatus.ACTIVE));
        assertEquals(List.of(Fixtures.EVEN), resources(table.bindingsOf(Fixtures.ALICE)));
        assertEquals(List.of(Fixtures.ODD), resources(table.bindingsOf(Fixtures.BOB)));

        table.commit(Binding.free(Fixtures.EVEN, BindingStatus.FREE, Fixtures.T0));
        assertEquals(List.of(), table.bindingsOf(Fixtures.ALICE), "a free record names nobody");
    }

    @Test
    void aRefusedBatchTakesItsIndexChangesBackToo() throws Exception {
        table.commit(lease(Fixtures.ODD, Fixtures.ALICE, BindingStatus.ACTIVE));
        table.beginDeferredWrites();
        table.commit(lease(Fixtures.ODD, Fixtures.BOB, BindingStatus.ACTIVE));
        assertEquals(List.of(Fixtures.ODD), resources(table.bindingsOf(Fixtures.BOB)));
        store.failing = true;
        assertThrows(LeaseStoreException.class, table::endDeferredWrites);
        assertEquals(List.of(), table.bindingsOf(Fixtures.BOB));
        assertEquals(List.of(Fixtures.ODD), resources(table.bindingsOf(Fixtures.ALICE)));
    }

    @Test
    void aReloadRebuildsTheIndex() throws Exception {
        table.commit(lease(Fixtures.ODD, Fixtures.ALICE, BindingStatus.ACTIVE));
        BindingTable reloaded = new BindingTable(store);
        reloaded.load();
        assertEquals(List.of(Fixtures.ODD), resources(reloaded.bindingsOf(Fixtures.ALICE)));
    }

    @Test
    void aLookupBeforeAnyCommitStillSeesTheLaterOnes() throws Exception {
        assertEquals(List.of(), table.bindingsOf(Fixtures.ALICE));
        table.commit(lease(Fixtures.ODD, Fixtures.ALICE, BindingStatus.ACTIVE));
        table.commit(lease(Fixtures.EVEN, Fixtures.BOB, BindingStatus.ACTIVE));
        assertEquals(List.of(Fixtures.ODD), resources(table.bindingsOf(Fixtures.ALICE)));
        table.commit(lease(Fixtures.ODD, Fixtures.BOB, BindingStatus.ACTIVE));
        assertEquals(List.of(), table.bindingsOf(Fixtures.ALICE));
        assertEquals(2, table.bindingsOf(Fixtures.BOB).size());
    }

    @Test
    void aLookupUnderAResourceLockAnswersAndKeepsTheIndex() throws Exception {
        table.commit(lease(Fixtures.ODD, Fixtures.ALICE, BindingStatus.ACTIVE));
        try (BindingTable.Locked lock = table.lock(Fixtures.EVEN)) {
            // A listener told of a change under the lock may look its client up.
            assertEquals(List.of(Fixtures.ODD), resources(table.bindingsOf(Fixtures.ALICE)));
            assertEquals(List.of(), table.bindingsOf(Fixtures.BOB));
        }
        table.commit(lease(Fixtures.EVEN, Fixtures.ALICE, BindingStatus.ACTIVE));
        assertEquals(2, table.bindingsOf(Fixtures.ALICE).size());
    }

    @Test
    void aLookupWhileAnotherThreadHoldsALockNeitherWaitsNorMissesAChange() throws Exception {
        table.commit(lease(Fixtures.ODD, Fixtures.ALICE, BindingStatus.ACTIVE));
        CountDownLatch locked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread writer = new Thread(() -> {
            try (BindingTable.Locked lock = table.lock(Fixtures.EVEN)) {
                locked.countDown();
                release.await();
                table.commit(lease(Fixtures.EVEN, Fixtures.ALICE, BindingStatus.ACTIVE));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        writer.start();
        locked.await();
        try {
            List<Binding> found = assertTimeoutPreemptively(Duration.ofSeconds(5),
                    () -> table.bindingsOf(Fixtures.ALICE), "a lookup waited for a held resource lock");
            assertEquals(List.of(Fixtures.ODD), resources(found));
        } finally {
            release.countDown();
            writer.join();
        }
        assertEquals(2, table.bindingsOf(Fixtures.ALICE).size(), "the commit made under the lock is found");
        table.commit(Binding.free(Fixtures.ODD, BindingStatus.FREE, Fixtures.T0));
        assertEquals(List.of(Fixtures.EVEN), resources(table.bindingsOf(Fixtures.ALICE)));
    }

    private static List<Object> resources(List<Binding> bindings) {
        return bindings.stream().map(b -> (Object) b.resource()).toList();
    }
}
