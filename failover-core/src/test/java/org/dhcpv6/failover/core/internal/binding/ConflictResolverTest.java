package org.dhcpv6.failover.core.internal.binding;

import static org.dhcpv6.failover.core.internal.binding.Fixtures.ALICE;
import static org.dhcpv6.failover.core.internal.binding.Fixtures.BOB;
import static org.dhcpv6.failover.core.internal.binding.Fixtures.T0;
import static org.dhcpv6.failover.core.internal.binding.Fixtures.local;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.dhcpv6.failover.api.Binding;
import org.dhcpv6.failover.api.BindingStatus;
import org.dhcpv6.failover.api.ClientIdentity;
import org.dhcpv6.failover.api.IaType;
import org.dhcpv6.failover.api.Role;
import org.dhcpv6.failover.core.internal.binding.ConflictResolver.Incoming;
import org.dhcpv6.failover.core.internal.binding.ConflictResolver.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** The details around the table: time definitions, the ±5 s window, client clashes. */
class ConflictResolverTest {

    private static final Binding FREE_AT_T0 = local(BindingStatus.FREE, null, T0, null, null);

    @ParameterizedTest
    @EnumSource(BindingStatus.class)
    void noLocalBindingAccepts(BindingStatus received) {
        ClientIdentity client = received == BindingStatus.ACTIVE ? ALICE : null;
        Verdict v = ConflictResolver.decide(null,
                new Incoming(received, client, null, Instant.parse("2000-01-01T00:00:00Z"), null), Role.PRIMARY, T0);
        assertTrue(v.accepted());
    }

    @ParameterizedTest(name = "update {0} s after local time: accepted={1}")
    @CsvSource({"-6,false", "0,false", "4,false", "5,false", "6,true", "3600,true"})
    void fiveSecondWindowUnderAccept(long offsetSeconds, boolean accepted) {
        Incoming in = new Incoming(BindingStatus.EXPIRED, ALICE, T0.plusSeconds(offsetSeconds),
                T0.plusSeconds(offsetSeconds), null);
        Verdict v = ConflictResolver.decide(FREE_AT_T0, in, Role.PRIMARY, T0);
        assertEquals(accepted, v.accepted(), v::toString);
        if (!accepted) {
            assertEquals(ConflictResolver.OUTDATED_BINDING_INFORMATION, v.statusCode());
        }
    }

    @ParameterizedTest(name = "now {0} s after local expiry: accepted={1}")
    @CsvSource({"-60,false", "0,false", "4,false", "6,true"})
    void fiveSecondWindowUnderTime1(long offsetSeconds, boolean accepted) {
        Binding active = local(BindingStatus.ACTIVE, ALICE, T0, Instant.parse("2024-05-01T11:00:00Z"), null);
        Incoming in = new Incoming(BindingStatus.FREE, null, null, T0, null);
        Instant now = Instant.parse("2024-05-01T11:00:00Z").plusSeconds(offsetSeconds);
        assertEquals(accepted, ConflictResolver.decide(active, in, Role.PRIMARY, now).accepted());
    }

    @Test
    void time1WithoutLocalExpiryRejects() {
        Binding active = local(BindingStatus.ACTIVE, ALICE, T0, null, null);
        Incoming in = new Incoming(BindingStatus.EXPIRED, ALICE, null, T0, null);
        Verdict v = ConflictResolver.decide(active, in, Role.PRIMARY, Instant.parse("2030-01-01T00:00:00Z"));
        assertEquals(ConflictResolver.OUTDATED_BINDING_INFORMATION, v.statusCode());
    }

    @ParameterizedTest(name = "CLT {0} s after RESET began: accepted={1}")
    @CsvSource({"4,false", "5,false", "6,true"})
    void fiveSecondWindowUnderTime2(long offsetSeconds, boolean accepted) {
        Binding reset = local(BindingStatus.RESET, null, T0, null, null);
        Incoming in = new Incoming(BindingStatus.ACTIVE, ALICE, T0.plusSeconds(offsetSeconds), T0, null);
        assertEquals(accepted, ConflictResolver.decide(reset, in, Role.PRIMARY, T0).accepted());
    }

    @Test
    void time2WithoutReceivedCltRejects() {
        Binding reset = local(BindingStatus.RESET, null, T0, null, null);
        Incoming in = new Incoming(BindingStatus.ACTIVE, ALICE, null, Instant.parse("2024-05-02T00:00:00Z"), null);
        Verdict v = ConflictResolver.decide(reset, in, Role.SECONDARY, T0);
        assertEquals(ConflictResolver.OUTDATED_BINDING_INFORMATION, v.statusCode());
    }

    @Test
    void updateTimeOfActiveExpiredReleasedIsTheCltEvenWhenEarlier() {
        for (BindingStatus s : new BindingStatus[] {BindingStatus.ACTIVE, BindingStatus.EXPIRED,
                BindingStatus.RELEASED}) {
            Incoming in = new Incoming(s, ALICE, Instant.parse("2024-05-01T09:00:00Z"),
                    Instant.parse("2024-05-01T12:00:00Z"), null);
            assertEquals(Instant.parse("2024-05-01T09:00:00Z"), in.updateTime(), s.rfcName());
            assertFalse(ConflictResolver.decide(FREE_AT_T0.withPartnerUpdatePending(true), in, Role.PRIMARY, T0)
                    .accepted(), s.rfcName());
        }
    }

    @Test
    void aFreeRecordThePartnerHasTakesItsLeaseWhateverTheTimes() {
        // Our FREE reads an hour newer (a clock step), yet nothing of ours is in flight: the
        // partner knows the resource was free, so its lease is the newer news.
        Incoming lease = new Incoming(BindingStatus.ACTIVE, ALICE, Instant.parse("2024-05-01T09:00:00Z"),
                Instant.parse("2024-05-01T09:00:00Z"), Instant.parse("2024-05-01T10:00:00Z"));
        for (BindingStatus free : new BindingStatus[] {BindingStatus.FREE, BindingStatus.FREE_BACKUP,
                BindingStatus.PENDING_FREE}) {
            Binding agreed = local(free, null, T0, null, null);
            assertTrue(ConflictResolver.decide(agreed, lease, Role.PRIMARY, T0).accepted(), free.rfcName());
            assertTrue(ConflictResolver.decide(agreed, lease, Role.SECONDARY, T0).accepted(), free.rfcName());
        }
    }

    @Test
    void aFreeRecordOfOursInFlightStillGoesByTheTimes() {
        Incoming older = new Incoming(BindingStatus.ACTIVE, ALICE, Instant.parse("2024-05-01T09:00:00Z"),
                Instant.parse("2024-05-01T09:00:00Z"), Instant.parse("2024-05-01T10:00:00Z"));
        Binding ours = local(BindingStatus.FREE, null, T0, null, null).withPartnerUpdatePending(true);
        Verdict v = ConflictResolver.decide(ours, older, Role.SECONDARY, T0);
        assertEquals(ConflictResolver.OUTDATED_BINDING_INFORMATION, v.statusCode());
        // Only a lease is taken unasked: the partner's older FREE still loses to our unflagged one.
        Incoming olderFree = new Incoming(BindingStatus.FREE, null, null, Instant.parse("2024-05-01T09:00:00Z"), null);
        assertFalse(ConflictResolver.decide(local(BindingStatus.FREE_BACKUP, null, T0, null, null), olderFree,
                Role.SECONDARY, T0).accepted());
    }

    @Test
    void updateTimeWithoutCltIsTheStartTime() {
        Incoming in = new Incoming(BindingStatus.RELEASED, ALICE, null, Instant.parse("2024-05-01T12:00:00Z"), null);
        assertEquals(Instant.parse("2024-05-01T12:00:00Z"), in.updateTime());
        assertTrue(ConflictResolver.decide(FREE_AT_T0, in, Role.PRIMARY, T0).accepted());
    }

    @ParameterizedTest
    @EnumSource(value = BindingStatus.class, names = {"FREE", "FREE_BACKUP", "PENDING_FREE", "ABANDONED", "RESET"})
    void updateTimeOfOtherStatusesIsTheLaterOfCltAndStart(BindingStatus s) {
        Incoming cltEarlier = new Incoming(s, null, Instant.parse("2024-05-01T09:00:00Z"),
                Instant.parse("2024-05-01T12:00:00Z"), null);
        assertEquals(Instant.parse("2024-05-01T12:00:00Z"), cltEarlier.updateTime());
        assertTrue(ConflictResolver.decide(FREE_AT_T0, cltEarlier, Role.PRIMARY, T0).accepted());
        Incoming cltLater = new Incoming(s, null, Instant.parse("2024-05-01T12:00:00Z"),
                Instant.parse("2024-05-01T09:00:00Z"), null);
        assertEquals(Instant.parse("2024-05-01T12:00:00Z"), cltLater.updateTime());
    }

    @Test
    void localTimeIsTheCltWhenPresent() {
        // Our state began at 10:00 but we saw the client at 12:00; an 11:00 update is older.
        Binding expired = local(BindingStatus.EXPIRED, ALICE, T0, null, Instant.parse("2024-05-01T12:00:00Z"));
        assertEquals(Instant.parse("2024-05-01T12:00:00Z"), ConflictResolver.localTime(expired));
        Incoming in = new Incoming(BindingStatus.ACTIVE, ALICE, Instant.parse("2024-05-01T11:00:00Z"), T0, null);
        assertFalse(ConflictResolver.decide(expired, in, Role.PRIMARY, T0).accepted());
        assertEquals(T0, ConflictResolver.localTime(FREE_AT_T0));
    }

    @Test
    void clientClashPrimaryRejectsWithAddressInUseSecondaryAccepts() {
        Binding active = local(BindingStatus.ACTIVE, ALICE, T0, Instant.parse("2024-05-01T11:00:00Z"), null);
        Incoming bob = new Incoming(BindingStatus.ACTIVE, BOB, Instant.parse("2024-05-01T09:59:00Z"),
                Instant.parse("2024-05-01T09:59:00Z"), Instant.parse("2024-05-01T10:59:00Z"));
        Verdict atPrimary = ConflictResolver.decide(active, bob, Role.PRIMARY, T0);
        assertEquals(ConflictResolver.ADDRESS_IN_USE, atPrimary.statusCode());
        assertFalse(atPrimary.accepted());
        assertTrue(ConflictResolver.decide(active, bob, Role.SECONDARY, T0).accepted());
    }

    /**
     * Seed 71368: a recovering primary's older ACTIVE of another client (here the hold of a primary
     * that lost its store) does not erase the lease the secondary granted after it; a newer one
     * still wins, and outside recovery the RFC's "the primary wins" stands.
     */
    @Test
    void clientClashWithARecoveringPrimarySecondaryKeepsItsLaterLease() {
        Binding active = local(BindingStatus.ACTIVE, ALICE, T0, Instant.parse("2024-05-01T10:27:36Z"), null);
        Incoming bob = new Incoming(BindingStatus.ACTIVE, BOB, Instant.parse("2024-05-01T09:40:00Z"),
                Instant.parse("2024-05-01T09:59:47Z"), Instant.parse("2024-05-01T10:01:00Z"));
        Verdict recovering = ConflictResolver.decide(active, bob, Role.SECONDARY, true, T0.plusSeconds(15));
        assertFalse(recovering.accepted());
        assertEquals(ConflictResolver.OUTDATED_BINDING_INFORMATION, recovering.statusCode());
        assertTrue(ConflictResolver.decide(active, bob, Role.SECONDARY, false, T0.plusSeconds(15)).accepted());
        Incoming newer = new Incoming(BindingStatus.ACTIVE, BOB, T0.plusSeconds(10), T0.plusSeconds(10),
                T0.plusSeconds(70));
        assertTrue(ConflictResolver.decide(active, newer, Role.SECONDARY, true, T0.plusSeconds(15)).accepted());
        assertEquals(ConflictResolver.ADDRESS_IN_USE,
                ConflictResolver.decide(active, bob, Role.PRIMARY, true, T0.plusSeconds(15)).statusCode());
    }

    @Test
    void secondaryInPartnerDownKeepsItsLeaseAgainstThePrimarysOlderOne() {
        Binding active = local(BindingStatus.ACTIVE, ALICE, T0, Instant.parse("2024-05-01T11:00:00Z"), null);
        // A recovery hold: no CLT, begun before our lease, ending a minute later.
        Incoming hold = new Incoming(BindingStatus.ACTIVE, BOB, null,
                Instant.parse("2024-05-01T09:59:00Z"), Instant.parse("2024-05-01T10:00:00Z"));
        Verdict inPartnerDown = ConflictResolver.decide(active, hold, Role.SECONDARY, true, T0);
        assertFalse(inPartnerDown.accepted());
        assertEquals(ConflictResolver.OUTDATED_BINDING_INFORMATION, inPartnerDown.statusCode());
        assertTrue(ConflictResolver.decide(active, hold, Role.SECONDARY, false, T0).accepted());
        assertEquals(ConflictResolver.ADDRESS_IN_USE,
                ConflictResolver.decide(active, hold, Role.PRIMARY, true, T0).statusCode());
    }

    @Test
    void secondaryInPartnerDownStillTakesANewerLeaseAndItsOwnClient() {
        Binding active = local(BindingStatus.ACTIVE, ALICE, T0, Instant.parse("2024-05-01T11:00:00Z"), null);
        Incoming newer = new Incoming(BindingStatus.ACTIVE, BOB, Instant.parse("2024-05-01T10:00:06Z"),
                Instant.parse("2024-05-01T10:00:06Z"), Instant.parse("2024-05-01T11:00:06Z"));
        assertTrue(ConflictResolver.decide(active, newer, Role.SECONDARY, true, T0).accepted());
        Incoming sameClient = new Incoming(BindingStatus.ACTIVE, ALICE, null,
                Instant.parse("2024-05-01T09:59:00Z"), Instant.parse("2024-05-01T10:00:00Z"));
        assertTrue(ConflictResolver.decide(active, sameClient, Role.SECONDARY, true, T0).accepted());
    }

    @Test
    void clientClashWithNewerCltIsAcceptedEvenByThePrimary() {
        Binding active = local(BindingStatus.ACTIVE, ALICE, T0, Instant.parse("2024-05-01T11:00:00Z"), null);
        Incoming bob = new Incoming(BindingStatus.ACTIVE, BOB, Instant.parse("2024-05-01T10:00:06Z"),
                Instant.parse("2024-05-01T10:00:06Z"), null);
        assertTrue(ConflictResolver.decide(active, bob, Role.PRIMARY, T0).accepted());
        Incoming withinWindow = new Incoming(BindingStatus.ACTIVE, BOB, Instant.parse("2024-05-01T10:00:05Z"),
                Instant.parse("2024-05-01T10:00:05Z"), null);
        assertEquals(ConflictResolver.ADDRESS_IN_USE,
                ConflictResolver.decide(active, withinWindow, Role.PRIMARY, T0).statusCode());
    }

    @Test
    void sameDuidWithOtherIaidOrIaTypeIsAnotherClient() {
        Binding active = local(BindingStatus.ACTIVE, ALICE, T0, Instant.parse("2024-05-01T11:00:00Z"), null);
        ClientIdentity otherIaid = new ClientIdentity(ALICE.duid(), 2, IaType.IA_NA);
        ClientIdentity otherType = new ClientIdentity(ALICE.duid(), 1, IaType.IA_TA);
        ClientIdentity same = new ClientIdentity(ALICE.duid(), 1, IaType.IA_NA);
        Instant old = Instant.parse("2024-05-01T09:00:00Z");
        assertEquals(ConflictResolver.ADDRESS_IN_USE, ConflictResolver.decide(active,
                new Incoming(BindingStatus.ACTIVE, otherIaid, old, old, null), Role.PRIMARY, T0).statusCode());
        assertEquals(ConflictResolver.ADDRESS_IN_USE, ConflictResolver.decide(active,
                new Incoming(BindingStatus.ACTIVE, otherType, old, old, null), Role.PRIMARY, T0).statusCode());
        assertTrue(ConflictResolver.decide(active,
                new Incoming(BindingStatus.ACTIVE, same, old, old, null), Role.PRIMARY, T0).accepted());
    }

    @Test
    void recordsAreValidated() {
        assertThrows(IllegalArgumentException.class,
                () -> new Incoming(BindingStatus.ACTIVE, null, null, T0, null));
        assertThrows(NullPointerException.class, () -> new Incoming(BindingStatus.FREE, null, null, null, null));
        assertThrows(IllegalArgumentException.class, () -> new Verdict(true, 19, "x"));
        assertThrows(IllegalArgumentException.class, () -> new Verdict(false, 0, "x"));
        assertThrows(NullPointerException.class, () -> new Verdict(true, 0, null));
    }
}
