package org.dhcpv6.failover.examples.server;

import java.util.Objects;

/**
 * The lease backend's answer to a grant: the lifetimes it allows, or a refusal with a reason.
 * A refusal is a normal protocol outcome (the server answers NoAddrsAvail / NoPrefixAvail,
 * RFC 8415 §18.3.2), not an error.
 *
 * @param lifetimes the granted lifetimes, {@code null} when refused
 * @param refusal why the grant was refused, {@code null} when granted
 */
public record LeaseGrant(Lifetimes lifetimes, String refusal) {

    /** Checks that exactly one of the two is set. */
    public LeaseGrant {
        if ((lifetimes == null) == (refusal == null)) {
            throw new IllegalArgumentException("exactly one of lifetimes and refusal must be set");
        }
    }

    /** A grant of {@code lifetimes}. */
    public static LeaseGrant granted(Lifetimes lifetimes) {
        return new LeaseGrant(Objects.requireNonNull(lifetimes, "lifetimes"), null);
    }

    /** A refusal, with a reason for logs and the status message. */
    public static LeaseGrant refused(String reason) {
        return new LeaseGrant(null, Objects.requireNonNull(reason, "reason"));
    }

    /** Whether the lease was granted. */
    public boolean isGranted() {
        return lifetimes != null;
    }
}
