package org.dhcpv6.failover.core.internal.binding;

/**
 * The update-storm rule that follows a rejected binding update (RFC 8156 §7.5.4, end; digest
 * end of §4.5).
 *
 * <p>When this server rejects a partner's BNDUPD with OutdatedBindingInformation (19), its own
 * data is newer, so it SHOULD mark the lease "send to partner". If the mark was not yet set it
 * MAY send its BNDUPD right away (after the BNDREPLY). If the mark was already set an update is
 * already queued, and sending again now could make the two servers bounce the lease back and
 * forth; it waits for the next periodic scan instead. Other rejection codes leave the mark alone.
 */
public final class StormGuard {

    private StormGuard() {
    }

    /**
     * Whether the BNDUPD for a lease just rejected with 19 may go out now.
     *
     * @param flagWasSet whether the lease's "send to partner" flag was set before the rejection
     * @return {@code true} when the flag was clear (send now; the flag becomes set), {@code false}
     *         when it was set (leave it to the periodic scan)
     */
    public static boolean sendImmediately(boolean flagWasSet) {
        return !flagWasSet;
    }

    /**
     * The "send to partner" flag after rejecting an update with {@code statusCode}: set after
     * OutdatedBindingInformation (19), unchanged after any other code.
     *
     * @param flagWasSet the flag before the rejection
     * @param statusCode the status code of the rejection
     * @return the flag to store
     */
    public static boolean flagAfterRejection(boolean flagWasSet, int statusCode) {
        return statusCode == ConflictResolver.OUTDATED_BINDING_INFORMATION || flagWasSet;
    }
}
