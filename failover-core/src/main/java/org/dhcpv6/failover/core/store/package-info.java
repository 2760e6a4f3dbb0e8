/**
 * The lease stores shipped with the library: {@link org.dhcpv6.failover.core.store.InMemoryLeaseStore}
 * for tests and demos, {@link org.dhcpv6.failover.core.store.JournalLeaseStore}, the embedded
 * durable default, and {@link org.dhcpv6.failover.core.store.JdbcLeaseStore}, leases in a
 * PostgreSQL database through a {@code javax.sql.DataSource} (schema: {@code postgresql.sql} in
 * this package's resources).
 *
 * <p><b>On-disk format of the journal store</b> (all integers big-endian):
 * <ul>
 *   <li>Files in the store directory: {@code bindings.snapshot}, {@code bindings.journal},
 *       {@code lock} (held with an OS file lock while open).
 *   <li>Both data files are sequences of frames:
 *       {@code version(1)=1 type(1) length(4) headerCrc32c(4) payload(length) crc32c(4)}; the header
 *       CRC covers the first 6 bytes, the trailing CRC everything before it.
 *   <li>Types: 1 binding put, 2 endpoint record save, 3 snapshot end (payload: binding count).
 *   <li>Payloads start with a presence bitmap for the nullable fields; instants are
 *       {@code epochSecond(8) nano(4)}; resources are {@code kind(1) high(8) low(8) [prefixLength(1)]};
 *       DUIDs are {@code length(1) bytes}.
 *   <li>State = snapshot (must end with a type 3 frame) then the journal replayed in order; only a
 *       damaged last journal frame is dropped as a torn write, any other damage fails the open.
 * </ul>
 */
package org.dhcpv6.failover.core.store;
