package org.dhcpv6.failover.core.internal.binding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.dhcpv6.failover.api.Binding;
import org.dhcpv6.failover.api.BindingStatus;
import org.dhcpv6.failover.api.LeaseStoreException;
import org.dhcpv6.failover.core.internal.engine.CountingStore;
import org.junit.jupiter.api.Test;

/** Deferred writes of the endpoint's own thread against the write-through of host threads. */
class BindingTableBatchTest {

    private final CountingStore store = new CountingStore();
    private final BindingTable table = new BindingTable(store);

    private static Binding lease(BindingStatus status, org.dhcpv6.failover.api.ClientIdentity client,
            org.dhcpv6.failover.api.Ipv6Address address) {
        if (status == BindingStatus.FREE) {
            return Binding.free(address, status, Fixtures.T0);
        }
        return Binding.builder(address, status, Fixtures.T0).client(client)
                .stateExpirationTime(Fixtures.T0.plusSeconds(3600)).clientLastTransactionTime(Fixtures.T0).build();
    }

    @Test
    void aBatchIsPublishedAtOnceAndStoredInOneWriteAtItsEnd() throws Exception {
        table.beginDeferredWrites();
        Binding a = lease(BindingStatus.ACTIVE, Fixtures.ALICE, Fixtures.ODD);
        Binding b = lease(BindingStatus.ACTIVE, Fixtures.BOB, Fixtures.EVEN);
        table.commit(a);
        table.commit(b);
        assertSame(a, table.get(Fixtures.ODD), "published at once");
        assertTrue(store.get(Fixtures.ODD).isEmpty(), "not stored before the batch ends");
        table.endDeferredWrites();
        assertEquals(List.of(2), store.writes);
        assertEquals(a, store.get(Fixtures.ODD).orElseThrow());
        assertEquals(b, store.get(Fixtures.EVEN).orElseThrow());
    }

    @Test
    void aBatchOfUnforcedChangesOnlyIsStoredUnforced() throws Exception {
        table.beginDeferredWrites();
        table.commitUnforced(lease(BindingStatus.ACTIVE, Fixtures.ALICE, Fixtures.ODD));
        table.commitUnforced(lease(BindingStatus.ACTIVE, Fixtures.BOB, Fixtures.EVEN));
        table.endDeferredWrites();
        assertEquals(List.of(), store.writes);
        assertEquals(List.of(2), store.unforcedWrites);
    }

    @Test
    void oneForcedChangeForcesTheWholeBatch() throws Exception {
        table.beginDeferredWrites();
        table.commitUnforced(lease(BindingStatus.ACTIVE, Fixtures.ALICE, Fixtures.ODD));
        table.commit(lease(BindingStatus.ACTIVE, Fixtures.BOB, Fixtures.EVEN));
        table.endDeferredWrites();
        assertEquals(List.of(2), store.writes);
        assertEquals(List.of(), store.unforcedWrites);
    }

    @Test
    void aResourceChangedForcedStaysForcedWhateverFollowsInTheBatch() throws Exception {
        table.beginDeferredWrites();
        table.commit(lease(BindingStatus.FREE, Fixtures.ALICE, Fixtures.ODD));
        table.commitUnforced(lease(BindingStatus.ACTIVE, Fixtures.ALICE, Fixtures.ODD));
        table.endDeferredWrites();
        assertEquals(List.of(1), store.writes);
        assertEquals(List.of(), store.unforcedWrites);
    }

    @Test
    void anUnforcedCommitOutsideABatchIsForced() throws Exception {
        table.commitUnforced(lease(BindingStatus.ACTIVE, Fixtures.ALICE, Fixtures.ODD));
        assertEquals(List.of(1), store.writes);
        assertEquals(List.of(), store.unforcedWrites);
    }

    @Test
    void aHostGrantDuringTheBatchIsWrittenThroughAndNeverOverwrittenByTheOlderValue() throws Exception {
        table.beginDeferredWrites();
        table.commit(lease(BindingStatus.FREE, Fixtures.ALICE, Fixtures.ODD));
        Binding hostGrant = lease(BindingStatus.ACTIVE, Fixtures.BOB, Fixtures.ODD);
        CompletableFuture.runAsync(() -> {
            try (BindingTable.Locked lock = table.lock(Fixtures.ODD)) {
                table.commit(hostGrant);
            } catch (LeaseStoreException e) {
                throw new IllegalStateException(e);
            }
        }).get();
        assertEquals(hostGrant, store.get(Fixtures.ODD).orElseThrow(), "a host thread writes through");
        table.endDeferredWrites();
        assertEquals(hostGrant, store.get(Fixtures.ODD).orElseThrow(), "the batch stores the table's value");
    }

    @Test
    void aRefusedBatchIsTakenBackOutOfTheTableButAHostGrantStands() throws Exception {
        Binding before = lease(BindingStatus.ACTIVE, Fixtures.ALICE, Fixtures.EVEN);
        table.commit(before);
        table.beginDeferredWrites();
        table.commit(lease(BindingStatus.EXPIRED, Fixtures.ALICE, Fixtures.EVEN));
        table.commit(lease(BindingStatus.FREE, Fixtures.ALICE, Fixtures.ODD));
        Binding hostGrant = lease(BindingStatus.ACTIVE, Fixtures.BOB, Fixtures.ODD);
        CompletableFuture.runAsync(() -> {
            try (BindingTable.Locked lock = table.lock(Fixtures.ODD)) {
                table.commit(hostGrant);
            } catch (LeaseStoreException e) {
                throw new IllegalStateException(e);
            }
        }).get();
        store.failing = true;
        assertThrows(LeaseStoreException.class, table::endDeferredWrites);
        assertSame(before, table.get(Fixtures.EVEN), "the refused change is undone");
        assertSame(hostGrant, table.get(Fixtures.ODD), "the host's durable grant stands");

        store.failing = false;
        table.commit(lease(BindingStatus.ACTIVE, Fixtures.BOB, Fixtures.EVEN));
        assertEquals(Fixtures.BOB, store.get(Fixtures.EVEN).orElseThrow().client(), "after the batch: write-through");
    }

    @Test
    void aFailedFlushInTheMiddleFailsTheWholeBatch() throws Exception {
        table.beginDeferredWrites();
        table.commit(lease(BindingStatus.ACTIVE, Fixtures.ALICE, Fixtures.ODD));
        store.failing = true;
        assertThrows(LeaseStoreException.class, table::flushDeferredWrites);
        assertNull(table.get(Fixtures.ODD));
        store.failing = false;
        table.commit(lease(BindingStatus.ACTIVE, Fixtures.BOB, Fixtures.EVEN));
        assertThrows(LeaseStoreException.class, table::endDeferredWrites,
                "what was held for the batch must not be released");
    }
}
