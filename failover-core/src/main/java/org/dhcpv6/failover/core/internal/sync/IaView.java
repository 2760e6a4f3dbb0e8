package org.dhcpv6.failover.core.internal.sync;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.dhcpv6.failover.api.IaType;
import org.dhcpv6.failover.core.internal.wire.ContainerOption;
import org.dhcpv6.failover.core.internal.wire.IaAddrOption;
import org.dhcpv6.failover.core.internal.wire.IaNaOption;
import org.dhcpv6.failover.core.internal.wire.IaPdOption;
import org.dhcpv6.failover.core.internal.wire.IaPrefixOption;
import org.dhcpv6.failover.core.internal.wire.IaTaOption;
import org.dhcpv6.failover.core.internal.wire.Option;
import org.dhcpv6.failover.core.internal.wire.Options;
import org.dhcpv6.failover.core.internal.wire.StatusCodeOption;

/**
 * One IA_NA, IA_TA or IA_PD seen uniformly, so that the update, reply and acknowledgement code
 * walk the three IA kinds of RFC 8156 §7.4 the same way. IA_TA has no T1/T2 and reads as 0.
 */
record IaView(IaType type, long iaid, long t1, long t2, ContainerOption option) {

    /** Every IA among {@code options}, in wire order. */
    static List<IaView> all(List<Option> options) {
        // Indexed and without an Optional per option: every received binding is read through here.
        List<IaView> out = new ArrayList<>(2);
        for (int i = 0, n = options.size(); i < n; i++) {
            IaView ia = ofOrNull(options.get(i));
            if (ia != null) {
                out.add(ia);
            }
        }
        return out;
    }

    /** {@code o} as an IA, or empty if it is some other option. */
    static Optional<IaView> of(Option o) {
        return Optional.ofNullable(ofOrNull(o));
    }

    private static IaView ofOrNull(Option o) {
        if (o instanceof IaNaOption na) {
            return new IaView(IaType.IA_NA, na.iaid(), na.t1(), na.t2(), na);
        }
        if (o instanceof IaTaOption ta) {
            return new IaView(IaType.IA_TA, ta.iaid(), 0, 0, ta);
        }
        if (o instanceof IaPdOption pd) {
            return new IaView(IaType.IA_PD, pd.iaid(), pd.t1(), pd.t2(), pd);
        }
        return null;
    }

    /** The IAADDR or IAPREFIX options of this IA, in wire order. */
    List<ContainerOption> leases() {
        List<Option> in = option.options();
        List<ContainerOption> out = new ArrayList<>(2);
        for (int i = 0, n = in.size(); i < n; i++) {
            Option o = in.get(i);
            if (o instanceof IaAddrOption || o instanceof IaPrefixOption) {
                out.add((ContainerOption) o);
            }
        }
        return out;
    }

    /** The STATUS_CODE directly inside this IA, if any (RFC 8156 §7.6). */
    Optional<StatusCodeOption> status() {
        return Options.first(option.options(), StatusCodeOption.class);
    }

    /** A copy of this IA holding {@code inner} instead of its options. */
    Option withOptions(List<Option> inner) {
        return switch (type) {
            case IA_NA -> new IaNaOption(iaid, t1, t2, inner);
            case IA_TA -> new IaTaOption(iaid, inner);
            case IA_PD -> new IaPdOption(iaid, t1, t2, inner);
        };
    }
}
