package org.dhcpv6.failover.core.sim;

import static org.dhcpv6.failover.core.testfixtures.TestBindings.active;
import static org.dhcpv6.failover.core.testfixtures.TestBindings.address;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.dhcpv6.failover.api.LeaseStore;
import org.dhcpv6.failover.core.testfixtures.LeaseStoreContractTest;
import org.dhcpv6.failover.core.testfixtures.TestBindings;
import org.junit.jupiter.api.Test;

/** The simulator's store keeps the contract, and a crash loses exactly the writes not yet forced. */
class SimDiskTest extends LeaseStoreContractTest {

    @Override
    protected LeaseStore open() {
        return new SimDisk();
    }

    /** A restart after a crash: the same disk, without what was never forced. */
    @Override
    protected LeaseStore reopen() {
        ((SimDisk) store).crash();
        return store;
    }

    @Test
    void aCrashLosesTheUnforcedWritesSinceTheLastDurableOne() throws Exception {
        store.put(active(1, 1));
        store.putAllUnforced(List.of(active(1, 2), active(2, 2)));
        assertEquals(2, ((SimDisk) store).crash());
        assertEquals(Map.of(address(1), active(1, 1)), snapshot(store));
    }

    @Test
    void aDurableWriteOrAGracefulExitKeepsThem() throws Exception {
        store.putAllUnforced(List.of(active(1, 2)));
        store.saveEndpoint(TestBindings.bareEndpoint());
        store.putAllUnforced(List.of(active(2, 2)));
        ((SimDisk) store).closedByHost();
        assertEquals(0, ((SimDisk) store).crash());
        assertEquals(Optional.of(active(1, 2)), store.get(address(1)));
        assertEquals(Optional.of(active(2, 2)), store.get(address(2)));
    }
}
