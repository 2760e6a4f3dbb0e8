package org.dhcpv6.failover.core.internal.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import org.dhcpv6.failover.api.Role;
import org.dhcpv6.failover.api.ServerState;
import org.junit.jupiter.api.Test;

/** Walks the whole table: every listed edge allowed, every other edge refused. */
class TransitionTableTest {

    private static final Set<String> RFC_EDGES = Set.of(
            "NORMAL>COMMUNICATIONS_INTERRUPTED", "NORMAL>PARTNER_DOWN",
            "COMMUNICATIONS_INTERRUPTED>NORMAL", "COMMUNICATIONS_INTERRUPTED>POTENTIAL_CONFLICT",
            "COMMUNICATIONS_INTERRUPTED>PARTNER_DOWN",
            "PARTNER_DOWN>NORMAL", "PARTNER_DOWN>POTENTIAL_CONFLICT",
            "RECOVER>RECOVER_WAIT", "RECOVER>POTENTIAL_CONFLICT",
            "RECOVER_WAIT>RECOVER_DONE",
            "RECOVER_DONE>NORMAL", "RECOVER_DONE>COMMUNICATIONS_INTERRUPTED", "RECOVER_DONE>POTENTIAL_CONFLICT",
            "POTENTIAL_CONFLICT>CONFLICT_DONE", "POTENTIAL_CONFLICT>NORMAL",
            "POTENTIAL_CONFLICT>RESOLUTION_INTERRUPTED",
            "RESOLUTION_INTERRUPTED>POTENTIAL_CONFLICT", "RESOLUTION_INTERRUPTED>PARTNER_DOWN",
            "CONFLICT_DONE>NORMAL");

    @Test
    void everyListedEdgeIsAllowedAndNoOther() {
        int allowed = 0;
        for (ServerState from : ServerState.values()) {
            for (ServerState to : ServerState.values()) {
                boolean expected = RFC_EDGES.contains(from + ">" + to)
                        || (from == ServerState.STARTUP && to != ServerState.STARTUP);
                assertEquals(expected, TransitionTable.allows(from, to), from + " -> " + to);
                if (expected) {
                    allowed++;
                } else {
                    assertThrows(IllegalStateException.class, () -> TransitionTable.check(from, to));
                }
            }
        }
        assertEquals(RFC_EDGES.size() + 9, allowed);
    }

    @Test
    void everyRuleResultIsAnEdgeOfTheTable() {
        for (ServerState current : EnumSet.complementOf(EnumSet.of(ServerState.STARTUP))) {
            for (Role role : Role.values()) {
                for (ServerState partner : ServerState.values()) {
                    ServerState next = StateRules.onPartnerState(current, role, partner);
                    if (next != current) {
                        TransitionTable.check(current, next);
                    }
                }
                ServerState lost = StateRules.onCommunicationsLost(current);
                if (lost != current) {
                    TransitionTable.check(current, lost);
                }
                ServerState done = StateRules.onUpdateDone(current, role);
                if (done != current) {
                    TransitionTable.check(current, done);
                }
                ServerState ext = StateRules.onPartnerDownCommand(current, false);
                if (ext != current) {
                    TransitionTable.check(current, ext);
                }
            }
        }
    }

    /**
     * RFC 8156 §8.3 step 5 compares the partner's PARTNER-DOWN entry with our last operating time;
     * a restart from RECOVER or RECOVER-WAIT served nobody beside the partner, so it recovers
     * again whatever that comparison says (seed 59342), and a serving state still goes by it.
     */
    @Test
    void aRestartThatServedNobodyRecoversAgainstPartnerDown() {
        Instant pdStart = Instant.parse("2026-01-01T00:00:00Z");
        Instant later = pdStart.plusSeconds(60);
        assertEquals(ServerState.RECOVER, StateRules.startupState(ServerState.RECOVER_WAIT,
                ServerState.PARTNER_DOWN, pdStart, later));
        assertEquals(ServerState.RECOVER, StateRules.startupState(ServerState.RECOVER,
                ServerState.PARTNER_DOWN, pdStart, later));
        assertEquals(ServerState.POTENTIAL_CONFLICT, StateRules.startupState(
                ServerState.COMMUNICATIONS_INTERRUPTED, ServerState.PARTNER_DOWN, pdStart, later));
        assertEquals(ServerState.RECOVER, StateRules.startupState(
                ServerState.COMMUNICATIONS_INTERRUPTED, ServerState.PARTNER_DOWN, later, pdStart));
        assertEquals(ServerState.RECOVER_WAIT, StateRules.startupState(ServerState.RECOVER_WAIT,
                ServerState.COMMUNICATIONS_INTERRUPTED, pdStart, later));
    }
}
