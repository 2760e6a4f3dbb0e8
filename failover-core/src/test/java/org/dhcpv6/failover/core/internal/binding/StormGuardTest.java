package org.dhcpv6.failover.core.internal.binding;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StormGuardTest {

    @Test
    void flagNotSetMaySendNow() {
        assertTrue(StormGuard.sendImmediately(false));
    }

    @Test
    void flagAlreadySetWaitsForThePeriodicScan() {
        assertFalse(StormGuard.sendImmediately(true));
    }
}
