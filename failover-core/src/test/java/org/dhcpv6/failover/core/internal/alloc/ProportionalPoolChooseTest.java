package org.dhcpv6.failover.core.internal.alloc;

import static org.dhcpv6.failover.api.BindingStatus.ACTIVE;
import static org.dhcpv6.failover.api.BindingStatus.FREE;
import static org.dhcpv6.failover.api.BindingStatus.FREE_BACKUP;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.dhcpv6.failover.api.BindingStatus;
import org.dhcpv6.failover.api.Ipv6Prefix;
import org.dhcpv6.failover.api.PrefixPool;
import org.dhcpv6.failover.api.Role;
import org.junit.jupiter.api.Test;

class ProportionalPoolChooseTest {

    // 2001:db8:ff00::/48 delegating /50: four prefixes.
    private static final PrefixPool FOUR = PrefixPool.of(Ipv6Prefix.parse("2001:db8:ff00::/48"), 50);
    private static final Ipv6Prefix P0 = Ipv6Prefix.parse("2001:db8:ff00::/50");
    private static final Ipv6Prefix P1 = Ipv6Prefix.parse("2001:db8:ff00:4000::/50");
    private static final Ipv6Prefix P2 = Ipv6Prefix.parse("2001:db8:ff00:8000::/50");
    private static final Ipv6Prefix P3 = Ipv6Prefix.parse("2001:db8:ff00:c000::/50");

    private final Map<Ipv6Prefix, BindingStatus> status = new HashMap<>();

    private Optional<Ipv6Prefix> choose(Role role, boolean partnerDown, boolean mcltPassed) {
        return ProportionalPool.choose(FOUR, role, partnerDown, mcltPassed, status::get);
    }

    @Test
    void outsidePartnerDownEachUsesOnlyItsOwn() {
        status.put(P0, ACTIVE);
        status.put(P1, FREE_BACKUP);
        status.put(P2, FREE);
        status.put(P3, FREE_BACKUP);
        assertEquals(Optional.of(P2), choose(Role.PRIMARY, false, false));
        assertEquals(Optional.of(P1), choose(Role.SECONDARY, false, false));
        // The MCLT flag alone changes nothing outside PARTNER-DOWN.
        status.put(P2, ACTIVE);
        assertEquals(Optional.empty(), choose(Role.PRIMARY, false, true));
    }

    @Test
    void noBindingCountsAsFree() {
        assertEquals(Optional.of(P0), choose(Role.PRIMARY, false, false));
        assertEquals(Optional.empty(), choose(Role.SECONDARY, false, false));
    }

    @Test
    void partnerDownUsesOwnFirstThenPartnersOnlyAfterMclt() {
        status.put(P0, ACTIVE);
        status.put(P1, FREE_BACKUP);
        status.put(P2, FREE);
        status.put(P3, ACTIVE);
        assertEquals(Optional.of(P2), choose(Role.PRIMARY, true, true));
        assertEquals(Optional.of(P1), choose(Role.SECONDARY, true, true));
    }

    @Test
    void primaryInPartnerDownTakesTheSecondarysOnlyAfterMclt() {
        status.put(P0, FREE_BACKUP);
        status.put(P1, ACTIVE);
        status.put(P2, ACTIVE);
        status.put(P3, FREE_BACKUP);
        assertEquals(Optional.empty(), choose(Role.PRIMARY, false, false));
        assertEquals(Optional.empty(), choose(Role.PRIMARY, true, false));
        assertEquals(Optional.of(P0), choose(Role.PRIMARY, true, true));
    }

    @Test
    void secondaryInPartnerDownTakesThePrimarysOnlyAfterMclt() {
        status.put(P0, ACTIVE);
        status.put(P1, ACTIVE);
        status.put(P2, FREE);
        // P3 has no binding: the primary's too.
        assertEquals(Optional.empty(), choose(Role.SECONDARY, false, true));
        assertEquals(Optional.empty(), choose(Role.SECONDARY, true, false));
        assertEquals(Optional.of(P2), choose(Role.SECONDARY, true, true));
        status.put(P2, ACTIVE);
        assertEquals(Optional.of(P3), choose(Role.SECONDARY, true, true));
    }

    @Test
    void exhaustedGivesNone() {
        for (Ipv6Prefix p : List.of(P0, P1, P2, P3)) {
            status.put(p, ACTIVE);
        }
        for (Role role : Role.values()) {
            assertEquals(Optional.empty(), choose(role, true, true));
        }
    }

    @Test
    void cursorRotatesAndWraps() {
        PrefixCursor cursor = new PrefixCursor(FOUR, Role.PRIMARY);
        List<Ipv6Prefix> got = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            got.add(cursor.next(false, false, status::get).orElseThrow());
        }
        assertEquals(List.of(P0, P1, P2, P3, P0), got);
    }

    @Test
    void cursorSkipsBusyAndFreedWaitsItsTurn() {
        PrefixCursor cursor = new PrefixCursor(FOUR, Role.SECONDARY);
        status.put(P1, FREE_BACKUP);
        status.put(P3, FREE_BACKUP);
        assertEquals(Optional.of(P1), cursor.next(false, false, status::get));
        status.put(P1, ACTIVE);
        status.put(P0, FREE_BACKUP);
        assertEquals(Optional.of(P3), cursor.next(false, false, status::get));
        status.put(P3, ACTIVE);
        assertEquals(Optional.of(P0), cursor.next(false, false, status::get));
        status.put(P0, ACTIVE);
        assertEquals(Optional.empty(), cursor.next(false, false, status::get));
    }

    @Test
    void pickToMoveTakesFromTheEnd() {
        status.put(P3, ACTIVE);
        assertEquals(List.of(P2, P1), ProportionalPool.pickToMove(FOUR, 2, FREE, status::get));
        status.put(P1, FREE_BACKUP);
        status.put(P2, FREE_BACKUP);
        assertEquals(List.of(P2, P1), ProportionalPool.pickToMove(FOUR, 5, FREE_BACKUP, status::get));
        assertEquals(List.of(P0), ProportionalPool.pickToMove(FOUR, 5, FREE, status::get));
        assertEquals(List.of(), ProportionalPool.pickToMove(FOUR, 0, FREE, status::get));
    }

    @Test
    void sixtyFiveThousandPrefixesAreScannedToTheLast() {
        PrefixPool big = PrefixPool.of(Ipv6Prefix.parse("2001:db8:aa00::/48"), 64);
        Ipv6Prefix last = big.prefixAt(65_535);
        Optional<Ipv6Prefix> p = ProportionalPool.choose(big, Role.SECONDARY, false, false,
                q -> q.equals(last) ? FREE_BACKUP : ACTIVE);
        assertEquals(Optional.of(last), p);
        assertEquals(64, ProportionalPool.pickToMove(big, 64, FREE, q -> null).size());
    }
}
