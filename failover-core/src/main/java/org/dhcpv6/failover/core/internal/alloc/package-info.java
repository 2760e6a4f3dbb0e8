/**
 * Allocation rules of RFC 8156 §4.2, as pure, clock-free code the engine and host call:
 * {@link org.dhcpv6.failover.core.internal.alloc.IndependentAllocator} for addresses (bit-127 split, §4.2.1),
 * {@link org.dhcpv6.failover.core.internal.alloc.ProportionalPool} and
 * {@link org.dhcpv6.failover.core.internal.alloc.PrefixCursor} for delegable prefixes (§4.2.2),
 * {@link org.dhcpv6.failover.core.internal.alloc.PoolValidation} for configuration checks, and
 * {@link org.dhcpv6.failover.core.internal.alloc.PoolExhaustion} for "nothing free" reports.
 * None of these holds bindings: the caller answers "is this one taken?" from its own table,
 * and its per-resource commit has the last word.
 */
package org.dhcpv6.failover.core.internal.alloc;
