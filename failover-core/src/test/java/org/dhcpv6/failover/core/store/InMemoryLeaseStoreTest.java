package org.dhcpv6.failover.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.dhcpv6.failover.api.LeaseStore;
import org.dhcpv6.failover.core.testfixtures.LeaseStoreContractTest;
import org.dhcpv6.failover.core.testfixtures.TestBindings;
import org.junit.jupiter.api.Test;

class InMemoryLeaseStoreTest extends LeaseStoreContractTest {

    @Override
    protected LeaseStore open() {
        return new InMemoryLeaseStore();
    }

    @Override
    protected LeaseStore reopen() {
        return store;
    }

    @Override
    protected boolean supportsRestart() {
        return false;
    }

    @Test
    void clearSimulatesLostStorage() throws Exception {
        store.put(TestBindings.active(1, 1));
        store.saveEndpoint(TestBindings.bareEndpoint());
        ((InMemoryLeaseStore) store).clear();
        assertEquals(0, store.size());
        assertEquals(java.util.Optional.empty(), store.loadEndpoint());
    }
}
