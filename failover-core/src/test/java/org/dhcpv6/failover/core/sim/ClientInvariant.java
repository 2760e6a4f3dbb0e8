package org.dhcpv6.failover.core.sim;

import java.util.Optional;

/**
 * An invariant about what DHCPv6 clients see, checked after every event beside the server-state
 * invariants of {@link Invariants}. The {@link ClientLedger} is one: it judges what the
 * {@link SimClients} were told, (1) no resource held by two clients at once, (2) no grant beyond
 * acked partner lifetime + MCLT outside PARTNER-DOWN, (3) lease stability; (4), agreeing binding
 * tables after healing, is {@link BindingAgreement}. Their exact definitions, and which refusals
 * are legitimate, are in those classes. (5), bounded update queues: the engine does not expose
 * its queue sizes, so the frames in flight and the event queue stay bounded as in {@link Invariants}.
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
