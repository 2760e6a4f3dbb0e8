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
 * @param compactAfterBytes write a snapshot and empty the journal once it is this large
 * @param commitTimeout how long a write waits for the flush covering it before it fails
 */
public record JournalOptions(boolean fsync, long compactAfterRecords, long compactAfterBytes,
        Duration commitTimeout) {

    /** Checks that the thresholds and the timeout are positive. */
    public JournalOptions {
        Objects.requireNonNull(commitTimeout, "commitTimeout");
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
     * restart to well under a second), and a 30 second commit timeout.
     */
    public static JournalOptions defaults() {
        return new JournalOptions(true, 100_000, 64L << 20, Duration.ofSeconds(30));
    }

    /** These options with fsync switched on or off. */
    public JournalOptions withFsync(boolean on) {
        return new JournalOptions(on, compactAfterRecords, compactAfterBytes, commitTimeout);
    }

    /** These options with other compaction thresholds. */
    public JournalOptions withCompactAfter(long records, long bytes) {
        return new JournalOptions(fsync, records, bytes, commitTimeout);
    }

    /** These options with another commit timeout. */
    public JournalOptions withCommitTimeout(Duration timeout) {
        return new JournalOptions(fsync, compactAfterRecords, compactAfterBytes, timeout);
    }
}
