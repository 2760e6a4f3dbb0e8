package org.dhcpv6.failover.core.internal.sync;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.dhcpv6.failover.api.BindingStatus;
import org.dhcpv6.failover.api.ClientIdentity;
import org.dhcpv6.failover.api.Duid;
import org.dhcpv6.failover.api.IaType;
import org.dhcpv6.failover.api.Ipv6Prefix;
import org.dhcpv6.failover.api.Resource;
import org.dhcpv6.failover.core.internal.sync.BindingMessages.ReceivedLease;
import org.dhcpv6.failover.core.internal.time.WireTime;
import org.dhcpv6.failover.core.internal.wire.BindingStatusOption;
import org.dhcpv6.failover.core.internal.wire.BndUpd;
import org.dhcpv6.failover.core.internal.wire.ClientDataOption;
import org.dhcpv6.failover.core.internal.wire.ClientIdOption;
import org.dhcpv6.failover.core.internal.wire.CltTimeOption;
import org.dhcpv6.failover.core.internal.wire.ContainerOption;
import org.dhcpv6.failover.core.internal.wire.ExpirationTimeOption;
import org.dhcpv6.failover.core.internal.wire.IaAddrOption;
import org.dhcpv6.failover.core.internal.wire.IaPrefixOption;
import org.dhcpv6.failover.core.internal.wire.LqBaseTimeOption;
import org.dhcpv6.failover.core.internal.wire.Option;
import org.dhcpv6.failover.core.internal.wire.Options;
import org.dhcpv6.failover.core.internal.wire.PartnerLifetimeOption;
import org.dhcpv6.failover.core.internal.wire.PartnerRawCltTimeOption;
import org.dhcpv6.failover.core.internal.wire.StartTimeOfStateOption;
import org.dhcpv6.failover.core.internal.wire.StateExpirationTimeOption;
import org.dhcpv6.failover.core.internal.wire.VssOption;

/** Reads the leases of a received BNDUPD (RFC 8156 §7.4, §7.5.3, §7.5.5; digest §3.3, §4.4). */
final class UpdateDecoder {

    private UpdateDecoder() {
    }

    static List<ReceivedLease> leases(BndUpd update, TimeTranslator t) throws MissingBindingDataException {
        Objects.requireNonNull(update, "update");
        Objects.requireNonNull(t, "translator");
        // One pass, counting: the usual BNDUPD holds one CLIENT_DATA and nothing else.
        List<Option> items = update.options();
        ClientDataOption client = null;
        IaPrefixOption prefix = null;
        int clients = 0;
        int bare = 0;
        for (int i = 0, n = items.size(); i < n; i++) {
            Option o = items.get(i);
            if (o instanceof ClientDataOption cd) {
                client = clients++ == 0 ? cd : client;
            } else if (o instanceof IaPrefixOption p) {
                prefix = bare++ == 0 ? p : prefix;
            }
        }
        if (clients == 1 && bare == 0) {
            return clientLeases(client, t);
        }
        if (clients == 0 && bare == 1) {
            IaPrefixOption p = prefix;
            long base = Options.firstValue(p.options(), LqBaseTimeOption.class).orElseThrow(
                    () -> new MissingBindingDataException("bare OPTION_IAPREFIX " + prefixText(p)
                            + " has no OPTION_LQ_BASE_TIME"));
            return List.of(lease(0, p, prefixOf(p), null, 0, 0, base, t));
        }
        throw new MissingBindingDataException("a BNDUPD must hold exactly one OPTION_CLIENT_DATA or exactly one"
                + " bare OPTION_IAPREFIX; found " + clients + " and " + bare);
    }

    static boolean hasVss(BndUpd update) {
        for (Option o : update.options()) {
            if (o instanceof VssOption) {
                return true;
            }
            if ((o instanceof ClientDataOption || o instanceof IaPrefixOption)
                    && Options.first(((ContainerOption) o).options(), VssOption.class).isPresent()) {
                return true;
            }
        }
        return false;
    }

    private static List<ReceivedLease> clientLeases(ClientDataOption data, TimeTranslator t)
            throws MissingBindingDataException {
        ClientIdOption id = data.clientId().orElseThrow(
                () -> new MissingBindingDataException("OPTION_CLIENT_DATA has no OPTION_CLIENTID"));
        Duid duid;
        try {
            duid = id.toDuid();
        } catch (IllegalArgumentException tooLong) {
            throw new MissingBindingDataException("OPTION_CLIENTID holds no usable DUID: " + tooLong.getMessage());
        }
        long base = Options.valueOrAbsent(data.options(), LqBaseTimeOption.class);
        if (base == Options.ABSENT) {
            throw new MissingBindingDataException("OPTION_CLIENT_DATA has no OPTION_LQ_BASE_TIME");
        }
        List<IaView> ias = IaView.all(data.options());
        if (ias.isEmpty()) {
            throw new MissingBindingDataException("OPTION_CLIENT_DATA has no OPTION_IA_NA, OPTION_IA_TA or OPTION_IA_PD");
        }
        List<ReceivedLease> out = new ArrayList<>();
        for (IaView ia : ias) {
            List<ContainerOption> leases = ia.leases();
            if (leases.isEmpty()) {
                throw new MissingBindingDataException(ia.type() + " " + ia.iaid() + " holds no "
                        + (ia.type() == IaType.IA_PD ? "OPTION_IAPREFIX" : "OPTION_IAADDR"));
            }
            ClientIdentity client = new ClientIdentity(duid, ia.iaid(), ia.type());
            for (ContainerOption l : leases) {
                Resource r = l instanceof IaAddrOption a ? a.address() : prefixOf((IaPrefixOption) l);
                out.add(lease(out.size(), l, r, client, ia.t1(), ia.t2(), base, t));
            }
        }
        return out.size() == 1 ? List.of(out.get(0)) : List.copyOf(out);
    }

    private static ReceivedLease lease(int index, ContainerOption l, Resource resource, ClientIdentity client,
            long t1, long t2, long baseWire, TimeTranslator t) throws MissingBindingDataException {
        // One pass over the lease's options, keeping the first of each kind: the per-kind look-ups
        // this replaces walked the list seven times per binding.
        List<Option> in = l.options();
        BindingStatusOption raw = null;
        long start = Options.ABSENT;
        long stateExpiration = Options.ABSENT;
        long clt = Options.ABSENT;
        long partnerLifetime = Options.ABSENT;
        long rawClt = Options.ABSENT;
        long expiration = Options.ABSENT;
        for (int i = 0, n = in.size(); i < n; i++) {
            Option o = in.get(i);
            if (o instanceof BindingStatusOption s) {
                raw = raw == null ? s : raw;
            } else if (o instanceof StartTimeOfStateOption v) {
                start = start == Options.ABSENT ? v.value() : start;
            } else if (o instanceof StateExpirationTimeOption v) {
                stateExpiration = stateExpiration == Options.ABSENT ? v.value() : stateExpiration;
            } else if (o instanceof CltTimeOption v) {
                clt = clt == Options.ABSENT ? v.value() : clt;
            } else if (o instanceof PartnerLifetimeOption v) {
                partnerLifetime = partnerLifetime == Options.ABSENT ? v.value() : partnerLifetime;
            } else if (o instanceof PartnerRawCltTimeOption v) {
                rawClt = rawClt == Options.ABSENT ? v.value() : rawClt;
            } else if (o instanceof ExpirationTimeOption v) {
                expiration = expiration == Options.ABSENT ? v.value() : expiration;
            }
        }
        if (raw == null) {
            throw new MissingBindingDataException(resource + " has no OPTION_F_BINDING_STATUS");
        }
        BindingStatus status = raw.knownOrNull();
        if (status == null) {
            throw new MissingBindingDataException(resource + " has unknown binding status " + raw.status());
        }
        if (status == BindingStatus.ACTIVE && client == null) {
            throw new MissingBindingDataException(resource + " is ACTIVE but names no client");
        }
        if (start == Options.ABSENT) {
            throw new MissingBindingDataException(resource + " has no OPTION_F_START_TIME_OF_STATE");
        }
        Instant base = t.toLocal(baseWire);
        long preferred = l instanceof IaAddrOption a ? a.preferredLifetime() : ((IaPrefixOption) l).preferredLifetime();
        long valid = l instanceof IaAddrOption a ? a.validLifetime() : ((IaPrefixOption) l).validLifetime();
        return new ReceivedLease(index, resource, client, status, preferred, valid, t1, t2,
                t.toLocal(start),
                local(stateExpiration, t),
                clt != Options.ABSENT ? base.minusSeconds(clt) : null,
                // Our own time echoed back (§7.3): only unwrapped, never skew-translated. The
                // translated base time is a fine unwrapping reference: skew is far below 68 years.
                rawClt != Options.ABSENT ? WireTime.fromWire(rawClt, base) : null,
                local(partnerLifetime, t),
                local(expiration, t),
                partnerLifetime);
    }

    private static Instant local(long wire, TimeTranslator t) {
        return wire != Options.ABSENT ? t.toLocal(wire) : null;
    }

    /**
     * RFC 8415 §21.22 reserves the bits beyond the prefix length and asks senders to zero them;
     * like most receivers we ignore them rather than refuse the lease.
     */
    static Ipv6Prefix prefixOf(IaPrefixOption p) {
        return new Ipv6Prefix(Ipv6Prefix.mask(p.prefix(), p.prefixLength()), p.prefixLength());
    }

    private static String prefixText(IaPrefixOption p) {
        return p.prefix() + "/" + p.prefixLength();
    }
}
