package org.dhcpv6.failover.core.engine;

/**
 * Named fault points compiled into the engine, in the manner of FoundationDB's {@code BUGGIFY}:
 * at each site the engine asks whether to fail here, and when told yes it behaves as if the
 * process had died or the operation had failed at exactly that point. Production code uses
 * {@link #NONE}, which costs one interface call that always answers no; the deterministic
 * simulator (test scope) supplies an implementation driven by its seed, so a run that fails at a
 * fault point replays exactly.
 *
 * <p>The sites are where RFC 8156 §7.5.2 makes ordering matter: a binding must be in stable
 * storage before the BNDREPLY that acknowledges it, and an UPDREQ answer may stop half-way.
 *
 * <p><b>Threads.</b> Called only from the thread that owns the endpoint. Must not block, must not
 * throw and must not call back into the engine.
 */
@FunctionalInterface
public interface FaultInjector {

    /** The places where the engine asks; each names the step about to happen. */
    enum Point {
        /** An accepted binding (from a host hook or a partner's BNDUPD) is about to be persisted. */
        BEFORE_BINDING_PERSIST,
        /** A partner's binding is in the store and its BNDREPLY is about to be sent (RFC 8156 §7.5.2). */
        BETWEEN_PERSIST_AND_BNDREPLY,
        /** Between two BNDUPDs of the answer to the partner's UPDREQ or UPDREQALL (RFC 8156 §7.6). */
        MIDDLE_OF_UPDREQ
    }

    /** Never fails: the production setting. */
    FaultInjector NONE = p -> false;

    /**
     * Whether the engine should fail at this point now.
     *
     * @param p the site asking
     * @return true to fail here, false to carry on as normal
     */
    boolean shouldFail(Point p);
}
