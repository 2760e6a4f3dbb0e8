/**
 * Binding synchronisation on the wire: {@link org.dhcpv6.failover.core.internal.sync.BindingMessages} turns
 * one binding into a BNDUPD item, reads the leases of a received BNDUPD, mirrors it into a
 * BNDREPLY and reads the acknowledgements of a BNDREPLY (RFC 8156 §7.4–§7.7).
 * {@link org.dhcpv6.failover.core.internal.sync.TimeTranslator} carries the partner clock skew into the
 * codec. Everything here is pure: no state, no I/O, no logging.
 */
package org.dhcpv6.failover.core.internal.sync;
