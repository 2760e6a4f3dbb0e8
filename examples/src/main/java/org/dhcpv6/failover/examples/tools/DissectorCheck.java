package org.dhcpv6.failover.examples.tools;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.dhcpv6.failover.core.internal.wire.BindingStatusOption;
import org.dhcpv6.failover.core.internal.wire.ClientFqdnOption;
import org.dhcpv6.failover.core.internal.wire.ClientIdOption;
import org.dhcpv6.failover.core.internal.wire.ConnectFlagsOption;
import org.dhcpv6.failover.core.internal.wire.ContainerOption;
import org.dhcpv6.failover.core.internal.wire.DnsFlagsOption;
import org.dhcpv6.failover.core.internal.wire.DnsHostNameOption;
import org.dhcpv6.failover.core.internal.wire.DnsZoneNameOption;
import org.dhcpv6.failover.core.internal.wire.FailoverMessage;
import org.dhcpv6.failover.core.internal.wire.Frames;
import org.dhcpv6.failover.core.internal.wire.IaAddrOption;
import org.dhcpv6.failover.core.internal.wire.IaNaOption;
import org.dhcpv6.failover.core.internal.wire.IaPdOption;
import org.dhcpv6.failover.core.internal.wire.IaPrefixOption;
import org.dhcpv6.failover.core.internal.wire.IaTaOption;
import org.dhcpv6.failover.core.internal.wire.LqRelayDataOption;
import org.dhcpv6.failover.core.internal.wire.MalformedMessageException;
import org.dhcpv6.failover.core.internal.wire.MessageCodec;
import org.dhcpv6.failover.core.internal.wire.Option;
import org.dhcpv6.failover.core.internal.wire.ProtocolVersionOption;
import org.dhcpv6.failover.core.internal.wire.ReconfigureDataOption;
import org.dhcpv6.failover.core.internal.wire.RelationshipNameOption;
import org.dhcpv6.failover.core.internal.wire.ServerFlagsOption;
import org.dhcpv6.failover.core.internal.wire.ServerStateOption;
import org.dhcpv6.failover.core.internal.wire.StartTls;
import org.dhcpv6.failover.core.internal.wire.StartTlsReply;
import org.dhcpv6.failover.core.internal.wire.StatusCodeOption;
import org.dhcpv6.failover.core.internal.wire.Uint32Option;
import org.dhcpv6.failover.core.internal.wire.UnknownOption;
import org.dhcpv6.failover.core.internal.wire.VssOption;

/**
 * Cross-checks the Wireshark dissector ({@code examples/wireshark/dhcpv6-failover.lua}) against
 * the project's codec, field by field. Input (stdin): tshark's
 * {@code -T fields -E occurrence=a -E aggregator=<RS> -e frame.number -e dhcpv6fo.raw -e dhcpv6fo.check}
 * output, where RS is the ASCII record separator (0x1e). For every message the dissector found,
 * the raw frame is decoded with {@link MessageCodec} and the dissector's canonical list (header,
 * then every option's code, length and value, nested options before their container) must equal
 * the one built here from the decoded records.
 *
 * <p>Prints one summary line and exits 0 only if at least one message was compared and none
 * differed. {@code --expect FILE} also requires the dissector's frames, in order, to be exactly
 * the hex lines of FILE (so none was lost or split wrongly in TCP reassembly).
 */
public final class DissectorCheck {

    private static final HexFormat HEX = HexFormat.of();
    private static final String RS = "\u001e";

    private DissectorCheck() {
    }

    /** Runs the check on stdin; see the class comment. */
    public static void main(String[] args) throws IOException {
        List<String> expected = null;
        if (args.length == 2 && args[0].equals("--expect")) {
            expected = Files.readAllLines(Path.of(args[1])).stream().filter(l -> !l.isBlank()).toList();
        }
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        System.exit(run(new InputStreamReader(System.in, StandardCharsets.UTF_8), expected, out));
    }

    /** Compares every message of {@code in}; returns the exit status. */
    static int run(Reader in, List<String> expected, PrintStream out) throws IOException {
        BufferedReader lines = new BufferedReader(in);
        List<String> frames = new ArrayList<>();
        Map<String, Integer> types = new TreeMap<>();
        int mismatches = 0;
        int options = 0;
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            String[] cols = line.split("\t", -1);
            if (cols.length < 3 || cols[1].isEmpty()) {
                continue;
            }
            String[] raws = cols[1].split(RS);
            List<List<String>> groups = groups(cols[2].isEmpty() ? new String[0] : cols[2].split(RS));
            if (groups.size() != raws.length) {
                out.println("frame " + cols[0] + ": " + raws.length + " frames but " + groups.size() + " decoded messages");
                mismatches++;
                continue;
            }
            for (int i = 0; i < raws.length; i++) {
                String hex = raws[i].replace(":", "").toLowerCase();
                frames.add(hex);
                List<String> ours;
                try {
                    FailoverMessage m = MessageCodec.decode(Frames.unframe(HEX.parseHex(hex)));
                    ours = canonical(m);
                    types.merge(m.type().rfcName(), 1, Integer::sum);
                } catch (MalformedMessageException e) {
                    ours = List.of("codec refused it: " + e.getMessage());
                }
                options += ours.size() - 1;
                if (!ours.equals(groups.get(i))) {
                    mismatches++;
                    if (mismatches <= 5) {
                        out.println("frame " + cols[0] + " message " + (i + 1) + " differs:\n  dissector " + groups.get(i)
                                + "\n  codec     " + ours);
                    }
                }
            }
        }
        if (expected != null && !expected.equals(frames)) {
            out.println("the dissector's frames differ from the " + expected.size() + " expected ("
                    + frames.size() + " found)");
            mismatches++;
        }
        out.println("dissector-check: " + frames.size() + " messages " + types + ", " + options
                + " option values compared with the codec, " + mismatches + " mismatches");
        return frames.isEmpty() || mismatches > 0 ? 1 : 0;
    }

    private static List<List<String>> groups(String[] checks) {
        List<List<String>> out = new ArrayList<>();
        for (String c : checks) {
            if (c.startsWith("M:") || out.isEmpty()) {
                out.add(new ArrayList<>());
            }
            out.get(out.size() - 1).add(c);
        }
        return out;
    }

    /** The list the dissector writes for one message: header, then options children first. */
    static List<String> canonical(FailoverMessage m) {
        boolean sent = !(m instanceof StartTls s && !s.withSentTime()) && !(m instanceof StartTlsReply r && !r.withSentTime());
        List<String> out = new ArrayList<>();
        out.add("M:" + m.type().code() + ":" + m.transactionId() + ":" + (sent ? String.valueOf(m.sentTime()) : "-"));
        addAll(m.options(), out);
        return out;
    }

    private static void addAll(List<Option> options, List<String> out) {
        for (Option o : options) {
            if (o instanceof ContainerOption c) {
                addAll(c.options(), out);
            }
            out.add("O:" + o.code() + ":" + length(o) + ":" + value(o));
        }
    }

    private static String value(Option o) {
        if (o instanceof Uint32Option u) {
            return String.valueOf(u.value());
        }
        return switch (o.kind()) {
            case CLIENTID -> HEX.formatHex(((ClientIdOption) o).duid());
            case IA_NA -> ((IaNaOption) o).iaid() + "," + ((IaNaOption) o).t1() + "," + ((IaNaOption) o).t2();
            case IA_PD -> ((IaPdOption) o).iaid() + "," + ((IaPdOption) o).t1() + "," + ((IaPdOption) o).t2();
            case IA_TA -> String.valueOf(((IaTaOption) o).iaid());
            case IAADDR -> {
                IaAddrOption a = (IaAddrOption) o;
                yield HEX.formatHex(a.address().toBytes()) + "," + a.preferredLifetime() + "," + a.validLifetime();
            }
            case IAPREFIX -> {
                IaPrefixOption p = (IaPrefixOption) o;
                yield p.preferredLifetime() + "," + p.validLifetime() + "," + p.prefixLength() + ","
                        + HEX.formatHex(p.prefix().toBytes());
            }
            case STATUS_CODE -> ((StatusCodeOption) o).statusCode() + "," + ((StatusCodeOption) o).message();
            case CLIENT_FQDN -> ((ClientFqdnOption) o).flags() + "," + HEX.formatHex(((ClientFqdnOption) o).domainName());
            case CLIENT_DATA, F_DNS_REMOVAL_INFO -> "";
            case LQ_RELAY_DATA -> HEX.formatHex(((LqRelayDataOption) o).peerAddress().toBytes()) + ","
                    + HEX.formatHex(((LqRelayDataOption) o).relayMessage());
            case VSS -> HEX.formatHex(((VssOption) o).data());
            case F_BINDING_STATUS -> String.valueOf(((BindingStatusOption) o).status());
            case F_CONNECT_FLAGS -> String.valueOf(((ConnectFlagsOption) o).flags());
            case F_DNS_HOST_NAME -> HEX.formatHex(((DnsHostNameOption) o).name());
            case F_DNS_ZONE_NAME -> HEX.formatHex(((DnsZoneNameOption) o).name());
            case F_DNS_FLAGS -> String.valueOf(((DnsFlagsOption) o).flags());
            case F_PROTOCOL_VERSION -> ((ProtocolVersionOption) o).major() + "," + ((ProtocolVersionOption) o).minor();
            case F_RECONFIGURE_DATA -> ((ReconfigureDataOption) o).time() + "," + HEX.formatHex(((ReconfigureDataOption) o).key());
            case F_RELATIONSHIP_NAME -> ((RelationshipNameOption) o).name();
            case F_SERVER_FLAGS -> String.valueOf(((ServerFlagsOption) o).flags());
            case F_SERVER_STATE -> String.valueOf(((ServerStateOption) o).state());
            case UNKNOWN -> HEX.formatHex(((UnknownOption) o).data());
            default -> throw new IllegalStateException("no canonical value for " + o.kind());
        };
    }

    /** The option's value length on the wire (without its 4-octet header). */
    private static int length(Option o) {
        if (o.kind().fixedLength() >= 0) {
            return o.kind().fixedLength();
        }
        int nested = o instanceof ContainerOption c ? c.options().stream().mapToInt(x -> 4 + length(x)).sum() : 0;
        return switch (o.kind()) {
            case CLIENTID -> ((ClientIdOption) o).duid().length;
            case IA_NA, IA_PD -> 12 + nested;
            case IA_TA -> 4 + nested;
            case IAADDR -> 24 + nested;
            case IAPREFIX -> 25 + nested;
            case CLIENT_DATA, F_DNS_REMOVAL_INFO -> nested;
            case STATUS_CODE -> 2 + ((StatusCodeOption) o).message().getBytes(StandardCharsets.UTF_8).length;
            case CLIENT_FQDN -> 1 + ((ClientFqdnOption) o).domainName().length;
            case LQ_RELAY_DATA -> 16 + ((LqRelayDataOption) o).relayMessage().length;
            case VSS -> ((VssOption) o).data().length;
            case F_DNS_HOST_NAME -> ((DnsHostNameOption) o).name().length;
            case F_DNS_ZONE_NAME -> ((DnsZoneNameOption) o).name().length;
            case F_RECONFIGURE_DATA -> 4 + ((ReconfigureDataOption) o).key().length;
            case F_RELATIONSHIP_NAME -> ((RelationshipNameOption) o).name().getBytes(StandardCharsets.UTF_8).length;
            case UNKNOWN -> ((UnknownOption) o).data().length;
            default -> throw new IllegalStateException("no length rule for " + o.kind());
        };
    }
}
