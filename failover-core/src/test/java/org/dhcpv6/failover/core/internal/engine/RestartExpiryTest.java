package org.dhcpv6.failover.core.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;
import org.dhcpv6.failover.api.Binding;
import org.dhcpv6.failover.api.BindingStatus;
import org.dhcpv6.failover.api.ClientIdentity;
import org.dhcpv6.failover.api.Duid;
import org.dhcpv6.failover.api.EndpointRecord;
import org.dhcpv6.failover.api.IaType;
import org.dhcpv6.failover.api.Ipv6Address;
import org.dhcpv6.failover.api.ServerState;
import org.junit.jupiter.api.Test;

/**
 * What a restarted engine does with the leases in its store before and after STARTUP: the
 * partner may have served while we were down, so nothing we saved may date our view of it.
 */
class RestartExpiryTest {

    private static final Ipv6Address ADDRESS = Ipv6Address.parse("2001:db8:1::61");
    private static final ClientIdentity CLIENT = new ClientIdentity(Duid.parseHex("0003000100000046"), 70,
            IaType.IA_NA);
    private static final Instant T0 = ScriptedPartner.T0;

    /**
     * Seed 50424: the saved PARTNER-DOWN entry time is not ours while in STARTUP, and a return to
     * PARTNER-DOWN dates it anew, so an ended lease the partner may have renewed while we were down
     * waits MCLT from the return, not from the old entry.
     */
    @Test
    void aRestartIntoPartnerDownFreesNothingByTheOldEntryTime() throws Exception {
        ScriptedPartner p = ScriptedPartner.primary();
        Instant lastUp = T0.minusSeconds(60);
        Instant oldEntry = T0.minus(ScriptedPartner.MCLT.multipliedBy(2));
        p.store.saveEndpoint(new EndpointRecord(ServerState.PARTNER_DOWN, oldEntry, null, ServerState.NORMAL,
                oldEntry, oldEntry, lastUp, oldEntry, false));
        Instant ended = oldEntry.plusSeconds(60);
        p.store.put(new Binding(ADDRESS, CLIENT, BindingStatus.EXPIRED, 0, 0, 0, 0, ended, null, null, null, ended,
                null, null, true));
        p.start();
        p.advance(Duration.ofSeconds(1));
        assertEquals(BindingStatus.EXPIRED, p.engine.bindings().get(ADDRESS).status(), "freed in STARTUP");
        assertNull(p.engine.snapshot().partnerDownSince(), "no PARTNER-DOWN entry while in STARTUP");

        p.advance(p.config.startupTime());
        assertEquals(ServerState.PARTNER_DOWN, p.state());
        Instant entered = p.clock.wallTime();
        assertEquals(entered, p.engine.snapshot().partnerDownSince());
        p.advance(ScriptedPartner.MCLT.minusSeconds(60));
        assertEquals(BindingStatus.EXPIRED, p.engine.bindings().get(ADDRESS).status(), "MCLT has not passed");
        p.advance(Duration.ofSeconds(120));
        assertEquals(BindingStatus.FREE, p.engine.bindings().get(ADDRESS).status());
    }

    /**
     * Seed 80928: a lease that ran out while we were down is EXPIRED from its end, not from the
     * look that noticed it after the restart, so the partner's renewal made in between is newer.
     */
    @Test
    void aLeaseThatEndedWhileDownIsExpiredFromItsEnd() throws Exception {
        ScriptedPartner p = ScriptedPartner.primary().savedState(ServerState.NORMAL);
        Instant end = T0.minusSeconds(26);
        p.store.put(new Binding(ADDRESS, CLIENT, BindingStatus.ACTIVE, 400, 900, 200, 320, end.minusSeconds(900), end,
                end.minusSeconds(900), null, end.plusSeconds(459), null, null, false));
        p.start();
        p.advance(Duration.ofSeconds(1));

        Binding b = p.engine.bindings().get(ADDRESS);
        assertEquals(BindingStatus.EXPIRED, b.status());
        assertEquals(end, b.startTimeOfState());
    }
}
