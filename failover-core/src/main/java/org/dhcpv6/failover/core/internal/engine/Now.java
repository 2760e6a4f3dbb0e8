package org.dhcpv6.failover.core.internal.engine;

import java.time.Instant;
import java.util.Objects;
import org.dhcpv6.failover.api.ClockSource;

/**
 * One reading of the clock, passed with every input to the engine: wall-clock time for the wire
 * and lease times, monotonic nanoseconds for timeouts (keepalive, reconnect, startup).
 *
 * @param wall the wall-clock time
 * @param nanos the monotonic time in nanoseconds
 */
public record Now(Instant wall, long nanos) {

    /** Checks the wall time is present. */
    public Now {
        Objects.requireNonNull(wall, "wall");
    }

    /** Reads both clocks of {@code clock}. */
    public static Now of(ClockSource clock) {
        return new Now(clock.wallTime(), clock.monotonicNanos());
    }
}
