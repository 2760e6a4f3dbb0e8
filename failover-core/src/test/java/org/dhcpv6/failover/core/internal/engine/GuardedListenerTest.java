package org.dhcpv6.failover.core.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.dhcpv6.failover.api.FailoverListener;
import org.dhcpv6.failover.api.Role;
import org.dhcpv6.failover.api.ServerState;
import org.dhcpv6.failover.core.internal.engine.GuardedListener.Kind;
import org.junit.jupiter.api.Test;

/** The guard around the host's listener: swallows, counts, and logs at a bounded rate. */
class GuardedListenerTest {

    private final FakeClock clock = new FakeClock(Instant.parse("2026-01-01T00:00:00Z"));

    @Test
    void everyFailureIsSwallowedAndCountedButLoggedOncePerIntervalPerKind() {
        AtomicInteger calls = new AtomicInteger();
        FailoverListener broken = new FailoverListener() {
            @Override
            public void communicationsUp(String relationship) {
                calls.incrementAndGet();
                throw new IllegalStateException("broken");
            }

            @Override
            public void poolExhausted(String relationship, String pool) {
                throw new NoClassDefFoundError("missing");
            }
        };
        GuardedListener guarded = (GuardedListener) GuardedListener.guard(broken, "r", Role.PRIMARY, clock);
        for (int i = 0; i < 1000; i++) {
            guarded.communicationsUp("r");
            clock.advance(Duration.ofMillis(10));
        }
        assertEquals(1000, calls.get());
        assertEquals(1000, guarded.failures(Kind.COMMUNICATIONS_UP));
        // 10 s of failures: the first is logged, the rest wait for the next interval.
        assertEquals(1, guarded.logLines(Kind.COMMUNICATIONS_UP));
        clock.advance(GuardedListener.REPEAT_INTERVAL);
        guarded.communicationsUp("r");
        assertEquals(2, guarded.logLines(Kind.COMMUNICATIONS_UP));

        // Another kind has its own first line, and an Error that is not a VM error is swallowed too.
        guarded.poolExhausted("r", "pool");
        assertEquals(1, guarded.logLines(Kind.POOL_EXHAUSTED));
        assertEquals(0, guarded.failures(Kind.STATE_CHANGED));
        guarded.stateChanged("r", ServerState.STARTUP, ServerState.RECOVER);
    }

    @Test
    void virtualMachineErrorsStillPropagate() {
        FailoverListener oom = new FailoverListener() {
            @Override
            public void stateChanged(String relationship, ServerState from, ServerState to) {
                throw new OutOfMemoryError("test");
            }
        };
        FailoverListener guarded = GuardedListener.guard(oom, "r", Role.SECONDARY, clock);
        assertThrows(OutOfMemoryError.class, () -> guarded.stateChanged("r", ServerState.STARTUP, ServerState.RECOVER));
    }

    @Test
    void guardingTwiceOrGuardingNoneAddsNothing() {
        FailoverListener once = GuardedListener.guard(new FailoverListener() { }, "r", Role.PRIMARY, clock);
        assertSame(once, GuardedListener.guard(once, "r", Role.PRIMARY, clock));
        assertSame(FailoverListener.NONE, GuardedListener.guard(FailoverListener.NONE, "r", Role.PRIMARY, clock));
    }
}
