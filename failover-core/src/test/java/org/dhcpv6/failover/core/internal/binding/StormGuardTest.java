package org.dhcpv6.failover.core.internal.binding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StormGuardTest {

    @Test
    void flagNotSetMaySendNowAndSetsTheFlag() {
        assertTrue(StormGuard.sendImmediately(false));
        assertTrue(StormGuard.flagAfterRejection(false, ConflictResolver.OUTDATED_BINDING_INFORMATION));
    }

    @Test
    void flagAlreadySetWaitsForThePeriodicScan() {
        assertFalse(StormGuard.sendImmediately(true));
        assertTrue(StormGuard.flagAfterRejection(true, ConflictResolver.OUTDATED_BINDING_INFORMATION));
    }

    @ParameterizedTest(name = "code {0}, flag was {1}")
    @CsvSource({"16,false", "16,true", "17,false", "17,true", "18,false", "18,true"})
    void otherRejectionsLeaveTheFlagAlone(int code, boolean flagWasSet) {
        assertEquals(flagWasSet, StormGuard.flagAfterRejection(flagWasSet, code));
    }
}
