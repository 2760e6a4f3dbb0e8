package org.dhcpv6.failover.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DatabaseGateTest {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final DatabaseGate gate = new DatabaseGate("test", nanos::get);

    private void advanceMillis(long ms) {
        nanos.addAndGet(ms * 1_000_000L);
    }

    @Test
    void letsCallsThroughUntilTheDatabaseIsFoundUnreachable() {
        assertNull(gate.refusal());
        gate.reached();
        assertNull(gate.refusal());
        assertFalse(gate.down());
    }

    @Test
    void refusesDuringAPauseThatDoublesUpToFiveSecondsAndEndsOnSuccess() {
        gate.unreachable("refused");
        assertTrue(gate.down());
        assertNotNull(gate.refusal());
        advanceMillis(249);
        assertNotNull(gate.refusal());
        advanceMillis(1);
        assertNull(gate.refusal(), "the first pause is 250 ms");
        long[] expected = {500, 1000, 2000, 4000, 5000, 5000};
        for (long pause : expected) {
            gate.unreachable("refused");
            advanceMillis(pause - 1);
            assertNotNull(gate.refusal(), "still paused just before " + pause + " ms");
            advanceMillis(1);
            assertNull(gate.refusal(), "pause of " + pause + " ms over");
        }
        gate.reached();
        assertFalse(gate.down());
        gate.unreachable("refused again");
        advanceMillis(250);
        assertNull(gate.refusal(), "a new outage starts again at 250 ms");
    }

    @Test
    void theRefusalSaysHowLongUntilTheNextTry() {
        gate.unreachable("refused");
        advanceMillis(100);
        assertEquals("database unreachable (retrying in 150 ms)", gate.refusal());
    }
}
