package org.dhcpv6.failover.core.internal.binding;

import static org.dhcpv6.failover.core.internal.binding.Fixtures.ALICE;
import static org.dhcpv6.failover.core.internal.binding.Fixtures.EVEN;
import static org.dhcpv6.failover.core.internal.binding.Fixtures.ODD;
import static org.dhcpv6.failover.core.internal.binding.Fixtures.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.dhcpv6.failover.api.Binding;
import org.dhcpv6.failover.api.BindingStatus;
import org.dhcpv6.failover.api.Ipv6Address;
import org.dhcpv6.failover.api.LeaseDecision.Outcome;
import org.dhcpv6.failover.api.LeaseRequest;
import org.dhcpv6.failover.api.MessageKind;
import org.dhcpv6.failover.api.Role;
import org.dhcpv6.failover.api.ServerState;
import org.junit.jupiter.api.Test;

/**
 * A free record that still names its last client is not that client's lease: re-leasing it is a
 * new lease, for the pool's owner only (RFC 8156 §4.2.1; simulation seed 8322).
 */
class LeaseGrantsTest {

    private static final LeaseGrants.Context PRIMARY_NORMAL = new LeaseGrants.Context(Role.PRIMARY,
            ServerState.NORMAL, Duration.ofSeconds(60), null, T0, false);

    private static Binding free(Ipv6Address a, BindingStatus status) {
        return new Binding(a, ALICE, status, 0, 0, 0, 0, T0.minusSeconds(100), null, null, null, null, null, null,
                false);
    }

    private static LeaseRequest rebind(Ipv6Address a) {
        return LeaseRequest.of(MessageKind.REBIND, ALICE, a, 600, 600, false);
    }

    @Test
    void thePartnersFreeAddressIsNotReleasedToItsLastClient() {
        assertEquals(Outcome.NOT_OWNED, LeaseGrants.refusal(free(EVEN, BindingStatus.FREE_BACKUP), rebind(EVEN),
                PRIMARY_NORMAL));
        assertEquals(Outcome.NOT_OWNED, LeaseGrants.refusal(free(EVEN, BindingStatus.PENDING_FREE), rebind(EVEN),
                PRIMARY_NORMAL));
    }

    @Test
    void anOwnFreeAddressGoesBackToItsLastClient() {
        assertNull(LeaseGrants.refusal(free(ODD, BindingStatus.FREE), rebind(ODD), PRIMARY_NORMAL));
    }

    /**
     * Seed 2959: the partner's acknowledgement of the ended lease's lifetime does not carry over to
     * a new lease on the free record, even for its last client, or renewals would run to it plus
     * MCLT while the partner holds the resource free.
     */
    @Test
    void aNewLeaseOnAFreeRecordKeepsNoAcknowledgedPartnerLifetime() {
        Binding freed = new Binding(ODD, ALICE, BindingStatus.FREE, 0, 0, 0, 0, T0.minusSeconds(100), null, null,
                null, T0.plusSeconds(600), T0.plusSeconds(600), null, false);
        assertFalse(LeaseGrants.continuesLease(freed, ALICE));
        Binding granted = LeaseGrants.activeBinding(freed, rebind(ODD), new Lifetimes(30, 60, 15, 24), T0);
        assertNull(granted.ackedPartnerLifetime());
        assertEquals(T0.plusSeconds(600), granted.expirationTime(), "what we acknowledged still binds us");
    }

    @Test
    void aContinuingLeaseKeepsItsAcknowledgedPartnerLifetime() {
        Binding active = new Binding(ODD, ALICE, BindingStatus.ACTIVE, 0, 600, 0, 0, T0.minusSeconds(100),
                T0.plusSeconds(500), T0.minusSeconds(100), null, null, T0.plusSeconds(900), null, false);
        assertTrue(LeaseGrants.continuesLease(active, ALICE));
        Binding granted = LeaseGrants.activeBinding(active, rebind(ODD), new Lifetimes(300, 600, 150, 240), T0);
        assertEquals(T0.plusSeconds(900), granted.ackedPartnerLifetime());
    }

    @Test
    void theSameClientsActiveLeaseOfThePartnersHalfIsStillRenewed() {
        Binding active = new Binding(EVEN, ALICE, BindingStatus.ACTIVE, 0, 600, 0, 0, T0.minusSeconds(100),
                T0.plusSeconds(500), T0.minusSeconds(100), null, null, null, null, false);
        assertNull(LeaseGrants.refusal(active, rebind(EVEN), PRIMARY_NORMAL));
    }

    /**
     * Seed 11763: a server whose store was lost knows no lease of its own half until its UPDREQALL
     * is answered; in RESOLUTION-INTERRUPTED it leased an address it had no record of to a new
     * client while the partner's renewal of it to another ran 205 s more.
     */
    @Test
    void aStorelessServerLeasesNothingNewUntilItsUpdateRequestAllIsAnswered() {
        LeaseGrants.Context storeless = new LeaseGrants.Context(Role.PRIMARY, ServerState.RESOLUTION_INTERRUPTED,
                Duration.ofSeconds(60), null, T0, false, true);
        assertEquals(Outcome.NOT_OWNED, LeaseGrants.refusal(null, rebind(ODD), storeless));
        assertEquals(Outcome.NOT_OWNED, LeaseGrants.refusal(free(ODD, BindingStatus.FREE), rebind(ODD), storeless));
        // A lease it has a record of, received from the partner, is still renewed for its client.
        Binding active = new Binding(ODD, ALICE, BindingStatus.ACTIVE, 0, 600, 0, 0, T0.minusSeconds(100),
                T0.plusSeconds(500), T0.minusSeconds(100), null, null, null, null, false);
        assertNull(LeaseGrants.refusal(active, rebind(ODD), storeless));
    }
}
