package org.dhcpv6.failover.core.internal.binding;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

class StoreFailureLogTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void logsTheFirstFailureThenAtMostOneLinePerIntervalWithTheCountLeftOut() {
        Logger log = mock(Logger.class);
        StoreFailureLog failures = new StoreFailureLog(log, "commit");
        for (int i = 0; i < 1000; i++) {
            failures.failed("r", "2001:db8::1", "down", T0.plusMillis(i));
        }
        verify(log, times(1)).error(any(String.class), any(Object[].class));
        failures.failed("r", "2001:db8::1", "down", T0.plusSeconds(10));
        verify(log).error(any(String.class), eq("r"), eq("commit"), eq("2001:db8::1"), eq("down"),
                eq(" (999 more such failures in the last 10 s not logged)"));
        // A clock stepped back by more than the interval counts as time passed.
        failures.failed("r", "2001:db8::1", "down", T0.minusSeconds(60));
        verify(log, times(3)).error(any(String.class), any(Object[].class));
    }
}
