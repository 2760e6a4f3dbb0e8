package org.dhcpv6.failover.core.runtime;

import org.dhcpv6.failover.core.internal.engine.ListenerForwarding;
import org.junit.jupiter.api.Test;

/** The waiters' view of the host's listener passes every event on. */
class StateWaitersForwardingTest {

    @Test
    void theWaitersForwardEveryEvent() throws Exception {
        StateWaiters waiters = new StateWaiters(name -> null);
        ListenerForwarding.assertForwardsEveryEvent(waiters::observing);
    }
}
