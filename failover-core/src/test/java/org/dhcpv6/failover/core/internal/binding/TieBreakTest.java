package org.dhcpv6.failover.core.internal.binding;

import static org.dhcpv6.failover.core.internal.binding.Fixtures.ALICE;
import static org.dhcpv6.failover.core.internal.binding.Fixtures.BOB;
import static org.dhcpv6.failover.core.internal.binding.Fixtures.T0;
import static org.dhcpv6.failover.core.internal.binding.Fixtures.local;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dhcpv6.failover.api.Binding;
import org.dhcpv6.failover.api.BindingStatus;
import org.dhcpv6.failover.api.Role;
import org.dhcpv6.failover.core.internal.binding.ConflictResolver.Incoming;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The project's tie-break: the same client ending its lease within the 5 s window is accepted. */
class TieBreakTest {

    @ParameterizedTest
    @EnumSource(value = BindingStatus.class, names = {"RELEASED", "ABANDONED"})
    void sameClientEndingItsLeaseWithinTheWindowIsAccepted(BindingStatus ending) {
        Binding active = local(BindingStatus.ACTIVE, ALICE, T0, T0.plusSeconds(3600), T0);
        Incoming release = new Incoming(ending, ALICE, T0.plusSeconds(2), T0.plusSeconds(2), null);
        assertTrue(ConflictResolver.decide(active, release, Role.SECONDARY, T0.plusSeconds(2)).accepted());
    }

    @ParameterizedTest
    @EnumSource(value = BindingStatus.class, names = {"RELEASED", "ABANDONED"})
    void anotherClientsTieIsStillRejectedAsOutdated(BindingStatus ending) {
        Binding active = local(BindingStatus.ACTIVE, ALICE, T0, T0.plusSeconds(3600), T0);
        Incoming other = new Incoming(ending, BOB, T0.plusSeconds(2), T0.plusSeconds(2), null);
        var verdict = ConflictResolver.decide(active, other, Role.SECONDARY, T0.plusSeconds(2));
        assertFalse(verdict.accepted());
        assertEquals(ConflictResolver.OUTDATED_BINDING_INFORMATION, verdict.statusCode());
    }

    @ParameterizedTest
    @EnumSource(value = BindingStatus.class, names = {"RELEASED", "ABANDONED"})
    void anOlderEndIsStillRejected(BindingStatus ending) {
        Binding active = local(BindingStatus.ACTIVE, ALICE, T0, T0.plusSeconds(3600), T0.plusSeconds(60));
        Incoming stale = new Incoming(ending, ALICE, T0.plusSeconds(10), T0.plusSeconds(10), null);
        assertFalse(ConflictResolver.decide(active, stale, Role.SECONDARY, T0.plusSeconds(60)).accepted());
    }

    @ParameterizedTest
    @EnumSource(value = BindingStatus.class, names = {"FREE", "FREE_BACKUP", "PENDING_FREE"})
    void aLeaseOfAFreeResourceWithinTheWindowIsAccepted(BindingStatus free) {
        Binding local = local(free, null, T0, null, null);
        Incoming lease = new Incoming(BindingStatus.ACTIVE, BOB, T0.plusSeconds(1), T0.plusSeconds(1),
                T0.plusSeconds(3600));
        assertTrue(ConflictResolver.decide(local, lease, Role.PRIMARY, T0.plusSeconds(1)).accepted());
    }

    @ParameterizedTest
    @EnumSource(value = BindingStatus.class, names = {"FREE", "FREE_BACKUP"})
    void anOlderLeaseOfAFreeResourceIsStillRejected(BindingStatus free) {
        // Flagged: an unflagged free record takes any lease (ConflictResolverTest).
        Binding local = local(free, null, T0.plusSeconds(60), null, null).withPartnerUpdatePending(true);
        Incoming stale = new Incoming(BindingStatus.ACTIVE, BOB, T0, T0, T0.plusSeconds(3600));
        assertFalse(ConflictResolver.decide(local, stale, Role.PRIMARY, T0.plusSeconds(60)).accepted());
    }

    @ParameterizedTest
    @EnumSource(value = BindingStatus.class, names = {"FREE", "FREE_BACKUP"})
    void aPoolMoveWithinTheWindowIsAccepted(BindingStatus to) {
        BindingStatus from = to == BindingStatus.FREE ? BindingStatus.FREE_BACKUP : BindingStatus.FREE;
        Binding local = local(from, null, T0, null, null);
        Incoming move = new Incoming(to, null, null, T0.plusSeconds(3), null);
        assertTrue(ConflictResolver.decide(local, move, Role.SECONDARY, T0.plusSeconds(3)).accepted());
    }

    /**
     * At the primary, its own unacknowledged pool move wins a tie against the secondary's other
     * free status: that is older news sent before our move reached it (seed 1579, 20,765.7 s).
     */
    @ParameterizedTest
    @EnumSource(value = BindingStatus.class, names = {"FREE", "FREE_BACKUP"})
    void thePrimarysMoveInFlightWinsATie(BindingStatus ours) {
        BindingStatus theirs = ours == BindingStatus.FREE ? BindingStatus.FREE_BACKUP : BindingStatus.FREE;
        Binding moved = local(ours, null, T0.plusSeconds(3), null, null).withPartnerUpdatePending(true);
        Incoming stale = new Incoming(theirs, null, null, T0, null);
        var verdict = ConflictResolver.decide(moved, stale, Role.PRIMARY, T0.plusSeconds(3));
        assertFalse(verdict.accepted());
        assertEquals(ConflictResolver.OUTDATED_BINDING_INFORMATION, verdict.statusCode());
    }

    /** Once our move is acknowledged, or at the secondary, a tie is a pool move as before. */
    @ParameterizedTest
    @EnumSource(value = Role.class)
    void aSettledMoveOrTheSecondaryStillTakesATie(Role role) {
        Binding given = local(BindingStatus.FREE_BACKUP, null, T0.plusSeconds(3), null, null)
                .withPartnerUpdatePending(role == Role.SECONDARY);
        Incoming free = new Incoming(BindingStatus.FREE, null, null, T0, null);
        assertTrue(ConflictResolver.decide(given, free, role, T0.plusSeconds(3)).accepted());
    }

    /** A clearly later free status from the secondary is still taken over our move. */
    @org.junit.jupiter.api.Test
    void aLaterFreeStatusStillWinsOverOurMove() {
        Binding given = local(BindingStatus.FREE_BACKUP, null, T0, null, null).withPartnerUpdatePending(true);
        Incoming later = new Incoming(BindingStatus.FREE, null, null, T0.plusSeconds(60), null);
        assertTrue(ConflictResolver.decide(given, later, Role.PRIMARY, T0.plusSeconds(60)).accepted());
    }

    /**
     * Seed 80928: the client renewed at the partner as the lease we knew ran out; our EXPIRED and
     * its renewal fall within the 5 s window, and the renewal, running past our expiry, wins.
     */
    @Test
    void theSameClientsRenewalAsItsLeaseExpiredIsAccepted() {
        Binding expired = local(BindingStatus.EXPIRED, ALICE, T0, null, null);
        Incoming renewal = new Incoming(BindingStatus.ACTIVE, ALICE, T0.plusSeconds(1), T0.plusSeconds(1),
                T0.plusSeconds(919));
        assertTrue(ConflictResolver.decide(expired, renewal, Role.PRIMARY, T0.plusSeconds(26)).accepted());
    }

    /** Another client's lease, or the same client's copy ending by our expiry, still loses the tie. */
    @Test
    void anotherClientsOrAnEndedCopysTieWithAnExpiryIsStillRejected() {
        Binding expired = local(BindingStatus.EXPIRED, ALICE, T0, null, null);
        Incoming bob = new Incoming(BindingStatus.ACTIVE, BOB, T0.plusSeconds(1), T0.plusSeconds(1),
                T0.plusSeconds(919));
        assertFalse(ConflictResolver.decide(expired, bob, Role.PRIMARY, T0.plusSeconds(26)).accepted());
        Incoming endedCopy = new Incoming(BindingStatus.ACTIVE, ALICE, T0.minusSeconds(3), T0.minusSeconds(3), T0);
        assertFalse(ConflictResolver.decide(expired, endedCopy, Role.PRIMARY, T0.plusSeconds(26)).accepted());
    }
}
