package org.dhcpv6.failover.core.internal.engine;

import org.dhcpv6.failover.api.ClockSource;
import org.dhcpv6.failover.api.Role;
import org.dhcpv6.failover.core.internal.binding.BindingTable;
import org.dhcpv6.failover.core.internal.metrics.CountingListener;
import org.dhcpv6.failover.core.internal.metrics.EndpointCounters;
import org.dhcpv6.failover.core.store.InMemoryLeaseStore;
import org.junit.jupiter.api.Test;

/** Every wrapper the engine puts around the host's listener passes every event on. */
class ListenerWrappersTest {

    @Test
    void theGuardForwardsEveryEvent() throws Exception {
        ListenerForwarding.assertForwardsEveryEvent(
                host -> GuardedListener.guard(host, "campus", Role.PRIMARY, ClockSource.SYSTEM));
    }

    @Test
    void theCountingListenerForwardsEveryEvent() throws Exception {
        ListenerForwarding.assertForwardsEveryEvent(host -> new CountingListener(host, new EndpointCounters()));
    }

    @Test
    void theTurnListenerForwardsEveryEventOutsideATurn() throws Exception {
        BindingTable table = new BindingTable(new InMemoryLeaseStore());
        ListenerForwarding.assertForwardsEveryEvent(host -> new TurnListener(host, table));
    }
}
