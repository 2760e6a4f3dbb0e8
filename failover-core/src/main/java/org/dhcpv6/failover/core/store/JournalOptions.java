package org.dhcpv6.failover.core.store;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of a {@link JournalLeaseStore}. Start from {@link #defaults()} and change what you need
 * with the {@code with...} methods.
 *
 * @param fsync whether a write waits for {@code FileChannel.force}; {@code false} is only for tests
 *     and benchmarks, since a machine crash may then lose acknowledged writes
 * @param compactAfterRecords write a snapshot and empty the journal once it holds this many records
 *     (times the last snapshot's records divided by this, when that is more than one)
 * @param compactAfterBytes write a snapshot and empty the journal once it is this large (scaled alike)
 * @param commitTimeout how long a write waits for the flush covering it before it fails
 * @param reopenDelay after a write fails, how long until the store first tries to reopen its files;
 *     the delay doubles after each failed try, up to {@link #MAX_REOPEN_DELAY} (or this delay, if longer)
 */
public record JournalOptions(boolean fsync, long compactAfterRecords, long compactAfterBytes,
        Duration commitTimeout, Duration reopenDelay) {

    /** The longest wait between two tries to reopen a failed store (unless the first wait is longer). */
    public static final Duration MAX_REOPEN_DELAY = Duration.ofMinutes(1);

    /** Checks that the thresholds and the durations are positive. */
    public JournalOptions {
        Objects.requireNonNull(commitTimeout, "commitTimeout");
        Objects.requireNonNull(reopenDelay, "reopenDelay");
        if (reopenDelay.isNegative() || reopenDelay.isZero()) {
            throw new IllegalArgumentException("reopenDelay must be positive: " + reopenDelay);
        }
        if (compactAfterRecords < 1) {
            throw new IllegalArgumentException("compactAfterRecords must be positive: " + compactAfterRecords);
        }
        if (compactAfterBytes < 1) {
            throw new IllegalArgumentException("compactAfterBytes must be positive: " + compactAfterBytes);
        }
        if (commitTimeout.isNegative() || commitTimeout.isZero()) {
            throw new IllegalArgumentException("commitTimeout must be positive: " + commitTimeout);
        }
    }

    /**
     * Durable writes, compaction after 100,000 records or 64 MiB of journal (which bounds replay on
     * restart to well under a second; both scale up with the last snapshot once it holds more
     * records than that, so that a large store is not rewritten after every 100,000 writes), a 30 second commit timeout, and a first reopen try one second
     * after a failure.
     */
    public static JournalOptions defaults() {
        return new JournalOptions(true, 100_000, 64L << 20, Duration.ofSeconds(30), Duration.ofSeconds(1));
    }

    /** These options with fsync switched on or off. */
    public JournalOptions withFsync(boolean on) {
        return new JournalOptions(on, compactAfterRecords, compactAfterBytes, commitTimeout, reopenDelay);
    }

    /** These options with other compaction thresholds. */
    public JournalOptions withCompactAfter(long records, long bytes) {
        return new JournalOptions(fsync, records, bytes, commitTimeout, reopenDelay);
    }

    /** These options with another commit timeout. */
    public JournalOptions withCommitTimeout(Duration timeout) {
        return new JournalOptions(fsync, compactAfterRecords, compactAfterBytes, timeout, reopenDelay);
    }

    /** These options with another first delay before reopening a failed store. */
    public JournalOptions withReopenDelay(Duration delay) {
        return new JournalOptions(fsync, compactAfterRecords, compactAfterBytes, commitTimeout, delay);
    }

    /** The wait before the try after one that waited {@code previous}. */
    Duration nextReopenDelay(Duration previous) {
        Duration doubled = previous.multipliedBy(2);
        Duration cap = reopenDelay.compareTo(MAX_REOPEN_DELAY) > 0 ? reopenDelay : MAX_REOPEN_DELAY;
        return doubled.compareTo(cap) > 0 ? cap : doubled;
    }
}
