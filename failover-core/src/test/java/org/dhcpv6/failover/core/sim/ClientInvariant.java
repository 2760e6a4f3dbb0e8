package org.dhcpv6.failover.core.sim;

import java.util.Optional;

/**
 * An invariant about what DHCPv6 clients see, checked after every event beside the server-state
 * invariants of {@link Invariants}. The simulator has no clients yet: once the engine exposes
 * {@link org.dhcpv6.failover.api.LeaseHooks}, simulated clients will call them through
 * {@link SimServer#hooks()} and these promises of DESIGN.md §7 plug in here:
 * <ul>
 *   <li>no address or prefix is held by two clients at once, across both servers;</li>
 *   <li>outside PARTNER-DOWN, no lifetime granted exceeds what the partner acknowledged plus
 *       the MCLT (RFC 8156 §4.4);</li>
 *   <li>a client that keeps renewing or rebinding keeps its address or prefix.</li>
 * </ul>
 */
@FunctionalInterface
interface ClientInvariant {

    /**
     * Checks the invariant now.
     *
     * @param primary the primary server (possibly down)
     * @param secondary the secondary server (possibly down)
     * @param nowNanos the virtual true time
     * @return a description of the violation, or empty when it holds
     */
    Optional<String> check(SimServer primary, SimServer secondary, long nowNanos);
}
