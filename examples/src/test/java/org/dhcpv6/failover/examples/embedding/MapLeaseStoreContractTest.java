package org.dhcpv6.failover.examples.embedding;

import org.dhcpv6.failover.api.LeaseStore;
import org.dhcpv6.failover.core.testfixtures.LeaseStoreContractTest;

/** The host's own store passes the library's contract test, as a host's store should. */
class MapLeaseStoreContractTest extends LeaseStoreContractTest {

    @Override
    protected LeaseStore open() {
        return new MapLeaseStore();
    }

    @Override
    protected LeaseStore reopen() {
        return ((MapLeaseStore) store).reopen();
    }
}
