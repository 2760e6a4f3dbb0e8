package org.dhcpv6.failover.core.internal.state;

/**
 * What an endpoint may still lack of the partner's records, and where its update request for them
 * stands. Outlives the endpoint's states; immutable: the endpoint replaces it as a whole.
 *
 * @param storageLost our store was lost and the answer to our UPDREQALL is not in (RFC 8156 §8.5;
 *        persisted as {@code awaitingFullUpdate}; docs/decisions/0008)
 * @param restartedOutOfTouch we started without reaching a partner we had not heard for over MCLT,
 *        or last heard in a state that may hold unsent PARTNER-DOWN grants (docs/decisions/0004)
 * @param requestWanted an UPDREQ or UPDREQALL should be sent
 * @param requestIssued one was sent in this state on this connection and is not yet answered or voided
 */
public record CatchUp(boolean storageLost, boolean restartedOutOfTouch, boolean requestWanted,
        boolean requestIssued) {

    /** At start: only what the store said about itself. */
    public static CatchUp atStart(boolean storageLost) {
        return new CatchUp(storageLost, false, false, false);
    }

    /** STARTUP ran out without the partner; {@code outOfTouch} as {@link #restartedOutOfTouch}. */
    public CatchUp startedAlone(boolean outOfTouch) {
        return new CatchUp(storageLost, outOfTouch, requestWanted, requestIssued);
    }

    /** The partner's first STATE shows a state that holds no grants we lack. */
    public CatchUp backInTouch() {
        return new CatchUp(storageLost, false, requestWanted, requestIssued);
    }

    /** UPDDONE answered our request: the partner sent all we had not acknowledged. */
    public CatchUp updateDone() {
        return new CatchUp(false, false, requestWanted, requestIssued);
    }

    /** A request should go out. */
    public CatchUp wanted() {
        return new CatchUp(storageLost, restartedOutOfTouch, true, requestIssued);
    }

    /** Communications were lost: nothing to send until they are back. */
    public CatchUp notWanted() {
        return new CatchUp(storageLost, restartedOutOfTouch, false, requestIssued);
    }

    /** A new state or connection, or a voided answer: a request may go out again. */
    public CatchUp reissuable() {
        return new CatchUp(storageLost, restartedOutOfTouch, requestWanted, false);
    }

    /** Whether a request should be sent now. */
    public boolean mayAsk() {
        return requestWanted && !requestIssued;
    }

    /** The request was sent. */
    public CatchUp asked() {
        return new CatchUp(storageLost, restartedOutOfTouch, false, true);
    }
}
