package org.dhcpv6.failover.core.testfixtures;

import static org.dhcpv6.failover.core.testfixtures.TestBindings.active;
import static org.dhcpv6.failover.core.testfixtures.TestBindings.address;
import static org.dhcpv6.failover.core.testfixtures.TestBindings.freePrefix;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.dhcpv6.failover.api.Binding;
import org.dhcpv6.failover.api.LeaseStore;
import org.dhcpv6.failover.api.LeaseStoreException;
import org.dhcpv6.failover.api.Resource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link LeaseStore} contract, written once and run against every implementation. Subclasses
 * say how to open a fresh store and how to reopen it as after a process restart.
 */
public abstract class LeaseStoreContractTest {

    /** The store under test; subclasses may replace it in {@link #reopen()}. */
    protected LeaseStore store;

    /** A new, empty store. */
    protected abstract LeaseStore open() throws Exception;

    /** Closes nothing; returns the store as a restarted process would find it after {@link #store}. */
    protected abstract LeaseStore reopen() throws Exception;

    /** Whether {@link #reopen()} keeps data; an in-memory store may say no. */
    protected boolean supportsRestart() {
        return true;
    }

    @BeforeEach
    void openStore() throws Exception {
        store = open();
    }

    @AfterEach
    void closeStore() throws Exception {
        store.close();
    }

    @Test
    void putGetAndReplace() throws Exception {
        assertEquals(Optional.empty(), store.get(address(1)));
        store.put(active(1, 1));
        assertEquals(Optional.of(active(1, 1)), store.get(address(1)));
        store.put(active(1, 2));
        assertEquals(Optional.of(active(1, 2)), store.get(address(1)));
        store.put(freePrefix(7));
        assertEquals(Optional.of(freePrefix(7)), store.get(freePrefix(7).resource()));
        assertEquals(2, store.size());
    }

    @Test
    void forEachSeesAllAndPendingFilterSeesOnlyPending() throws Exception {
        List<Binding> all = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            all.add(active(i, i));
        }
        store.putAll(all);
        Map<Resource, Binding> seen = new HashMap<>();
        store.forEach(b -> seen.put(b.resource(), b));
        assertEquals(10, seen.size());
        all.forEach(b -> assertEquals(b, seen.get(b.resource())));
        List<Binding> pending = new ArrayList<>();
        store.forEachPendingPartnerUpdate(pending::add);
        assertEquals(5, pending.size());
        assertTrue(pending.stream().allMatch(Binding::partnerUpdatePending));
        assertEquals(10, store.size());
    }

    @Test
    void endpointRecordIsEmptyOnANewStoreAndKeepsTheLastSaved() throws Exception {
        assertEquals(Optional.empty(), store.loadEndpoint());
        store.saveEndpoint(TestBindings.bareEndpoint());
        store.saveEndpoint(TestBindings.fullEndpoint());
        assertEquals(Optional.of(TestBindings.fullEndpoint()), store.loadEndpoint());
    }

    @Test
    void concurrentPutsFromEightThreadsEndConsistent() throws Exception {
        int threads = 8;
        int perThread = 250;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Void>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit((Callable<Void>) () -> {
                    for (int i = 0; i < perThread; i++) {
                        store.put(active(1000 + thread * perThread + i, i));
                        // Resources 0..9 are shared, so writers also race on the same keys.
                        store.put(active(i % 10, thread * perThread + i));
                    }
                    return null;
                }));
            }
            for (Future<Void> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        assertEquals(10 + threads * perThread, store.size());
        for (int t = 0; t < threads; t++) {
            for (int i = 0; i < perThread; i++) {
                assertEquals(Optional.of(active(1000 + t * perThread + i, i)),
                        store.get(address(1000 + t * perThread + i)));
            }
        }
        Map<Resource, Binding> beforeRestart = snapshot(store);
        if (supportsRestart()) {
            store = reopen();
            assertEquals(beforeRestart, snapshot(store), "the restarted store must agree with memory");
        }
    }

    @Test
    void useAfterCloseFails() throws Exception {
        store.put(active(1, 1));
        store.close();
        assertThrows(LeaseStoreException.class, () -> store.put(active(2, 1)));
        assertThrows(LeaseStoreException.class, () -> store.get(address(1)));
        assertThrows(LeaseStoreException.class, () -> store.forEach(b -> { }));
        assertThrows(LeaseStoreException.class, () -> store.size());
        assertThrows(LeaseStoreException.class, () -> store.loadEndpoint());
        assertThrows(LeaseStoreException.class, () -> store.saveEndpoint(TestBindings.bareEndpoint()));
        assertThrows(LeaseStoreException.class, () -> store.putAllUnforced(List.of(active(3, 1))));
        store.close();
    }

    @Test
    void everyAcknowledgedWriteSurvivesARestart() throws Exception {
        assumeTrue(supportsRestart(), "this store keeps nothing across a restart");
        for (int i = 0; i < 100; i++) {
            store.put(active(i, 1));
        }
        store.put(active(5, 9));
        store.put(freePrefix(3));
        store.saveEndpoint(TestBindings.fullEndpoint());
        Map<Resource, Binding> expected = snapshot(store);
        store = reopen();
        assertEquals(expected, snapshot(store));
        assertEquals(Optional.of(TestBindings.fullEndpoint()), store.loadEndpoint());
        store.put(active(200, 1));
        assertFalse(store.get(address(200)).isEmpty());
    }

    @Test
    void unforcedWritesAreReadAtOnce() throws Exception {
        store.put(active(1, 1));
        store.putAllUnforced(List.of(active(1, 2), active(2, 2), freePrefix(4)));
        assertEquals(Optional.of(active(1, 2)), store.get(address(1)));
        assertEquals(Optional.of(active(2, 2)), store.get(address(2)));
        assertEquals(3, store.size());
        assertEquals(Map.of(address(1), active(1, 2), address(2), active(2, 2), freePrefix(4).resource(),
                freePrefix(4)), snapshot(store));
        List<Binding> pending = new ArrayList<>();
        store.forEachPendingPartnerUpdate(pending::add);
        assertEquals(2, pending.size(), "active(n, 2) is flagged, the free prefix is not");
        assertTrue(pending.containsAll(List.of(active(1, 2), active(2, 2))));
    }

    @Test
    void unforcedWritesAreStoredWithTheNextDurableWriteInCallOrder() throws Exception {
        assumeTrue(supportsRestart(), "this store keeps nothing across a restart");
        store.put(active(1, 1));
        store.putAllUnforced(List.of(active(1, 2), active(2, 2)));
        store.putAllUnforced(List.of(active(3, 2)));
        store.put(active(3, 3)); // later than the unforced write of the same resource: it wins
        store = reopen();
        assertEquals(Map.of(address(1), active(1, 2), address(2), active(2, 2), address(3), active(3, 3)),
                snapshot(store));
        store.putAllUnforced(List.of(active(4, 1)));
        store.saveEndpoint(TestBindings.fullEndpoint()); // any durable write forces what came before
        store = reopen();
        assertEquals(Optional.of(active(4, 1)), store.get(address(4)));
    }

    /** Every binding of {@code s}, keyed by resource. */
    public static Map<Resource, Binding> snapshot(LeaseStore s) throws LeaseStoreException {
        Map<Resource, Binding> out = new HashMap<>();
        s.forEach(b -> out.put(b.resource(), b));
        return out;
    }
}
