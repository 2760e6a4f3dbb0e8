package org.dhcpv6.failover.core.internal.sync;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.dhcpv6.failover.api.Binding;
import org.dhcpv6.failover.api.ClientIdentity;
import org.dhcpv6.failover.api.Ipv6Address;
import org.dhcpv6.failover.api.Ipv6Prefix;
import org.dhcpv6.failover.api.Resource;
import org.dhcpv6.failover.core.internal.time.WireTime;
import org.dhcpv6.failover.core.internal.wire.BindingStatusOption;
import org.dhcpv6.failover.core.internal.wire.ClientDataOption;
import org.dhcpv6.failover.core.internal.wire.ClientIdOption;
import org.dhcpv6.failover.core.internal.wire.CltTimeOption;
import org.dhcpv6.failover.core.internal.wire.ExpirationTimeOption;
import org.dhcpv6.failover.core.internal.wire.IaAddrOption;
import org.dhcpv6.failover.core.internal.wire.IaNaOption;
import org.dhcpv6.failover.core.internal.wire.IaPdOption;
import org.dhcpv6.failover.core.internal.wire.IaPrefixOption;
import org.dhcpv6.failover.core.internal.wire.IaTaOption;
import org.dhcpv6.failover.core.internal.wire.LqBaseTimeOption;
import org.dhcpv6.failover.core.internal.wire.MessageType;
import org.dhcpv6.failover.core.internal.wire.MessageWriter;
import org.dhcpv6.failover.core.internal.wire.Option;
import org.dhcpv6.failover.core.internal.wire.OptionKind;
import org.dhcpv6.failover.core.internal.wire.PartnerLifetimeOption;
import org.dhcpv6.failover.core.internal.wire.PartnerRawCltTimeOption;
import org.dhcpv6.failover.core.internal.wire.StartTimeOfStateOption;
import org.dhcpv6.failover.core.internal.wire.StateExpirationTimeOption;

/** Builds the BNDUPD item for one binding (RFC 8156 §7.4, digest §3.3). */
final class UpdateEncoder {

    private UpdateEncoder() {
    }

    static Option updateOption(Binding b, Instant partnerLifetime, Instant now, TimeTranslator t) {
        Objects.requireNonNull(b, "binding");
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(t, "translator");
        return b.client() != null ? clientForm(b, partnerLifetime, now, t) : barePrefix(b, partnerLifetime, now, t);
    }

    private static ClientDataOption clientForm(Binding b, Instant partnerLifetime, Instant now, TimeTranslator t) {
        ClientIdentity c = b.client();
        long base = t.toWire(now);
        List<Option> inner = new ArrayList<>();
        commonLeaseTimes(inner, b, t);
        if (b.clientLastTransactionTime() != null) {
            inner.add(new CltTimeOption(secondsBefore(now, b.clientLastTransactionTime())));
        }
        if (partnerLifetime != null) {
            inner.add(new PartnerLifetimeOption(t.toWire(partnerLifetime)));
        }
        if (b.partnerRawCltTime() != null) {
            // §7.3: the partner's own value goes back exactly as it came, never skew-adjusted.
            inner.add(new PartnerRawCltTimeOption(WireTime.toWire(b.partnerRawCltTime())));
        }
        if (b.expirationTime() != null) {
            inner.add(new ExpirationTimeOption(t.toWire(b.expirationTime())));
        }
        List<Option> lease = List.of(leaseOption(b, inner));
        Option ia = switch (c.iaType()) {
            case IA_NA -> new IaNaOption(c.iaid(), b.t1Seconds(), b.t2Seconds(), lease);
            case IA_TA -> new IaTaOption(c.iaid(), lease);
            case IA_PD -> new IaPdOption(c.iaid(), b.t1Seconds(), b.t2Seconds(), lease);
        };
        return new ClientDataOption(List.of(
                new ClientIdOption(c.duid().toBytes()), new LqBaseTimeOption(base), ia));
    }

    private static IaPrefixOption barePrefix(Binding b, Instant partnerLifetime, Instant now, TimeTranslator t) {
        if (!(b.resource() instanceof Ipv6Prefix p)) {
            throw new IllegalArgumentException("an address is never sent without its client (RFC 8156 §7.4): "
                    + b.resource() + " " + b.status().rfcName());
        }
        List<Option> inner = new ArrayList<>();
        inner.add(new LqBaseTimeOption(t.toWire(now)));
        commonLeaseTimes(inner, b, t);
        if (partnerLifetime != null) {
            inner.add(new PartnerLifetimeOption(t.toWire(partnerLifetime)));
        }
        if (b.expirationTime() != null) {
            inner.add(new ExpirationTimeOption(t.toWire(b.expirationTime())));
        }
        return new IaPrefixOption(b.preferredLifetimeSeconds(), b.validLifetimeSeconds(), p.length(), p.address(),
                inner);
    }

    private static void commonLeaseTimes(List<Option> inner, Binding b, TimeTranslator t) {
        inner.add(BindingStatusOption.of(b.status()));
        inner.add(new StartTimeOfStateOption(t.toWire(b.startTimeOfState())));
        if (b.stateExpirationTime() != null) {
            inner.add(new StateExpirationTimeOption(t.toWire(b.stateExpirationTime())));
        }
    }

    private static Option leaseOption(Binding b, List<Option> inner) {
        Resource r = b.resource();
        if (r instanceof Ipv6Address a) {
            return new IaAddrOption(a, b.preferredLifetimeSeconds(), b.validLifetimeSeconds(), inner);
        }
        Ipv6Prefix p = (Ipv6Prefix) r;
        return new IaPrefixOption(b.preferredLifetimeSeconds(), b.validLifetimeSeconds(), p.length(), p.address(),
                inner);
    }

    /**
     * Writes the whole BNDUPD of {@link #updateOption} with {@code w} and returns its body: the
     * same octets {@code MessageCodec.encode(BndUpd.of(xid, sentTime, updateOption(...)))} gives,
     * with the same checks, but without the option records in between.
     */
    static byte[] updateBody(MessageWriter w, int xid, long sentTime, Binding b, Instant partnerLifetime,
            Instant now, TimeTranslator t) {
        Objects.requireNonNull(b, "binding");
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(t, "translator");
        w.begin(MessageType.BNDUPD, xid, sentTime);
        if (b.client() != null) {
            writeClientForm(w, b, partnerLifetime, now, t);
        } else {
            writeBarePrefix(w, b, partnerLifetime, now, t);
        }
        return w.toBody();
    }

    private static void writeClientForm(MessageWriter w, Binding b, Instant partnerLifetime, Instant now,
            TimeTranslator t) {
        ClientIdentity c = b.client();
        long base = t.toWire(now);
        Resource r = b.resource();
        if (!c.iaType().holds(r.kind())) {
            throw new IllegalArgumentException(r + " cannot sit in an " + c.iaType());
        }
        byte[] duid = c.duid().toBytes();
        if (duid.length == 0) {
            throw new IllegalArgumentException("DUID must not be empty");
        }
        w.open(OptionKind.CLIENT_DATA);
        w.open(OptionKind.CLIENTID);
        w.bytes(duid);
        w.close();
        w.u32Option(OptionKind.LQ_BASE_TIME, base);
        switch (c.iaType()) {
            case IA_NA -> openIa(w, OptionKind.IA_NA, c.iaid(), b.t1Seconds(), b.t2Seconds());
            case IA_TA -> {
                w.open(OptionKind.IA_TA);
                w.u32(c.iaid(), "IAID");
            }
            case IA_PD -> openIa(w, OptionKind.IA_PD, c.iaid(), b.t1Seconds(), b.t2Seconds());
        }
        openLease(w, b);
        writeLeaseTimes(w, b, t);
        if (b.clientLastTransactionTime() != null) {
            w.u32Option(OptionKind.CLT_TIME, secondsBefore(now, b.clientLastTransactionTime()));
        }
        if (partnerLifetime != null) {
            w.u32Option(OptionKind.F_PARTNER_LIFETIME, t.toWire(partnerLifetime));
        }
        if (b.partnerRawCltTime() != null) {
            // §7.3: the partner's own value goes back exactly as it came, never skew-adjusted.
            w.u32Option(OptionKind.F_PARTNER_RAW_CLT_TIME, WireTime.toWire(b.partnerRawCltTime()));
        }
        if (b.expirationTime() != null) {
            w.u32Option(OptionKind.F_EXPIRATION_TIME, t.toWire(b.expirationTime()));
        }
        w.close();
        w.close();
        w.close();
    }

    private static void writeBarePrefix(MessageWriter w, Binding b, Instant partnerLifetime, Instant now,
            TimeTranslator t) {
        if (!(b.resource() instanceof Ipv6Prefix)) {
            throw new IllegalArgumentException("an address is never sent without its client (RFC 8156 §7.4): "
                    + b.resource() + " " + b.status().rfcName());
        }
        openLease(w, b);
        w.u32Option(OptionKind.LQ_BASE_TIME, t.toWire(now));
        writeLeaseTimes(w, b, t);
        if (partnerLifetime != null) {
            w.u32Option(OptionKind.F_PARTNER_LIFETIME, t.toWire(partnerLifetime));
        }
        if (b.expirationTime() != null) {
            w.u32Option(OptionKind.F_EXPIRATION_TIME, t.toWire(b.expirationTime()));
        }
        w.close();
    }

    private static void openIa(MessageWriter w, OptionKind kind, long iaid, long t1, long t2) {
        w.open(kind);
        w.u32(iaid, "IAID");
        w.u32(t1, "T1");
        w.u32(t2, "T2");
    }

    /** Opens the IAADDR or IAPREFIX of {@code b} and writes its fixed fields. */
    private static void openLease(MessageWriter w, Binding b) {
        if (b.resource() instanceof Ipv6Address a) {
            w.open(OptionKind.IAADDR);
            w.address(a);
            w.u32(b.preferredLifetimeSeconds(), "preferred lifetime");
            w.u32(b.validLifetimeSeconds(), "valid lifetime");
            return;
        }
        Ipv6Prefix p = (Ipv6Prefix) b.resource();
        w.open(OptionKind.IAPREFIX);
        w.u32(b.preferredLifetimeSeconds(), "preferred lifetime");
        w.u32(b.validLifetimeSeconds(), "valid lifetime");
        w.u8(p.length(), "prefix length");
        w.address(p.address());
    }

    private static void writeLeaseTimes(MessageWriter w, Binding b, TimeTranslator t) {
        w.open(OptionKind.F_BINDING_STATUS);
        w.u8(b.status().code(), "binding status");
        w.close();
        w.u32Option(OptionKind.F_START_TIME_OF_STATE, t.toWire(b.startTimeOfState()));
        if (b.stateExpirationTime() != null) {
            w.u32Option(OptionKind.F_STATE_EXPIRATION_TIME, t.toWire(b.stateExpirationTime()));
        }
    }

    /**
     * What to send as PARTNER_LIFETIME: the new one we want acknowledged, and never less than
     * what the partner already acknowledged. A partner that lost its store (UPDREQALL) thus learns
     * again how far it let us extend the lease, and keeps the MCLT promise for our extensions
     * (its expiration-time, RFC 8156 §7.3) instead of freeing the lease when its copy runs out.
     */
    static Instant partnerLifetimeToSend(Binding b) {
        Instant pending = b.partnerLifetime();
        Instant acked = b.ackedPartnerLifetime();
        if (pending == null) {
            return acked;
        }
        return acked == null || pending.isAfter(acked) ? pending : acked;
    }

    /**
     * OPTION_CLT_TIME: whole seconds from the client's last transaction to the base time (RFC 5007
     * §4.1.2.3). Both ends are cut to whole seconds first, exactly as the base time is, so that the
     * receiver's {@code base − CLT_TIME} gives back the whole second of the transaction. A
     * transaction "after" now (a clock step) is sent as 0: the value is unsigned.
     */
    static long secondsBefore(Instant base, Instant clt) {
        // An Instant's epoch second is already its whole second (its nanoseconds are never negative).
        long seconds = base.getEpochSecond() - clt.getEpochSecond();
        return Math.min(Math.max(0L, seconds), WireTime.MAX_WIRE);
    }
}
