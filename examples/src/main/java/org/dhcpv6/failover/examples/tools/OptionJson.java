package org.dhcpv6.failover.examples.tools;

import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.dhcpv6.failover.core.internal.time.WireTime;
import org.dhcpv6.failover.core.internal.wire.AbsoluteTimeOption;
import org.dhcpv6.failover.core.internal.wire.BindingStatusOption;
import org.dhcpv6.failover.core.internal.wire.ClientFqdnOption;
import org.dhcpv6.failover.core.internal.wire.ClientIdOption;
import org.dhcpv6.failover.core.internal.wire.ConnectFlagsOption;
import org.dhcpv6.failover.core.internal.wire.ContainerOption;
import org.dhcpv6.failover.core.internal.wire.DnsFlagsOption;
import org.dhcpv6.failover.core.internal.wire.DnsHostNameOption;
import org.dhcpv6.failover.core.internal.wire.DnsZoneNameOption;
import org.dhcpv6.failover.core.internal.wire.IaAddrOption;
import org.dhcpv6.failover.core.internal.wire.IaNaOption;
import org.dhcpv6.failover.core.internal.wire.IaPdOption;
import org.dhcpv6.failover.core.internal.wire.IaPrefixOption;
import org.dhcpv6.failover.core.internal.wire.IaTaOption;
import org.dhcpv6.failover.core.internal.wire.LqRelayDataOption;
import org.dhcpv6.failover.core.internal.wire.Option;
import org.dhcpv6.failover.core.internal.wire.ProtocolVersionOption;
import org.dhcpv6.failover.core.internal.wire.ReconfigureDataOption;
import org.dhcpv6.failover.core.internal.wire.RelationshipNameOption;
import org.dhcpv6.failover.core.internal.wire.ServerFlagsOption;
import org.dhcpv6.failover.core.internal.wire.ServerStateOption;
import org.dhcpv6.failover.core.internal.wire.StatusCodeOption;
import org.dhcpv6.failover.core.internal.wire.Uint32Option;
import org.dhcpv6.failover.core.internal.wire.UnknownOption;
import org.dhcpv6.failover.core.internal.wire.VssOption;

/**
 * Writes options as JSON objects: {@code code}, {@code name}, then the fields of that option,
 * and nested {@code options} for containers. Absolute times also get a {@code utc} field,
 * resolved to the instant nearest the message's sent-time (RFC 8156 §5.5 times wrap at 2^32).
 */
final class OptionJson {

    private static final HexFormat HEX = HexFormat.of();

    private OptionJson() {
    }

    static void writeAll(Json json, List<Option> options, Instant reference) {
        json.openArray("options");
        for (Option o : options) {
            write(json, o, reference);
        }
        json.closeArray();
    }

    private static void write(Json json, Option o, Instant reference) {
        json.open().field("code", o.code()).field("name", o.kind().rfcName());
        if (o instanceof Uint32Option u) {
            json.field("value", u.value());
            if (u instanceof AbsoluteTimeOption t) {
                json.field("utc", t.instant(reference).toString());
            }
        } else if (o instanceof ContainerOption c) {
            containerFields(json, c);
            writeAll(json, c.options(), reference);
        } else {
            leafFields(json, o, reference);
        }
        json.close();
    }

    private static void containerFields(Json json, ContainerOption c) {
        if (c instanceof IaNaOption ia) {
            json.field("iaid", ia.iaid()).field("t1", ia.t1()).field("t2", ia.t2());
        } else if (c instanceof IaPdOption ia) {
            json.field("iaid", ia.iaid()).field("t1", ia.t1()).field("t2", ia.t2());
        } else if (c instanceof IaTaOption ia) {
            json.field("iaid", ia.iaid());
        } else if (c instanceof IaAddrOption a) {
            json.field("address", a.address().toString())
                    .field("preferredLifetime", a.preferredLifetime()).field("validLifetime", a.validLifetime());
        } else if (c instanceof IaPrefixOption p) {
            json.field("prefix", p.prefix() + "/" + p.prefixLength())
                    .field("preferredLifetime", p.preferredLifetime()).field("validLifetime", p.validLifetime());
        }
        // OPTION_CLIENT_DATA and OPTION_F_DNS_REMOVAL_INFO have nothing besides their nested options.
    }

    private static void leafFields(Json json, Option o, Instant reference) {
        switch (o.kind()) {
            case CLIENTID -> json.field("value", HEX.formatHex(((ClientIdOption) o).duid()));
            case VSS -> json.field("value", HEX.formatHex(((VssOption) o).data()));
            case F_DNS_HOST_NAME -> json.field("value", HEX.formatHex(((DnsHostNameOption) o).name()));
            case F_DNS_ZONE_NAME -> json.field("value", HEX.formatHex(((DnsZoneNameOption) o).name()));
            case UNKNOWN -> json.field("value", HEX.formatHex(((UnknownOption) o).data()));
            case STATUS_CODE -> {
                StatusCodeOption s = (StatusCodeOption) o;
                json.field("value", s.statusCode());
                s.known().ifPresent(k -> json.field("status", k.rfcName()));
                json.field("message", s.message());
            }
            case CLIENT_FQDN -> {
                ClientFqdnOption f = (ClientFqdnOption) o;
                json.field("flags", f.flags()).field("domainName", HEX.formatHex(f.domainName()));
            }
            case LQ_RELAY_DATA -> {
                LqRelayDataOption r = (LqRelayDataOption) o;
                json.field("peerAddress", r.peerAddress().toString())
                        .field("relayMessage", HEX.formatHex(r.relayMessage()));
            }
            case F_BINDING_STATUS -> {
                BindingStatusOption b = (BindingStatusOption) o;
                json.field("value", b.status());
                b.known().ifPresent(k -> json.field("status", k.rfcName()));
            }
            case F_SERVER_STATE -> {
                ServerStateOption s = (ServerStateOption) o;
                json.field("value", s.state());
                s.known().ifPresent(k -> json.field("state", k.rfcName()));
            }
            case F_PROTOCOL_VERSION -> {
                ProtocolVersionOption v = (ProtocolVersionOption) o;
                json.field("major", v.major()).field("minor", v.minor());
            }
            case F_RECONFIGURE_DATA -> {
                ReconfigureDataOption r = (ReconfigureDataOption) o;
                json.field("time", r.time()).field("utc", WireTime.fromWire(r.time(), reference).toString())
                        .field("key", HEX.formatHex(r.key()));
            }
            case F_RELATIONSHIP_NAME -> json.field("value", ((RelationshipNameOption) o).name());
            case F_CONNECT_FLAGS -> json.field("value", ((ConnectFlagsOption) o).flags());
            case F_DNS_FLAGS -> json.field("value", ((DnsFlagsOption) o).flags());
            case F_SERVER_FLAGS -> json.field("value", ((ServerFlagsOption) o).flags());
            default -> throw new IllegalStateException("not a leaf option: " + o);
        }
    }
}
