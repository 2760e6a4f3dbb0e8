package org.dhcpv6.failover.core.internal.sync;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.dhcpv6.failover.core.internal.wire.BindingStatusOption;
import org.dhcpv6.failover.core.internal.wire.BndReply;
import org.dhcpv6.failover.core.internal.wire.BndUpd;
import org.dhcpv6.failover.core.internal.wire.ClientDataOption;
import org.dhcpv6.failover.core.internal.wire.ClientIdOption;
import org.dhcpv6.failover.core.internal.wire.ContainerOption;
import org.dhcpv6.failover.core.internal.wire.IaAddrOption;
import org.dhcpv6.failover.core.internal.wire.IaPrefixOption;
import org.dhcpv6.failover.core.internal.wire.Option;
import org.dhcpv6.failover.core.internal.wire.Options;
import org.dhcpv6.failover.core.internal.wire.PartnerLifetimeOption;
import org.dhcpv6.failover.core.internal.wire.PartnerLifetimeSentOption;
import org.dhcpv6.failover.core.internal.wire.StateExpirationTimeOption;
import org.dhcpv6.failover.core.internal.wire.StatusCodeOption;
import org.dhcpv6.failover.core.internal.wire.VssOption;

/**
 * Builds the BNDREPLY that mirrors a BNDUPD (RFC 8156 §7.6, digest §3.4). Leases are numbered in
 * the same wire order as {@link UpdateDecoder}, so the indexes of {@link BindingMessages.ReceivedLease}
 * key the per-lease rejections.
 */
final class ReplyBuilder {

    private final Map<Integer, StatusCodeOption> rejections;
    private final StatusCodeOption top;
    private int next;

    private ReplyBuilder(Map<Integer, StatusCodeOption> rejections, StatusCodeOption top) {
        this.rejections = rejections;
        this.top = top;
    }

    static BndReply reply(BndUpd update, long sentTime, Map<Integer, StatusCodeOption> rejections,
            StatusCodeOption top) {
        Objects.requireNonNull(update, "update");
        Objects.requireNonNull(rejections, "rejectionsByLeaseIndex");
        rejections.forEach((k, v) -> Objects.requireNonNull(v, "status for lease " + k));
        ReplyBuilder b = new ReplyBuilder(rejections, top);
        List<Option> items = new ArrayList<>(1);
        for (Option o : update.options()) {
            if (o instanceof ClientDataOption cd) {
                items.add(b.mirrorClient(cd));
            } else if (o instanceof IaPrefixOption p) {
                items.add(b.mirrorBarePrefix(p));
            }
        }
        for (Integer k : rejections.keySet()) {
            if (k < 0 || k >= b.next) {
                throw new IllegalArgumentException("no lease " + k + " in this BNDUPD; it has " + b.next);
            }
        }
        if (items.isEmpty()) {
            // Nothing to mirror (RFC 8156 §7.5.3 case 1): the status can only stand on its own.
            if (top == null) {
                throw new IllegalArgumentException("a BNDUPD without an item must be rejected at the top level");
            }
            items.add(top);
        }
        return new BndReply(update.transactionId(), sentTime, items);
    }

    private ClientDataOption mirrorClient(ClientDataOption cd) {
        List<Option> in = cd.options();
        List<Option> out = new ArrayList<>(4);
        ClientIdOption id = Options.firstOrNull(in, ClientIdOption.class);
        if (id != null) {
            out.add(id);
        }
        addAll(in, VssOption.class, out);
        if (top != null) {
            out.add(top);
        }
        for (IaView ia : IaView.all(in)) {
            List<ContainerOption> received = ia.leases();
            Option[] leases = new Option[received.size()];
            for (int i = 0; i < leases.length; i++) {
                // The map is empty for a BNDUPD accepted whole, the usual case: no boxing then.
                StatusCodeOption status = rejections.isEmpty() ? null : rejections.get(next);
                next++;
                leases[i] = mirrorLease(received.get(i), status, List.of());
            }
            out.add(ia.withOptions(immutable(leases, leases.length)));
        }
        return new ClientDataOption(out);
    }

    private IaPrefixOption mirrorBarePrefix(IaPrefixOption p) {
        List<Option> out = new ArrayList<>(Options.all(p.options(), VssOption.class));
        StatusCodeOption own = rejections.get(next++);
        // The item and the lease are one option here; the top-level status already covers it.
        if (top != null) {
            out.add(top);
        }
        return (IaPrefixOption) mirrorLease(p, top != null ? null : own, out);
    }

    /**
     * The first {@code n} of {@code options} as an immutable list that the option records keep
     * as they are, instead of copying a list built first (every BNDREPLY mirrors a few of them).
     */
    private static List<Option> immutable(Option[] options, int n) {
        return switch (n) {
            case 0 -> List.of();
            case 1 -> List.of(options[0]);
            case 2 -> List.of(options[0], options[1]);
            case 3 -> List.of(options[0], options[1], options[2]);
            case 4 -> List.of(options[0], options[1], options[2], options[3]);
            default -> List.of(Arrays.copyOf(options, n));
        };
    }

    private static <T extends Option> void addAll(List<Option> in, Class<T> type, List<Option> out) {
        for (int i = 0, n = in.size(); i < n; i++) {
            if (type.isInstance(in.get(i))) {
                out.add(in.get(i));
            }
        }
    }

    /** {@code l} as the BNDREPLY mirrors it, its options after {@code before}. */
    private static Option mirrorLease(ContainerOption l, StatusCodeOption status, List<Option> before) {
        List<Option> in = l.options();
        Option[] mirrored = before.toArray(new Option[before.size() + 4]);
        int n = before.size();
        if (status != null) {
            mirrored[n++] = status;
        }
        BindingStatusOption bindingStatus = Options.firstOrNull(in, BindingStatusOption.class);
        if (bindingStatus != null) {
            mirrored[n++] = bindingStatus;
        }
        StateExpirationTimeOption stateExpiration = Options.firstOrNull(in, StateExpirationTimeOption.class);
        if (stateExpiration != null) {
            mirrored[n++] = stateExpiration;
        }
        // §7.6: the exact value received, so that the sender recognises its own time unchanged.
        PartnerLifetimeOption partnerLifetime = Options.firstOrNull(in, PartnerLifetimeOption.class);
        if (partnerLifetime != null) {
            mirrored[n++] = new PartnerLifetimeSentOption(partnerLifetime.time());
        }
        List<Option> out = immutable(mirrored, n);
        if (l instanceof IaAddrOption a) {
            return new IaAddrOption(a.address(), a.preferredLifetime(), a.validLifetime(), out);
        }
        IaPrefixOption p = (IaPrefixOption) l;
        return new IaPrefixOption(p.preferredLifetime(), p.validLifetime(), p.prefixLength(), p.prefix(), out);
    }
}
