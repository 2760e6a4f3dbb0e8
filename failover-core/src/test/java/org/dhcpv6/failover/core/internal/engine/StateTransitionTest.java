package org.dhcpv6.failover.core.internal.engine;

import static org.dhcpv6.failover.api.ServerState.COMMUNICATIONS_INTERRUPTED;
import static org.dhcpv6.failover.api.ServerState.CONFLICT_DONE;
import static org.dhcpv6.failover.api.ServerState.NORMAL;
import static org.dhcpv6.failover.api.ServerState.PARTNER_DOWN;
import static org.dhcpv6.failover.api.ServerState.POTENTIAL_CONFLICT;
import static org.dhcpv6.failover.api.ServerState.RECOVER;
import static org.dhcpv6.failover.api.ServerState.RECOVER_DONE;
import static org.dhcpv6.failover.api.ServerState.RECOVER_WAIT;
import static org.dhcpv6.failover.api.ServerState.RESOLUTION_INTERRUPTED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.dhcpv6.failover.api.Role;
import org.dhcpv6.failover.api.ServerState;
import org.dhcpv6.failover.core.internal.wire.Disconnect;
import org.dhcpv6.failover.core.internal.wire.ServerFlagsOption;
import org.dhcpv6.failover.core.internal.wire.StatusCode;
import org.dhcpv6.failover.core.internal.wire.UpdReq;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * One test per row of the RFC 8156 §8 transition table (digest §5.4), each driving the engine
 * against a scripted partner with literal times.
 */
class StateTransitionTest {

    /**
     * A running engine (STARTUP already over, no partner yet) in {@code state}: the saved state's
     * comms-failed successor, taken when the startup time passes.
     */
    private static ScriptedPartner running(Role role, ServerState saved) throws Exception {
        ScriptedPartner p = new ScriptedPartner(role, b -> b).savedState(saved).start();
        p.advance(p.config.startupTime());
        p.out.clear();
        return p;
    }

    /** Brings a primary engine into {@code state} with communications OK and the partner in {@code partner}. */
    private static ScriptedPartner engineIn(ServerState state, ServerState partner) throws Exception {
        ScriptedPartner p = ScriptedPartner.primary();
        switch (state) {
            case NORMAL -> {
                p.savedState(NORMAL).start();
                p.connectWithPartnerIn(NORMAL);
            }
            case POTENTIAL_CONFLICT -> {
                p.savedState(POTENTIAL_CONFLICT).start();
                p.connectWithPartnerIn(partner);
            }
            default -> {
                p.savedState(state).start();
                p.connectWithPartnerIn(partner);
            }
        }
        assertEquals(state, p.state(), "set-up reached " + state);
        p.out.clear();
        return p;
    }

    @ParameterizedTest(name = "COMMUNICATIONS-INTERRUPTED, partner {0} -> {1}")
    @CsvSource({
        "NORMAL, NORMAL", "COMMUNICATIONS_INTERRUPTED, NORMAL", "RECOVER_DONE, NORMAL",
        "RECOVER, COMMUNICATIONS_INTERRUPTED", "RECOVER_WAIT, COMMUNICATIONS_INTERRUPTED",
        "PARTNER_DOWN, POTENTIAL_CONFLICT", "POTENTIAL_CONFLICT, POTENTIAL_CONFLICT",
        "CONFLICT_DONE, POTENTIAL_CONFLICT", "RESOLUTION_INTERRUPTED, POTENTIAL_CONFLICT"})
    void communicationsInterruptedOnPartnerState(ServerState partner, ServerState expected) throws Exception {
        ScriptedPartner p = running(Role.PRIMARY, COMMUNICATIONS_INTERRUPTED);
        p.connectWithPartnerIn(partner);
        assertEquals(expected, p.state());
    }

    @ParameterizedTest(name = "PARTNER-DOWN, partner {0} -> {1}")
    @CsvSource({
        "NORMAL, POTENTIAL_CONFLICT", "COMMUNICATIONS_INTERRUPTED, POTENTIAL_CONFLICT",
        "PARTNER_DOWN, POTENTIAL_CONFLICT", "POTENTIAL_CONFLICT, POTENTIAL_CONFLICT",
        "RESOLUTION_INTERRUPTED, POTENTIAL_CONFLICT", "CONFLICT_DONE, POTENTIAL_CONFLICT",
        "RECOVER, PARTNER_DOWN", "RECOVER_WAIT, PARTNER_DOWN", "RECOVER_DONE, NORMAL"})
    void partnerDownOnPartnerState(ServerState partner, ServerState expected) throws Exception {
        ScriptedPartner p = running(Role.PRIMARY, PARTNER_DOWN);
        assertEquals(PARTNER_DOWN, p.state());
        p.connectWithPartnerIn(partner);
        assertEquals(expected, p.state());
    }

    @Test
    void partnerDownIgnoresStateWithStartupFlag() throws Exception {
        ScriptedPartner p = running(Role.PRIMARY, PARTNER_DOWN);
        p.connect();
        p.deliverState(NORMAL, ServerFlagsOption.COMMUNICATED | ServerFlagsOption.STARTUP);
        assertEquals(PARTNER_DOWN, p.state());
    }

    @ParameterizedTest(name = "RECOVER, partner {0} -> POTENTIAL-CONFLICT")
    @CsvSource({"POTENTIAL_CONFLICT", "RESOLUTION_INTERRUPTED", "CONFLICT_DONE"})
    void recoverToPotentialConflict(ServerState partner) throws Exception {
        ScriptedPartner p = running(Role.PRIMARY, RECOVER);
        p.connectWithPartnerIn(partner);
        assertEquals(POTENTIAL_CONFLICT, p.state());
    }

    @Test
    void recoverAsksForUpdatesThenWaitsThenIsDone() throws Exception {
        ScriptedPartner p = running(Role.PRIMARY, RECOVER);
        p.connectWithPartnerIn(PARTNER_DOWN);
        assertEquals(RECOVER, p.state());
        p.answerUpdateRequest();
        assertEquals(RECOVER_WAIT, p.state());
        List<ServerState> sent = p.statesSent();
        assertEquals(RECOVER_WAIT, sent.get(sent.size() - 1), "the partner hears of RECOVER-WAIT");
        // TIME-OF-FAILURE was a minute before T0 (the saved lastOperatingAt); MCLT is an hour.
        p.advance(Duration.ofMinutes(58));
        assertEquals(RECOVER_WAIT, p.state());
        p.advance(Duration.ofMinutes(1));
        assertEquals(RECOVER_DONE, p.state());
    }

    @Test
    void recoverReissuesTheRequestAfterLosingCommunications() throws Exception {
        ScriptedPartner p = ScriptedPartner.primary().savedState(RECOVER).start();
        p.connectWithPartnerIn(NORMAL);
        assertEquals(1, p.out.take(UpdReq.class).size());
        p.dropConnection();
        assertEquals(RECOVER, p.state());
        p.connectWithPartnerIn(NORMAL);
        assertEquals(1, p.out.take(UpdReq.class).size(), "UPDREQ again on reconnect");
    }

    @Test
    void recoverWaitIgnoresLostCommunications() throws Exception {
        ScriptedPartner p = ScriptedPartner.primary().savedState(RECOVER).start();
        p.connectWithPartnerIn(NORMAL);
        p.answerUpdateRequest();
        p.dropConnection();
        assertEquals(RECOVER_WAIT, p.state());
        p.advance(Duration.ofHours(1));
        assertEquals(RECOVER_DONE, p.state(), "the timer keeps running without the partner");
    }

    @ParameterizedTest(name = "RECOVER-DONE, partner {0} -> {1}")
    @CsvSource({"RECOVER, COMMUNICATIONS_INTERRUPTED", "RECOVER_WAIT, COMMUNICATIONS_INTERRUPTED",
        "POTENTIAL_CONFLICT, POTENTIAL_CONFLICT"})
    void recoverDoneOnPartnerState(ServerState partner, ServerState expected) throws Exception {
        ScriptedPartner p = running(Role.PRIMARY, RECOVER_DONE);
        p.connectWithPartnerIn(partner);
        assertEquals(expected, p.state());
    }

    /**
     * RECOVER-DONE goes to NORMAL on the partner's NORMAL or RECOVER-DONE (RFC 8156 §8.7) only once
     * an UPDREQ sent then is answered: the partner's PARTNER-DOWN grants made since our RECOVER
     * request are lazy BNDUPDs still on their way, and NORMAL must not be persisted before they
     * are (seed 8362).
     */
    @ParameterizedTest(name = "RECOVER-DONE, partner {0} -> UPDREQ, UPDDONE -> NORMAL")
    @CsvSource({"NORMAL", "RECOVER_DONE"})
    void recoverDoneAsksForThePartnersGrantsBeforeNormal(ServerState partner) throws Exception {
        ScriptedPartner p = running(Role.PRIMARY, RECOVER_DONE);
        p.connectWithPartnerIn(partner);
        assertEquals(RECOVER_DONE, p.state(), "not NORMAL before the partner's updates are in");
        p.answerUpdateRequest();
        assertEquals(NORMAL, p.state());
    }

    @Test
    void recoverDoneAsksAgainAfterLosingCommunicationsBeforeUpddone() throws Exception {
        ScriptedPartner p = running(Role.PRIMARY, RECOVER_DONE);
        p.connectWithPartnerIn(NORMAL);
        assertEquals(1, p.out.take(UpdReq.class).size());
        p.dropConnection();
        assertEquals(RECOVER_DONE, p.state());
        p.connectWithPartnerIn(NORMAL);
        assertEquals(RECOVER_DONE, p.state());
        p.answerUpdateRequest();
        assertEquals(NORMAL, p.state());
    }

    /**
     * An UPDDONE counts only what was pending when the partner read our UPDREQ: a partner that
     * entered PARTNER-DOWN since may have granted more, so RECOVER-DONE asks again once it is out
     * (seed 35997).
     */
    @Test
    void recoverDoneAsksAgainAfterThePartnerWasInPartnerDown() throws Exception {
        ScriptedPartner p = running(Role.PRIMARY, RECOVER_DONE);
        p.connectWithPartnerIn(NORMAL);
        p.deliverState(PARTNER_DOWN, ServerFlagsOption.COMMUNICATED);
        p.deliverState(NORMAL, ServerFlagsOption.COMMUNICATED);
        p.answerUpdateRequest();
        assertEquals(RECOVER_DONE, p.state(), "the answer predates the partner's PARTNER-DOWN");
        p.answerUpdateRequest();
        assertEquals(NORMAL, p.state());
    }

    @Test
    void recoverDoneStaysWhenCommunicationsAreLost() throws Exception {
        ScriptedPartner p = running(Role.PRIMARY, RECOVER_DONE);
        p.connectWithPartnerIn(PARTNER_DOWN);
        assertEquals(RECOVER_DONE, p.state());
        p.dropConnection();
        assertEquals(RECOVER_DONE, p.state());
    }

    @Test
    void potentialConflictPrimarySendsUpdreqAndGoesConflictDone() throws Exception {
        ScriptedPartner p = ScriptedPartner.primary().savedState(RESOLUTION_INTERRUPTED).start();
        p.connectWithPartnerIn(POTENTIAL_CONFLICT);
        assertEquals(POTENTIAL_CONFLICT, p.state());
        p.answerUpdateRequest();
        assertEquals(CONFLICT_DONE, p.state());
        p.deliverState(NORMAL, ServerFlagsOption.COMMUNICATED);
        assertEquals(NORMAL, p.state(), "CONFLICT-DONE -> NORMAL when the secondary is NORMAL");
    }

    @Test
    void potentialConflictSecondaryWaitsForConflictDoneThenAsks() throws Exception {
        ScriptedPartner s = ScriptedPartner.secondary().savedState(RESOLUTION_INTERRUPTED).start();
        s.connectWithPartnerIn(POTENTIAL_CONFLICT);
        assertEquals(POTENTIAL_CONFLICT, s.state());
        assertTrue(s.out.take(UpdReq.class).isEmpty(), "the secondary waits for the primary");
        s.deliverState(CONFLICT_DONE, ServerFlagsOption.COMMUNICATED);
        s.answerUpdateRequest();
        assertEquals(NORMAL, s.state());
    }

    @Test
    void potentialConflictLosingCommunicationsIsResolutionInterrupted() throws Exception {
        ScriptedPartner p = ScriptedPartner.primary().savedState(RESOLUTION_INTERRUPTED).start();
        p.connectWithPartnerIn(POTENTIAL_CONFLICT);
        p.dropConnection();
        assertEquals(RESOLUTION_INTERRUPTED, p.state());
    }

    @Test
    void resolutionInterruptedOperatorCommandIsPartnerDown() throws Exception {
        ScriptedPartner p = ScriptedPartner.primary().savedState(RESOLUTION_INTERRUPTED).start();
        p.advance(p.config.startupTime());
        assertEquals(RESOLUTION_INTERRUPTED, p.state());
        assertTrue(p.engine.partnerDown(p.clock.now()));
        assertEquals(PARTNER_DOWN, p.state());
        assertEquals(p.clock.wallTime(), p.engine.snapshot().partnerDownSince());
    }

    @Test
    void conflictDoneStaysWhenCommunicationsAreLost() throws Exception {
        ScriptedPartner p = ScriptedPartner.primary().savedState(RESOLUTION_INTERRUPTED).start();
        p.connectWithPartnerIn(POTENTIAL_CONFLICT);
        p.answerUpdateRequest();
        p.dropConnection();
        assertEquals(CONFLICT_DONE, p.state());
    }

    /**
     * The operator's command takes NORMAL to PARTNER-DOWN. A partner last heard in NORMAL moves on
     * our PARTNER-DOWN and says so if it is alive; its old NORMAL may come from a partner that died
     * unnoticed, and does not overrule the operator (seed 13237).
     */
    @Test
    void normalOperatorCommandIsPartnerDown() throws Exception {
        ScriptedPartner p = engineIn(NORMAL, NORMAL);
        assertTrue(p.engine.partnerDown(p.clock.now()));
        assertEquals(List.of(PARTNER_DOWN), p.statesSent());
        assertEquals(PARTNER_DOWN, p.state());
        p.deliverState(POTENTIAL_CONFLICT, ServerFlagsOption.COMMUNICATED);
        assertEquals(POTENTIAL_CONFLICT, p.state(), "the live partner's answer moves us");
    }

    @Test
    void normalOperatorCommandWithoutThePartnerStaysInPartnerDown() throws Exception {
        ScriptedPartner p = engineIn(NORMAL, NORMAL);
        p.dropConnection();
        assertTrue(p.engine.partnerDown(p.clock.now()));
        assertEquals(PARTNER_DOWN, p.state());
    }

    /**
     * A partner in RECOVER-DONE sends no STATE until we move, so PARTNER-DOWN entered while
     * connected to it goes on to NORMAL by the partner's last STATE (seed 35997).
     */
    @Test
    void operatorPartnerDownWithThePartnerInRecoverDoneGoesOnToNormal() throws Exception {
        ScriptedPartner p = engineIn(NORMAL, NORMAL);
        p.deliverState(RECOVER_DONE, ServerFlagsOption.COMMUNICATED);
        assertEquals(NORMAL, p.state());
        assertTrue(p.engine.partnerDown(p.clock.now()));
        assertEquals(List.of(PARTNER_DOWN, NORMAL), p.statesSent());
        assertEquals(NORMAL, p.state());
    }

    @Test
    void normalLosingTheConnectionIsCommunicationsInterrupted() throws Exception {
        ScriptedPartner p = engineIn(NORMAL, NORMAL);
        p.dropConnection();
        assertEquals(COMMUNICATIONS_INTERRUPTED, p.state());
    }

    @Test
    void normalReceivingDisconnectIsCommunicationsInterrupted() throws Exception {
        ScriptedPartner p = engineIn(NORMAL, NORMAL);
        p.deliver(Disconnect.of(p.nextXid(), p.wireNow(), StatusCode.SERVER_SHUTTING_DOWN.code(), "bye"));
        assertEquals(COMMUNICATIONS_INTERRUPTED, p.state());
    }

    @Test
    void normalSeeingAnUnexpectedPartnerStateGoesThroughCommunicationsInterrupted() throws Exception {
        ScriptedPartner p = engineIn(NORMAL, NORMAL);
        p.deliverState(PARTNER_DOWN, ServerFlagsOption.COMMUNICATED);
        assertEquals(POTENTIAL_CONFLICT, p.state());
        assertEquals(List.of(COMMUNICATIONS_INTERRUPTED, POTENTIAL_CONFLICT), p.statesSent());
    }

    @Test
    void communicationsInterruptedOperatorCommandIsPartnerDown() throws Exception {
        ScriptedPartner p = engineIn(NORMAL, NORMAL);
        p.dropConnection();
        assertTrue(p.engine.partnerDown(p.clock.now()));
        assertEquals(PARTNER_DOWN, p.state());
    }

    @Test
    void autoPartnerDownFiresAfterTheConfiguredTimeOnly() throws Exception {
        ScriptedPartner p = new ScriptedPartner(Role.PRIMARY, b -> b.autoPartnerDown(Duration.ofMinutes(10)))
                .savedState(NORMAL).start();
        p.connectWithPartnerIn(NORMAL);
        p.dropConnection();
        p.advance(Duration.ofMinutes(9));
        assertEquals(COMMUNICATIONS_INTERRUPTED, p.state());
        p.advance(Duration.ofMinutes(1));
        assertEquals(PARTNER_DOWN, p.state());
    }

    @Test
    void noAutoPartnerDownByDefault() throws Exception {
        ScriptedPartner p = engineIn(NORMAL, NORMAL);
        p.dropConnection();
        p.advance(Duration.ofDays(3));
        assertEquals(COMMUNICATIONS_INTERRUPTED, p.state());
    }

    @Test
    void startupWithoutPartnerGoesToThePreviousStatesSuccessor() throws Exception {
        ScriptedPartner p = ScriptedPartner.primary().savedState(NORMAL).start();
        p.advance(Duration.ofSeconds(9));
        assertEquals(ServerState.STARTUP, p.state());
        p.advance(Duration.ofSeconds(1));
        assertEquals(COMMUNICATIONS_INTERRUPTED, p.state());
    }

    @Test
    void startupWithEmptyStorageIsRecoverUnlessAllowedToStartAlone() throws Exception {
        ScriptedPartner p = ScriptedPartner.primary().start();
        p.advance(Duration.ofSeconds(10));
        assertEquals(RECOVER, p.state());
        ScriptedPartner alone = new ScriptedPartner(Role.PRIMARY, b -> b.startAloneIfPartnerNeverSeen(true)).start();
        alone.advance(Duration.ofSeconds(10));
        assertEquals(PARTNER_DOWN, alone.state());
    }

    @Test
    void startupWithPartnerDownSinceAfterOurFailureIsRecover() throws Exception {
        // Saved lastOperatingAt is T0 - 60 s; the partner entered PARTNER-DOWN at T0 (later).
        ScriptedPartner p = ScriptedPartner.primary().savedState(NORMAL).start();
        p.connectWithPartnerIn(PARTNER_DOWN);
        assertEquals(RECOVER, p.state());
    }

    @Test
    void startupWithPartnerDownSinceBeforeOurFailureIsPotentialConflict() throws Exception {
        ScriptedPartner p = ScriptedPartner.primary().savedState(NORMAL).start();
        p.connect();
        p.deliver(org.dhcpv6.failover.core.internal.wire.StateMessage.of(p.nextXid(), p.wireNow(), PARTNER_DOWN.code(),
                ServerFlagsOption.COMMUNICATED, p.wireNow() - 3600, p.wireNow() - 3600));
        assertEquals(POTENTIAL_CONFLICT, p.state());
    }

    /** A primary whose partner was last heard two hours (over MCLT) ago, after its startup time. */
    private static ScriptedPartner restartedOutOfTouch(org.dhcpv6.failover.api.LeaseStore store) throws Exception {
        java.time.Instant lastContact = ScriptedPartner.T0.minusSeconds(7200);
        store.saveEndpoint(new org.dhcpv6.failover.api.EndpointRecord(NORMAL, lastContact, null, NORMAL,
                lastContact, lastContact, lastContact, null, false));
        ScriptedPartner p = new ScriptedPartner(Role.PRIMARY, b -> b, store).start();
        p.advance(p.config.startupTime());
        assertEquals(COMMUNICATIONS_INTERRUPTED, p.state());
        assertTrue(p.engine.snapshot().newPrefixesWithheld(), "restarted out of touch");
        return p;
    }

    /**
     * Seed 5935: hearing a partner that reports PARTNER-DOWN (here while it starts) ends no
     * withholding of new prefixes; it may hold grants of ours we have not received.
     */
    @Test
    void aPartnerReportingPartnerDownDoesNotEndTheWithholding() throws Exception {
        ScriptedPartner p = restartedOutOfTouch(new org.dhcpv6.failover.core.store.InMemoryLeaseStore());
        p.connect();
        p.deliverState(PARTNER_DOWN, ServerFlagsOption.COMMUNICATED | ServerFlagsOption.STARTUP);
        assertEquals(COMMUNICATIONS_INTERRUPTED, p.state());
        assertTrue(p.engine.snapshot().newPrefixesWithheld());
        p.dropConnection();
        assertTrue(p.engine.snapshot().newPrefixesWithheld());
    }

    /** That contact refreshed the last-contact time; the partner's persisted state withholds again. */
    @Test
    void aRestartAfterHearingAPartnerInPartnerDownWithholdsAgain() throws Exception {
        org.dhcpv6.failover.api.LeaseStore store = new org.dhcpv6.failover.core.store.InMemoryLeaseStore();
        ScriptedPartner p = restartedOutOfTouch(store);
        p.connect();
        p.deliverState(PARTNER_DOWN, ServerFlagsOption.COMMUNICATED | ServerFlagsOption.STARTUP);
        ScriptedPartner again = new ScriptedPartner(Role.PRIMARY, b -> b, store).start();
        again.advance(again.config.startupTime());
        assertEquals(COMMUNICATIONS_INTERRUPTED, again.state());
        assertTrue(again.engine.snapshot().newPrefixesWithheld());
    }

    @Test
    void hearingAPartnerOutOfPartnerDownEndsTheWithholding() throws Exception {
        ScriptedPartner p = restartedOutOfTouch(new org.dhcpv6.failover.core.store.InMemoryLeaseStore());
        p.connectWithPartnerIn(COMMUNICATIONS_INTERRUPTED);
        assertEquals(NORMAL, p.state());
        assertFalse(p.engine.snapshot().newPrefixesWithheld());
    }

    @Test
    void everyTransitionIsPersisted() throws Exception {
        ScriptedPartner p = engineIn(NORMAL, NORMAL);
        p.dropConnection();
        assertEquals(COMMUNICATIONS_INTERRUPTED, p.store.loadEndpoint().orElseThrow().state());
        assertEquals(NORMAL, p.store.loadEndpoint().orElseThrow().previousState());
    }
}
