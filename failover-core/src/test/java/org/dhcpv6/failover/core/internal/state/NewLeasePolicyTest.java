package org.dhcpv6.failover.core.internal.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.dhcpv6.failover.api.BindingStatus;
import org.dhcpv6.failover.api.ClientService;
import org.dhcpv6.failover.api.Ipv6Address;
import org.dhcpv6.failover.api.Ipv6Prefix;
import org.dhcpv6.failover.api.Role;
import org.dhcpv6.failover.api.ServerState;
import org.dhcpv6.failover.core.internal.state.NewLeasePolicy.Refusal;
import org.junit.jupiter.api.Test;

/** Each reason the lease policy gives, and what it leaves alone. */
class NewLeasePolicyTest {

    private static final Instant T0 = Instant.parse("2026-12-07T12:00:00Z");
    private static final Duration MCLT = Duration.ofSeconds(60);
    private static final Ipv6Address ODD = Ipv6Address.parse("2001:db8:1::21");
    private static final Ipv6Address EVEN = Ipv6Address.parse("2001:db8:1::22");
    private static final Ipv6Prefix PREFIX = Ipv6Prefix.parse("2001:db8:100:200::/56");

    private static NewLeasePolicy policy(Role role, ServerState state, boolean prefixesWithheld,
            boolean awaitingFullUpdate) {
        return new NewLeasePolicy(role, state, StateRules.clientService(state, role), MCLT,
                state == ServerState.PARTNER_DOWN ? T0 : null, prefixesWithheld, awaitingFullUpdate);
    }

    @Test
    void addressesFollowTheLastBitInEveryState() {
        NewLeasePolicy p = policy(Role.PRIMARY, ServerState.PARTNER_DOWN, false, false);
        assertNull(p.ownershipRefusal(ODD, null, T0.plus(MCLT)));
        assertEquals(Refusal.PARTNERS_ADDRESS, p.ownershipRefusal(EVEN, null, T0.plus(MCLT)));
    }

    @Test
    void thePartnersPrefixOnlyInPartnerDownAfterMclt() {
        NewLeasePolicy p = policy(Role.SECONDARY, ServerState.PARTNER_DOWN, false, false);
        assertEquals(Refusal.PARTNERS_PREFIX, p.ownershipRefusal(PREFIX, BindingStatus.FREE, T0.plusSeconds(59)));
        assertNull(p.ownershipRefusal(PREFIX, BindingStatus.FREE, T0.plus(MCLT)));
        assertNull(p.ownershipRefusal(PREFIX, BindingStatus.FREE_BACKUP, T0));
    }

    /** Docs/decisions/0004: after a restart out of touch, no prefix and no reuse by time. */
    @Test
    void aRestartOutOfTouchWithholdsPrefixesAndReuseByTimeInPartnerDown() {
        NewLeasePolicy withheld = policy(Role.PRIMARY, ServerState.PARTNER_DOWN, true, false);
        assertEquals(Refusal.PREFIXES_WITHHELD, withheld.ownershipRefusal(PREFIX, BindingStatus.FREE, T0));
        assertNull(withheld.reuseByTimeSince());
        assertNull(withheld.ownershipRefusal(ODD, BindingStatus.FREE, T0), "own free addresses stay allowed");
        assertEquals(T0, policy(Role.PRIMARY, ServerState.PARTNER_DOWN, false, false).reuseByTimeSince());
        assertNull(policy(Role.PRIMARY, ServerState.NORMAL, false, false).reuseByTimeSince());
    }

    @Test
    void resolutionInterruptedWithholdsPrefixes() {
        assertTrue(NewLeasePolicy.prefixesWithheld(ServerState.RESOLUTION_INTERRUPTED, false));
        assertTrue(NewLeasePolicy.prefixesWithheld(ServerState.NORMAL, true));
        assertFalse(NewLeasePolicy.prefixesWithheld(ServerState.PARTNER_DOWN, false));
    }

    /** Seed 11763: a lost store withholds everything until UPDDONE, except in PARTNER-DOWN. */
    @Test
    void aLostStoreWithholdsEverythingOutsidePartnerDown() {
        NewLeasePolicy p = policy(Role.PRIMARY, ServerState.RESOLUTION_INTERRUPTED, true, true);
        assertEquals(Refusal.AWAITING_FULL_UPDATE, p.refusalOfAny());
        assertEquals(Refusal.AWAITING_FULL_UPDATE, p.ownershipRefusal(ODD, null, T0));
        assertNull(policy(Role.PRIMARY, ServerState.PARTNER_DOWN, false, true).refusalOfAny());
    }

    @Test
    void statesThatServeNoNewClientSaySo() {
        assertEquals(Refusal.RECOVER_DONE, policy(Role.PRIMARY, ServerState.RECOVER_DONE, false, false).refusalOfAny());
        assertEquals(Refusal.NOT_SERVING, policy(Role.SECONDARY, ServerState.NORMAL, false, false).refusalOfAny());
        assertEquals(Refusal.NOT_SERVING, policy(Role.PRIMARY, ServerState.RECOVER, false, false).refusalOfAny());
        assertNull(policy(Role.PRIMARY, ServerState.NORMAL, false, false).refusalOfAny());
    }
}
