package org.dhcpv6.failover.core.internal.engine;

/**
 * Named points where the deterministic simulator injects crashes (STYLE.md 24, FoundationDB's
 * BUGGIFY). In production it is {@link #NONE}: every check is a constant false.
 */
public interface FaultInjector {

    /** The places a fault can be injected. */
    enum Point {
        /** An accepted partner update is about to be written to the store. */
        BEFORE_BINDING_PERSIST,
        /** An accepted partner update is in the store but its BNDREPLY was not sent yet. */
        BETWEEN_PERSIST_AND_BNDREPLY,
        /** Some BNDUPDs answering an UPDREQ/UPDREQALL are out, the rest and UPDDONE are not. */
        MIDDLE_OF_UPDREQ,
        /** A turn's binding writes are in the store; the messages held for them were not sent yet. */
        BETWEEN_TURN_STORE_AND_RELEASE
    }

    /** Never fails. */
    FaultInjector NONE = point -> false;

    /** Whether to fail at {@code point} now; a failure crashes the endpoint at that point. */
    boolean shouldFail(Point point);
}
