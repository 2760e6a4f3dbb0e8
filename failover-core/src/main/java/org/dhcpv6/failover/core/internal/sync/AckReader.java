package org.dhcpv6.failover.core.internal.sync;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.dhcpv6.failover.api.Resource;
import org.dhcpv6.failover.core.internal.sync.BindingMessages.Ack;
import org.dhcpv6.failover.core.internal.time.WireTime;
import org.dhcpv6.failover.core.internal.wire.BndReply;
import org.dhcpv6.failover.core.internal.wire.ClientDataOption;
import org.dhcpv6.failover.core.internal.wire.ContainerOption;
import org.dhcpv6.failover.core.internal.wire.IaAddrOption;
import org.dhcpv6.failover.core.internal.wire.IaPrefixOption;
import org.dhcpv6.failover.core.internal.wire.Option;
import org.dhcpv6.failover.core.internal.wire.Options;
import org.dhcpv6.failover.core.internal.wire.PartnerLifetimeSentOption;
import org.dhcpv6.failover.core.internal.wire.StatusCodeOption;

/**
 * Reads which leases a BNDREPLY accepted (RFC 8156 §7.6, §7.7; digest §3.4). A non-success
 * STATUS_CODE rejects everything below where it sits; a success status, or none, leaves the
 * decision to the levels below, and a lease with no rejection anywhere above it is accepted.
 */
final class AckReader {

    private AckReader() {
    }

    static List<Ack> acks(BndReply reply, Instant now) {
        Objects.requireNonNull(reply, "reply");
        Objects.requireNonNull(now, "now");
        StatusCodeOption message = reply.status().orElse(null);
        List<Ack> out = new ArrayList<>();
        for (Option o : reply.options()) {
            if (o instanceof ClientDataOption cd) {
                StatusCodeOption item = cd.status().orElse(null);
                for (IaView ia : IaView.all(cd.options())) {
                    StatusCodeOption iaStatus = ia.status().orElse(null);
                    for (ContainerOption l : ia.leases()) {
                        out.add(ack(out.size(), l, now, iaStatus, item, message));
                    }
                }
            } else if (o instanceof IaPrefixOption p) {
                out.add(ack(out.size(), p, now, null, null, message));
            }
        }
        return List.copyOf(out);
    }

    private static Ack ack(int index, ContainerOption lease, Instant now, StatusCodeOption... above) {
        Optional<StatusCodeOption> own = Options.first(lease.options(), StatusCodeOption.class);
        // The most specific rejection is the one to report: it names this lease's own problem.
        StatusCodeOption rejection = own.filter(s -> !s.isSuccess()).orElse(null);
        for (StatusCodeOption s : above) {
            if (rejection == null && s != null && !s.isSuccess()) {
                rejection = s;
            }
        }
        Resource resource = lease instanceof IaAddrOption a ? a.address()
                : UpdateDecoder.prefixOf((IaPrefixOption) lease);
        // Our own PARTNER_LIFETIME echoed back: unwrap only, never skew-translate (§7.6).
        OptionalLong echoed = Options.firstValue(lease.options(), PartnerLifetimeSentOption.class);
        Instant sent = echoed.isPresent() ? WireTime.fromWire(echoed.getAsLong(), now) : null;
        if (rejection != null) {
            return new Ack(index, resource, false, rejection.statusCode(), rejection.message(), sent);
        }
        return new Ack(index, resource, true, 0, own.map(StatusCodeOption::message).orElse(""), sent);
    }
}
