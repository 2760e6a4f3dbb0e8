package org.dhcpv6.failover.core.internal.binding;

import static org.dhcpv6.failover.core.internal.binding.Fixtures.EVEN;
import static org.dhcpv6.failover.core.internal.binding.Fixtures.ODD;
import static org.dhcpv6.failover.core.internal.binding.Fixtures.T0;
import static org.dhcpv6.failover.core.internal.binding.Fixtures.reuse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.dhcpv6.failover.api.Binding;
import org.dhcpv6.failover.api.BindingStatus;
import org.dhcpv6.failover.api.Ipv6Prefix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ReuseRulesTest {

    private static final Duration MCLT = Duration.ofHours(1);
    /** PARTNER-DOWN entered at 12:00. */
    private static final Instant PD = Instant.parse("2024-05-01T12:00:00Z");

    private static Instant at(String hhmm) {
        return Instant.parse("2024-05-01T" + hhmm + ":00Z");
    }

    // partnerDownReuseTime

    @Test
    void reuseTimeIsMcltAfterTheLatestKnownTime() {
        Binding b = reuse(BindingStatus.EXPIRED, T0, at("13:00"), at("14:00"), at("13:30"), at("15:00"), true);
        assertEquals(at("16:00"), ReuseRules.partnerDownReuseTime(b, PD, MCLT));
    }

    @Test
    void reuseTimeTakesEachTimeWhenItIsTheLatest() {
        assertEquals(at("15:00"), ReuseRules.partnerDownReuseTime(
                reuse(BindingStatus.ACTIVE, T0, at("14:00"), null, null, null, false), PD, MCLT));
        assertEquals(at("15:00"), ReuseRules.partnerDownReuseTime(
                reuse(BindingStatus.ACTIVE, T0, null, at("14:00"), null, null, false), PD, MCLT));
        assertEquals(at("15:00"), ReuseRules.partnerDownReuseTime(
                reuse(BindingStatus.ACTIVE, T0, null, null, at("14:00"), null, false), PD, MCLT));
        assertEquals(at("15:00"), ReuseRules.partnerDownReuseTime(
                reuse(BindingStatus.ACTIVE, T0, null, null, null, at("14:00"), false), PD, MCLT));
    }

    @Test
    void reuseTimeIsNeverBeforePartnerDownEntryPlusMclt() {
        Binding old = reuse(BindingStatus.RELEASED, T0, at("10:30"), at("11:00"), at("11:00"), null, true);
        assertEquals(at("13:00"), ReuseRules.partnerDownReuseTime(old, PD, MCLT));
        Binding bare = reuse(BindingStatus.RELEASED, T0, null, null, null, null, true);
        assertEquals(at("13:00"), ReuseRules.partnerDownReuseTime(bare, PD, MCLT));
    }

    // mayGoToDifferentClient

    @Test
    void neverUsedAndFreeResourcesMayGoToAnyone() {
        assertTrue(ReuseRules.mayGoToDifferentClient(null, false, null, MCLT, T0));
        for (BindingStatus s : new BindingStatus[] {BindingStatus.FREE, BindingStatus.FREE_BACKUP,
                BindingStatus.PENDING_FREE}) {
            Binding b = reuse(s, T0, null, null, null, null, true);
            assertTrue(ReuseRules.mayGoToDifferentClient(b, false, null, MCLT, T0), s.rfcName());
            assertTrue(ReuseRules.mayGoToDifferentClient(b, true, PD, MCLT, PD), s.rfcName());
        }
    }

    @Test
    void abandonedNever() {
        Binding b = reuse(BindingStatus.ABANDONED, T0, null, null, null, null, false);
        assertFalse(ReuseRules.mayGoToDifferentClient(b, false, null, MCLT, at("23:00")));
        assertFalse(ReuseRules.mayGoToDifferentClient(b, true, PD, MCLT, Instant.parse("2030-01-01T00:00:00Z")));
    }

    @ParameterizedTest
    @EnumSource(value = BindingStatus.class, names = {"EXPIRED", "RELEASED", "RESET"})
    void outsidePartnerDownOnlyOnceThePartnerAcked(BindingStatus s) {
        Binding pending = reuse(s, T0, null, at("11:00"), at("11:00"), at("12:00"), true);
        assertFalse(ReuseRules.mayGoToDifferentClient(pending, false, null, MCLT, at("23:00")));
        assertTrue(ReuseRules.mayGoToDifferentClient(pending.withPartnerUpdatePending(false), false, null, MCLT,
                at("10:01")));
    }

    @ParameterizedTest
    @EnumSource(value = BindingStatus.class, names = {"EXPIRED", "RELEASED", "RESET"})
    void inPartnerDownAtTheReuseTimeOrOnceAcked(BindingStatus s) {
        // Latest time is the partner lifetime 14:00, so reuse at 15:00.
        Binding pending = reuse(s, T0, null, at("11:00"), at("13:00"), at("14:00"), true);
        assertFalse(ReuseRules.mayGoToDifferentClient(pending, true, PD, MCLT, at("14:59")));
        assertTrue(ReuseRules.mayGoToDifferentClient(pending, true, PD, MCLT, at("15:00")));
        assertTrue(ReuseRules.mayGoToDifferentClient(pending.withPartnerUpdatePending(false), true, PD, MCLT,
                at("12:01")));
    }

    @Test
    void activeWhileItLastsNever() {
        Binding b = reuse(BindingStatus.ACTIVE, T0, at("14:00"), null, null, null, false);
        assertFalse(ReuseRules.mayGoToDifferentClient(b, false, null, MCLT, at("13:59")));
        assertFalse(ReuseRules.mayGoToDifferentClient(b, true, PD, MCLT, at("13:59")));
    }

    @Test
    void activePastExpiryCountsAsAnUnreportedExpiry() {
        // Client expiry 14:00 is the latest time: reuse in PARTNER-DOWN at 15:00.
        Binding b = reuse(BindingStatus.ACTIVE, T0, at("14:00"), at("13:00"), at("13:00"), null, false);
        assertFalse(ReuseRules.mayGoToDifferentClient(b, false, null, MCLT, at("23:00")));
        assertFalse(ReuseRules.mayGoToDifferentClient(b, true, PD, MCLT, at("14:59")));
        assertTrue(ReuseRules.mayGoToDifferentClient(b, true, PD, MCLT, at("15:00")));
    }

    @Test
    void partnerDownNeedsItsEntryTime() {
        assertThrows(IllegalArgumentException.class,
                () -> ReuseRules.mayGoToDifferentClient(null, true, null, MCLT, T0));
    }

    // mayGoToSameClient

    @ParameterizedTest
    @EnumSource(BindingStatus.class)
    void sameClientUnlessAbandoned(BindingStatus s) {
        Binding b = reuse(s, T0, at("11:00"), null, null, null, true);
        assertEquals(s != BindingStatus.ABANDONED, ReuseRules.mayGoToSameClient(b));
        assertTrue(ReuseRules.mayGoToSameClient(null));
    }

    // freeStatusFor

    @Test
    void oddAddressesArePrimarysEvenAreSecondarysPrefixesGoToThePrimary() {
        assertEquals(BindingStatus.FREE, ReuseRules.freeStatusFor(ODD));
        assertEquals(BindingStatus.FREE_BACKUP, ReuseRules.freeStatusFor(EVEN));
        assertEquals(BindingStatus.FREE, ReuseRules.freeStatusFor(Ipv6Prefix.parse("2001:db8:1::/48")));
        assertEquals(BindingStatus.FREE, ReuseRules.freeStatusFor(Ipv6Prefix.parse("2001:db8:2::/56")));
    }

    // mayFree

    @ParameterizedTest
    @EnumSource(value = BindingStatus.class, names = {"EXPIRED", "RELEASED", "RESET"})
    void mayFreeOnceAcked(BindingStatus s) {
        Binding b = reuse(s, at("12:30"), null, null, null, null, false);
        assertTrue(ReuseRules.mayFree(b, null, MCLT, at("12:30")));
        assertFalse(ReuseRules.mayFree(b.withPartnerUpdatePending(true), null, MCLT, at("23:00")));
    }

    @ParameterizedTest
    @EnumSource(value = BindingStatus.class, names = {"EXPIRED", "RELEASED", "RESET"})
    void mayFreeInPartnerDownOnceMcltPassedSinceTheStatusBegan(BindingStatus s) {
        Binding b = reuse(s, at("12:30"), null, null, null, null, true);
        assertFalse(ReuseRules.mayFree(b, at("12:00"), MCLT, at("13:29")));
        assertTrue(ReuseRules.mayFree(b, at("12:00"), MCLT, at("13:30")));
    }

    @ParameterizedTest
    @EnumSource(value = BindingStatus.class, names = {"EXPIRED", "RELEASED"})
    void inPartnerDownWhatWeAcknowledgedToThePartnerPlusMcltMustPassToo(BindingStatus s) {
        // We acknowledged 15:00 to the partner: it may have extended the client up to 16:00.
        Binding b = reuse(s, at("12:30"), null, at("15:00"), null, null, true);
        assertFalse(ReuseRules.mayFree(b, at("12:00"), MCLT, at("13:30")));
        assertFalse(ReuseRules.mayFree(b, at("12:00"), MCLT, at("15:59")));
        assertTrue(ReuseRules.mayFree(b, at("12:00"), MCLT, at("16:00")));
    }

    @ParameterizedTest
    @EnumSource(value = BindingStatus.class, names = {"ACTIVE", "PENDING_FREE", "FREE", "FREE_BACKUP", "ABANDONED"})
    void otherStatusesAreNotFreed(BindingStatus s) {
        Binding b = reuse(s, T0, null, null, null, null, false);
        assertFalse(ReuseRules.mayFree(b, T0, MCLT, Instant.parse("2030-01-01T00:00:00Z")));
        assertFalse(ReuseRules.mayFree(b, null, MCLT, Instant.parse("2030-01-01T00:00:00Z")));
    }
}
