package org.dhcpv6.failover.core.internal.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    /**
     * Every gate sits on an edge of the table and is held by {@code check}: RECOVER-DONE -> NORMAL
     * only once an UPDREQ asking for the partner's grants was answered (docs/decisions/0007).
     */
    @Test
    void everyGateIsOnAnEdgeAndHeldByCheck() {
        int gates = 0;
        for (ServerState from : ServerState.values()) {
            for (ServerState to : ServerState.values()) {
                if (TransitionTable.gate(from, to) != null) {
                    gates++;
                    assertTrue(TransitionTable.allows(from, to), from + " -> " + to + " has a gate but no edge");
                }
            }
        }
        assertEquals(1, gates);
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        CurrentState.RecoverDone asked = ((CurrentState.RecoverDone) CurrentState.enter(ServerState.RECOVER_DONE, t))
                .asked(true);
        assertFalse(TransitionTable.allows(asked, ServerState.NORMAL));
        assertThrows(IllegalStateException.class, () -> TransitionTable.check(asked, ServerState.NORMAL));
        TransitionTable.check(asked.answered(), ServerState.NORMAL);
        assertThrows(IllegalStateException.class, () -> TransitionTable.check(asked.answered().voided(),
                ServerState.NORMAL), "seeing the partner in PARTNER-DOWN voids the answer");
        assertThrows(IllegalStateException.class, () -> TransitionTable.check(asked.asked(false).answered(),
                ServerState.NORMAL), "an UPDREQ sent with the partner in PARTNER-DOWN opens nothing");
        TransitionTable.check(asked, ServerState.COMMUNICATIONS_INTERRUPTED);
        TransitionTable.check(CurrentState.enter(ServerState.PARTNER_DOWN, t), ServerState.NORMAL);
    }

    /**
     * After a move of our own the partner's last STATE is followed again, except after our
     * PARTNER-DOWN when that state itself moves on seeing it (docs/decisions/0006): partner in
     * NORMAL, COMMUNICATIONS-INTERRUPTED, PARTNER-DOWN or RESOLUTION-INTERRUPTED (seed 13237), while
     * a partner in RECOVER-DONE, which waits for us, is followed (seed 35997).
     */
    @Test
    void ownMovesFollowThePartnersLastStateSaveOneException() {
        Set<ServerState> movesItself = EnumSet.of(ServerState.NORMAL, ServerState.COMMUNICATIONS_INTERRUPTED,
                ServerState.PARTNER_DOWN, ServerState.RESOLUTION_INTERRUPTED);
        int exceptions = 0;
        for (TransitionTable.OwnMove move : TransitionTable.OwnMove.values()) {
            for (Role role : Role.values()) {
                assertTrue(TransitionTable.followsPartnersLastState(move, role, null), move + " never heard");
                for (ServerState partner : ServerState.values()) {
                    boolean expected = move != TransitionTable.OwnMove.PARTNER_DOWN_COMMAND
                            || !movesItself.contains(partner);
                    assertEquals(expected, TransitionTable.followsPartnersLastState(move, role, partner),
                            move + " as " + role + ", partner in " + partner);
                    if (!expected) {
                        exceptions++;
                        assertTrue(StateRules.onPartnerState(partner, role.partner(), ServerState.PARTNER_DOWN)
                                != partner, "the exception is a partner that moves on our PARTNER-DOWN");
                    }
                }
            }
        }
        assertEquals(movesItself.size() * Role.values().length, exceptions);
        assertTrue(TransitionTable.followsPartnersLastState(TransitionTable.OwnMove.PARTNER_DOWN_COMMAND,
                Role.SECONDARY, ServerState.RECOVER_DONE));
    }

    /** RECOVER-WAIT carries the time its MCLT wait counts from; it cannot be entered without it. */
    @Test
    void recoverWaitKeepsTheTimeItWaitsFrom() {
        Instant failed = Instant.parse("2026-01-01T00:00:00Z");
        Instant entered = failed.plusSeconds(600);
        CurrentState wait = CurrentState.enter(ServerState.RECOVER_WAIT, entered, failed);
        assertEquals(failed.plusSeconds(3600),
                ((CurrentState.RecoverWait) wait).waitEnd(java.time.Duration.ofHours(1)));
        assertEquals(entered, wait.enteredAt());
        assertThrows(IllegalArgumentException.class, () -> CurrentState.enter(ServerState.RECOVER_WAIT, entered));
        assertThrows(IllegalArgumentException.class,
                () -> new CurrentState.Plain(ServerState.RECOVER_WAIT, entered));
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
