package org.dhcpv6.failover.examples.server;

import java.util.ArrayList;
import java.util.List;
import org.dhcpv6.failover.api.ClientIdentity;
import org.dhcpv6.failover.api.IaType;
import org.dhcpv6.failover.api.Resource;
import org.dhcpv6.failover.examples.dhcp.ClientServerMessage;
import org.dhcpv6.failover.examples.dhcp.DhcpOption;
import org.dhcpv6.failover.examples.dhcp.Options;

/**
 * One IA_NA or IA_PD of a client message reduced to what the server needs: whose it is and
 * which addresses or prefixes the client listed in it.
 *
 * @param key the client's DUID, the IAID and the IA type
 * @param listed the resources in the IA's IAADDR / IAPREFIX options, in order
 */
record IaRequest(ClientIdentity key, List<Resource> listed) {

    IaRequest {
        listed = List.copyOf(listed);
    }

    /** The IAs of {@code msg} in wire order: IA_NAs and IA_PDs (RFC 8415 §21.4, §21.21). */
    static List<IaRequest> of(ClientServerMessage msg) {
        var duid = msg.clientId().orElseThrow();
        List<IaRequest> out = new ArrayList<>();
        for (DhcpOption o : msg.options()) {
            if (o instanceof DhcpOption.IaNa na) {
                List<Resource> addrs = new ArrayList<>();
                Options.all(na.options(), DhcpOption.IaAddress.class).forEach(a -> addrs.add(a.address()));
                out.add(new IaRequest(new ClientIdentity(duid, na.iaid(), IaType.IA_NA), addrs));
            } else if (o instanceof DhcpOption.IaPd pd) {
                List<Resource> prefixes = new ArrayList<>();
                Options.all(pd.options(), DhcpOption.IaPrefix.class).forEach(p -> prefixes.add(p.prefix()));
                out.add(new IaRequest(new ClientIdentity(duid, pd.iaid(), IaType.IA_PD), prefixes));
            }
        }
        return out;
    }

    /** The first listed resource, the client's hint, or {@code null}. */
    Resource hint() {
        return listed.isEmpty() ? null : listed.get(0);
    }
}
