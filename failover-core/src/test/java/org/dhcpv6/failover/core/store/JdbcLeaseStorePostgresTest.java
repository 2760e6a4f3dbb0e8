package org.dhcpv6.failover.core.store;

import static org.dhcpv6.failover.core.testfixtures.TestBindings.active;
import static org.dhcpv6.failover.core.testfixtures.TestBindings.address;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.dhcpv6.failover.api.Binding;
import org.dhcpv6.failover.api.LeaseStore;
import org.dhcpv6.failover.api.LeaseStoreException;
import org.dhcpv6.failover.core.testfixtures.LeaseStoreContractTest;
import org.dhcpv6.failover.core.testfixtures.PostgresServer;
import org.dhcpv6.failover.core.testfixtures.TestBindings;
import org.junit.jupiter.api.Test;

/**
 * {@link JdbcLeaseStore} on a real PostgreSQL server ({@link PostgresServer}): the whole
 * {@link LeaseStoreContractTest}, then what only a database store has: one transaction per
 * batch, the schema check, rows it cannot read, and two stores sharing one database.
 */
class JdbcLeaseStorePostgresTest extends LeaseStoreContractTest {

    private String name;

    @Override
    protected LeaseStore open() throws Exception {
        name = PostgresServer.uniqueName("contract");
        return JdbcLeaseStore.open(PostgresServer.shared().dataSource(), name);
    }

    @Override
    protected LeaseStore reopen() throws Exception {
        return JdbcLeaseStore.open(PostgresServer.shared().dataSource(), name);
    }

    @Test
    void aBatchIsOneTransaction() throws Exception {
        String schema = "one_transaction";
        try (HikariDataSource ds = PostgresServer.shared().newPool(2, schema)) {
            JdbcLeaseStore s = JdbcLeaseStore.open(ds, "batch");
            // The column check passes; the database then refuses one row of the batch.
            PostgresServer.shared().executeSql("ALTER TABLE " + schema + ".failover_binding ADD CONSTRAINT no_five"
                    + " CHECK (resource <> '" + address(5) + "')");
            List<Binding> batch = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                batch.add(active(i, 1));
            }
            LeaseStoreException e = assertThrows(LeaseStoreException.class, () -> s.putAll(batch));
            assertTrue(e.getMessage().contains("no_five"), e.getMessage());
            assertEquals(0, s.size(), "nothing of a failed batch is stored");
            batch.remove(5);
            s.putAll(batch);
            assertEquals(9, s.size());
        } finally {
            PostgresServer.shared().executeSql("DROP SCHEMA " + schema + " CASCADE");
        }
    }

    @Test
    void theLastBindingOfAResourceInABatchWins() throws Exception {
        store.putAll(List.of(active(1, 1), active(2, 1), active(1, 3)));
        assertEquals(Optional.of(active(1, 3)), store.get(address(1)));
        assertEquals(2, store.size());
    }

    @Test
    void overlappingBatchesFromManyThreadsNeitherDeadlockNorLoseWrites() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 6; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int round = 0; round < 20; round++) {
                        List<Binding> batch = new ArrayList<>();
                        for (int i = 0; i < 50; i++) {
                            batch.add(active(i, thread * 100 + round));
                        }
                        // Each thread writes the same keys in its own order.
                        Collections.shuffle(batch, new java.util.Random(thread * 31L + round));
                        store.putAll(batch);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        assertEquals(50, store.size());
    }

    @Test
    void streamsMoreRowsThanOneFetch() throws Exception {
        List<Binding> all = new ArrayList<>();
        for (int i = 0; i < JdbcDialect.FETCH_SIZE * 2 + 17; i++) {
            all.add(active(i, i));
        }
        store.putAll(all);
        assertEquals(all.size(), snapshot(store).size());
        int[] pending = new int[1];
        store.forEachPendingPartnerUpdate(b -> pending[0]++);
        assertEquals(all.stream().filter(Binding::partnerUpdatePending).count(), pending[0]);
    }

    @Test
    void twoStoresInOneDatabaseKeepTheirOwnRows() throws Exception {
        JdbcLeaseStore other = JdbcLeaseStore.open(PostgresServer.shared().dataSource(),
                PostgresServer.uniqueName("other"));
        store.put(active(1, 1));
        other.put(active(1, 2));
        other.saveEndpoint(TestBindings.fullEndpoint());
        assertEquals(Optional.of(active(1, 1)), store.get(address(1)));
        assertEquals(Optional.of(active(1, 2)), other.get(address(1)));
        assertEquals(Optional.empty(), store.loadEndpoint());
        assertEquals(1, store.size());
    }

    @Test
    void aRowTheStoreCannotReadFailsTheReadNamingIt() throws Exception {
        store.put(active(1, 1));
        store.put(active(2, 1));
        PostgresServer.shared().executeSql("UPDATE failover_binding SET status = 'BOGUS' WHERE store_name = '"
                + name + "' AND resource = '" + address(2) + "'");
        LeaseStoreException e = assertThrows(LeaseStoreException.class, () -> store.forEach(b -> { }));
        assertTrue(e.getMessage().contains(address(2).toString()) && e.getMessage().contains("status"),
                e.getMessage());
    }

    @Test
    void theCallersActionFailsAsItIsAndABrokenDataSourceAsAStoreError() throws Exception {
        store.put(active(1, 1));
        IllegalStateException fromAction = new IllegalStateException("the action's own failure");
        assertEquals(fromAction, assertThrows(IllegalStateException.class, () -> store.forEach(b -> {
            throw fromAction;
        })));
        java.util.concurrent.atomic.AtomicBoolean broken = new java.util.concurrent.atomic.AtomicBoolean();
        javax.sql.DataSource ds = org.mockito.Mockito.mock(javax.sql.DataSource.class);
        org.mockito.Mockito.when(ds.getConnection()).thenAnswer(inv -> {
            if (broken.get()) {
                throw new IllegalStateException("pool shut down");
            }
            return PostgresServer.shared().dataSource().getConnection();
        });
        JdbcLeaseStore s = JdbcLeaseStore.open(ds, name);
        broken.set(true);
        LeaseStoreException e = assertThrows(LeaseStoreException.class, () -> s.get(address(1)));
        assertTrue(e.getMessage().contains("pool shut down"), e.getMessage());
    }

    @Test
    void aStoreNameTheSchemaCannotHoldIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> JdbcLeaseStore.open(PostgresServer.shared().dataSource(), "x".repeat(101)));
        assertThrows(IllegalArgumentException.class,
                () -> JdbcLeaseStore.open(PostgresServer.shared().dataSource(), ""));
    }
}
