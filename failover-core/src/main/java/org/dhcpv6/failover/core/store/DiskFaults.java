package org.dhcpv6.failover.core.store;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A test's way to make the disk fail (full, read-only) under a {@link JournalLeaseStore}; {@link #NONE}
 * in production. Not public API: tests reach it through the package.
 */
@FunctionalInterface
interface DiskFaults {

    /** Never fails. */
    DiskFaults NONE = file -> {
    };

    /** Called before every write or force of a store file; throws to fail it. */
    void beforeWrite(Path file) throws IOException;
}
