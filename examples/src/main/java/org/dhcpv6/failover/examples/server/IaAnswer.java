package org.dhcpv6.failover.examples.server;

import java.util.ArrayList;
import java.util.List;
import org.dhcpv6.failover.api.ClientIdentity;
import org.dhcpv6.failover.api.IaType;
import org.dhcpv6.failover.api.Ipv6Address;
import org.dhcpv6.failover.api.Ipv6Prefix;
import org.dhcpv6.failover.api.Resource;
import org.dhcpv6.failover.examples.dhcp.DhcpOption;
import org.dhcpv6.failover.examples.dhcp.StatusCode;

/**
 * Builds the IA_NA or IA_PD option of a reply: resources with lifetimes, or a status, and T1/T2.
 */
final class IaAnswer {

    private final ClientIdentity key;
    private final List<DhcpOption> inner = new ArrayList<>();
    private long minPreferred = Long.MAX_VALUE;

    IaAnswer(ClientIdentity key) {
        this.key = key;
    }

    /** Adds a resource with lifetimes; zero lifetimes tell the client to drop it (§18.3.4). */
    IaAnswer add(Resource r, Lifetimes l) {
        if (r instanceof Ipv6Address a) {
            inner.add(new DhcpOption.IaAddress(a, l.preferredSeconds(), l.validSeconds(), List.of()));
        } else {
            inner.add(new DhcpOption.IaPrefix(l.preferredSeconds(), l.validSeconds(), (Ipv6Prefix) r, List.of()));
        }
        if (l.validSeconds() > 0) {
            minPreferred = Math.min(minPreferred, l.preferredSeconds());
        }
        return this;
    }

    /** Adds a status code option to the IA (§21.13 inside IA options). */
    IaAnswer status(StatusCode code, String message) {
        inner.add(DhcpOption.Status.of(code, message));
        return this;
    }

    /** The "nothing available" status for this IA type (§18.3.2, §18.3.9). */
    IaAnswer unavailable(String message) {
        return status(key.iaType() == IaType.IA_NA ? StatusCode.NO_ADDRS_AVAIL : StatusCode.NO_PREFIX_AVAIL, message);
    }

    /**
     * The IA option. With {@code setRenewTimes}, T1 and T2 are 0.5 and 0.8 of the shortest
     * non-zero preferred lifetime (§21.4, §21.21 recommendations); infinite stays infinite.
     */
    DhcpOption build(boolean setRenewTimes) {
        long t1 = 0;
        long t2 = 0;
        if (setRenewTimes && minPreferred != Long.MAX_VALUE) {
            if (minPreferred == Lifetimes.INFINITY) {
                t1 = Lifetimes.INFINITY;
                t2 = Lifetimes.INFINITY;
            } else {
                t1 = minPreferred / 2;
                t2 = minPreferred * 4 / 5;
            }
        }
        return key.iaType() == IaType.IA_NA
                ? new DhcpOption.IaNa(key.iaid(), t1, t2, inner)
                : new DhcpOption.IaPd(key.iaid(), t1, t2, inner);
    }
}
