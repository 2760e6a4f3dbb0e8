package org.dhcpv6.failover.core.internal.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.dhcpv6.failover.api.ServerState;
import org.junit.jupiter.api.Test;

/** The values that outlive a state: each change replaces the whole value and keeps the rest. */
class StateValuesTest {

    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void anUpdateRequestIsAskedOncePerStateOrConnection() {
        CatchUp start = CatchUp.atStart(true);
        assertFalse(start.mayAsk());
        CatchUp asked = start.wanted().asked();
        assertFalse(asked.mayAsk());
        assertFalse(asked.wanted().mayAsk(), "issued and not voided: no second request");
        assertTrue(asked.wanted().reissuable().mayAsk());
        assertFalse(asked.wanted().notWanted().reissuable().mayAsk());
        assertTrue(asked.storageLost());
    }

    @Test
    void updateDoneEndsBothGapsAndLeavesTheRequestAlone() {
        CatchUp gaps = CatchUp.atStart(true).startedAlone(true).wanted();
        CatchUp done = gaps.updateDone();
        assertFalse(done.storageLost());
        assertFalse(done.restartedOutOfTouch());
        assertTrue(done.requestWanted());
        CatchUp heard = CatchUp.atStart(true).startedAlone(true).backInTouch();
        assertTrue(heard.storageLost(), "hearing the partner brings no records");
        assertFalse(heard.restartedOutOfTouch());
    }

    @Test
    void partnerContactKeepsWhatWasHeardAcrossALostConnection() {
        PartnerContact none = PartnerContact.restored(null, null, null);
        assertFalse(none.everHeard());
        PartnerContact heard = none.stateHeard(ServerState.PARTNER_DOWN, false, T, T.plusSeconds(5), T.plusSeconds(9))
                .connectedNow(false);
        assertTrue(heard.connected());
        assertTrue(heard.everHeard());
        assertFalse(heard.hadHistory());
        assertEquals(T.plusSeconds(5), heard.downTime());
        PartnerContact lost = heard.lost();
        assertFalse(lost.connected());
        assertEquals(ServerState.PARTNER_DOWN, lost.state());
        assertEquals(T.plusSeconds(9), lost.lastHeardAt());
        assertNull(heard.stateHeard(ServerState.NORMAL, false, T, T, T).downTime(),
                "a down time only while the partner reports PARTNER-DOWN");
        assertTrue(PartnerContact.restored(T, ServerState.NORMAL, T).hadHistory());
    }
}
