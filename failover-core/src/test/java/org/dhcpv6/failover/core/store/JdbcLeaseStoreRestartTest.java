package org.dhcpv6.failover.core.store;

import static org.dhcpv6.failover.core.testfixtures.TestBindings.active;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import java.util.Map;
import java.util.Optional;
import org.dhcpv6.failover.api.Binding;
import org.dhcpv6.failover.api.LeaseStoreException;
import org.dhcpv6.failover.api.Resource;
import org.dhcpv6.failover.core.testfixtures.LeaseStoreContractTest;
import org.dhcpv6.failover.core.testfixtures.PostgresServer;
import org.dhcpv6.failover.core.testfixtures.TestBindings;
import org.junit.jupiter.api.Test;

/**
 * The PostgreSQL server stops under an open {@link JdbcLeaseStore} and starts again: calls fail
 * with {@link LeaseStoreException} meanwhile (never hang, never pretend), the store works again
 * without being reopened, and everything it acknowledged before the stop is still there.
 */
class JdbcLeaseStoreRestartTest {

    @Test
    void theDatabaseStopsAndStartsUnderAnOpenStore() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        // A short connection timeout: every call made while the server is down waits for it once.
        try (HikariDataSource ds = pg.newPool(4, null, 1000)) {
            JdbcLeaseStore store = JdbcLeaseStore.open(ds, PostgresServer.uniqueName("restart"));
            for (int i = 0; i < 100; i++) {
                store.put(active(i, 1));
            }
            store.saveEndpoint(TestBindings.fullEndpoint());
            Map<Resource, Binding> before = LeaseStoreContractTest.snapshot(store);

            pg.stopServer();
            try {
                LeaseStoreException first = assertThrows(LeaseStoreException.class, () -> store.put(active(500, 1)));
                assertTrue(first.getMessage().contains("cannot store"), first.getMessage());
                // Within the pause after a failure, calls are refused without waiting for a connection.
                LeaseStoreException refused = assertThrows(LeaseStoreException.class, () -> store.size());
                assertTrue(refused.getMessage().contains("database unreachable"), refused.getMessage());
                assertThrows(LeaseStoreException.class, () -> store.putAll(java.util.List.of(active(501, 1))));
                // A store cannot be opened on a database it cannot reach: a server never starts without it.
                LeaseStoreException open = assertThrows(LeaseStoreException.class,
                        () -> JdbcLeaseStore.open(ds, "another"));
                assertTrue(open.getMessage().contains("cannot open"), open.getMessage());
            } finally {
                pg.startServer();
            }

            long deadline = System.nanoTime() + 20_000_000_000L;
            while (true) {
                try {
                    store.put(active(500, 2));
                    break;
                } catch (LeaseStoreException e) {
                    if (System.nanoTime() > deadline) {
                        throw new AssertionError("the store did not recover within 20 s", e);
                    }
                    Thread.sleep(100);
                }
            }
            assertEquals(Optional.of(active(500, 2)), store.get(TestBindings.address(500)));
            assertEquals(Optional.empty(), store.get(TestBindings.address(501)), "a failed write left nothing");
            before.put(TestBindings.address(500), active(500, 2));
            assertEquals(before, LeaseStoreContractTest.snapshot(store));
            assertEquals(Optional.of(TestBindings.fullEndpoint()), store.loadEndpoint());
        }
    }
}
