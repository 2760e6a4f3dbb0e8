package org.dhcpv6.failover.core.store;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.dhcpv6.failover.api.LeaseStoreException;

/**
 * A disk that can be made full: while {@link #full} is set, every write or force of a store file
 * throws the IOException a full disk gives. For tests in any package.
 */
public final class FaultyDisk {

    /** While true, writes fail with "No space left on device". */
    public volatile boolean full;
    /** How many writes and forces failed. */
    public final AtomicInteger failures = new AtomicInteger();

    /** Opens a journal store on this disk, timing its reopen back-off by {@code nanoTime}. */
    public JournalLeaseStore open(Path dir, JournalOptions options, LongSupplier nanoTime) throws LeaseStoreException {
        return JournalLeaseStore.open(dir, options, this::check, nanoTime);
    }

    private void check(Path file) throws IOException {
        if (full) {
            failures.incrementAndGet();
            throw new IOException("No space left on device (injected): " + file.getFileName());
        }
    }
}
