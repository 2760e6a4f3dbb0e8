package org.dhcpv6.failover.core.internal.sync;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.dhcpv6.failover.api.Binding;
import org.dhcpv6.failover.api.Ipv6Prefix;
import org.dhcpv6.failover.api.Resource;
import org.dhcpv6.failover.core.internal.binding.BindingTable;

/**
 * The answer to the partner's UPDREQALL in progress (RFC 8156 §5.3.6): a walk over the resources
 * the table held when it arrived, each sent once as it stands when its turn comes, and a count of
 * the BNDUPDs of the answer not yet answered. Nothing of it is stored: a crash loses it, and the
 * partner, still without its UPDDONE, asks again (docs/decisions/0019).
 */
final class FullAnswer {

    private final int xid;
    private final List<Resource> resources;
    private int next;
    /** Resources whose host write was not durable yet when their turn came. */
    private final ArrayDeque<Resource> held = new ArrayDeque<>();
    private int unanswered;

    private FullAnswer(int xid, List<Resource> resources) {
        this.xid = xid;
        this.resources = resources;
    }

    /** An answer to the UPDREQALL {@code xid} over every resource {@code table} holds now. */
    static FullAnswer of(int xid, BindingTable table) {
        List<Resource> all = new ArrayList<>(table.size());
        table.forEach(b -> all.add(b.resource()));
        return new FullAnswer(xid, all);
    }

    /** The UPDREQALL's transaction-id, for the UPDDONE. */
    int xid() {
        return xid;
    }

    /** How many resources the walk holds in all. */
    int size() {
        return resources.size();
    }

    /**
     * The next resource to look at: first those held back, then the walk; null when neither has
     * one. {@code heldLeft} bounds how many held ones are tried in one pump, so that one still not
     * durable is not tried again at once.
     */
    Resource next(int[] heldLeft) {
        if (heldLeft[0] > 0 && !held.isEmpty()) {
            heldLeft[0]--;
            return held.poll();
        }
        return next < resources.size() ? resources.set(next++, null) : null;
    }

    /** How many resources are held back now. */
    int heldCount() {
        return held.size();
    }

    /** Tries {@code r} again later: the host's write of it is not durable yet. */
    void hold(Resource r) {
        held.add(r);
    }

    /** A BNDUPD now counts for this answer. */
    void counted() {
        unanswered++;
    }

    /** A BNDUPD that counted for this answer was answered. */
    void answered() {
        unanswered--;
    }

    /** Whether every resource was looked at and every BNDUPD of the answer answered. */
    boolean done() {
        return next >= resources.size() && held.isEmpty() && unanswered == 0;
    }

    /**
     * Whether {@code b} goes to a partner that lost its store: every binding that ever had a
     * client, and every delegable prefix (RFC 8156 §5.3.6: never-used addresses are FREE there by
     * default), and anything flagged for it anyway.
     */
    static boolean worthSending(Binding b) {
        return b.partnerUpdatePending() || b.client() != null || b.resource() instanceof Ipv6Prefix;
    }
}
