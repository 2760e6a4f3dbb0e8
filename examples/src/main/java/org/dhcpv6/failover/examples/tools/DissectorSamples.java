package org.dhcpv6.failover.examples.tools;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.dhcpv6.failover.api.BindingStatus;
import org.dhcpv6.failover.api.Ipv6Address;
import org.dhcpv6.failover.api.ServerState;
import org.dhcpv6.failover.core.internal.wire.BindingStatusOption;
import org.dhcpv6.failover.core.internal.wire.BndReply;
import org.dhcpv6.failover.core.internal.wire.BndUpd;
import org.dhcpv6.failover.core.internal.wire.ClientDataOption;
import org.dhcpv6.failover.core.internal.wire.ClientFqdnOption;
import org.dhcpv6.failover.core.internal.wire.ClientIdOption;
import org.dhcpv6.failover.core.internal.wire.CltTimeOption;
import org.dhcpv6.failover.core.internal.wire.Connect;
import org.dhcpv6.failover.core.internal.wire.ConnectReply;
import org.dhcpv6.failover.core.internal.wire.Contact;
import org.dhcpv6.failover.core.internal.wire.Disconnect;
import org.dhcpv6.failover.core.internal.wire.DnsFlagsOption;
import org.dhcpv6.failover.core.internal.wire.DnsHostNameOption;
import org.dhcpv6.failover.core.internal.wire.DnsRemovalInfoOption;
import org.dhcpv6.failover.core.internal.wire.DnsZoneNameOption;
import org.dhcpv6.failover.core.internal.wire.ExpirationTimeOption;
import org.dhcpv6.failover.core.internal.wire.FailoverMessage;
import org.dhcpv6.failover.core.internal.wire.Frames;
import org.dhcpv6.failover.core.internal.wire.IaAddrOption;
import org.dhcpv6.failover.core.internal.wire.IaNaOption;
import org.dhcpv6.failover.core.internal.wire.IaPdOption;
import org.dhcpv6.failover.core.internal.wire.IaPrefixOption;
import org.dhcpv6.failover.core.internal.wire.IaTaOption;
import org.dhcpv6.failover.core.internal.wire.LqBaseTimeOption;
import org.dhcpv6.failover.core.internal.wire.LqRelayDataOption;
import org.dhcpv6.failover.core.internal.wire.MessageCodec;
import org.dhcpv6.failover.core.internal.wire.Option;
import org.dhcpv6.failover.core.internal.wire.PartnerDownTimeOption;
import org.dhcpv6.failover.core.internal.wire.PartnerLifetimeOption;
import org.dhcpv6.failover.core.internal.wire.PartnerLifetimeSentOption;
import org.dhcpv6.failover.core.internal.wire.PartnerRawCltTimeOption;
import org.dhcpv6.failover.core.internal.wire.PoolReq;
import org.dhcpv6.failover.core.internal.wire.PoolResp;
import org.dhcpv6.failover.core.internal.wire.ReconfigureDataOption;
import org.dhcpv6.failover.core.internal.wire.StartTimeOfStateOption;
import org.dhcpv6.failover.core.internal.wire.StartTls;
import org.dhcpv6.failover.core.internal.wire.StartTlsReply;
import org.dhcpv6.failover.core.internal.wire.StateExpirationTimeOption;
import org.dhcpv6.failover.core.internal.wire.StateMessage;
import org.dhcpv6.failover.core.internal.wire.StatusCodeOption;
import org.dhcpv6.failover.core.internal.wire.UnknownOption;
import org.dhcpv6.failover.core.internal.wire.UpdDone;
import org.dhcpv6.failover.core.internal.wire.UpdReq;
import org.dhcpv6.failover.core.internal.wire.UpdReqAll;
import org.dhcpv6.failover.core.internal.wire.VssOption;

/**
 * Failover frames for testing the Wireshark dissector ({@code examples/wireshark}): every message
 * type, every option the codec knows (nested as in a real BNDUPD, DNS removal info included),
 * every RFC 8156 status code, both STARTTLS header forms, and frames the codec refuses. Encoded
 * by the project's codec, so the dissector is checked against the same octets
 * {@code failover-decode} reads.
 */
public final class DissectorSamples {

    /** 2026-12-07T12:00:00Z as a wire time. */
    static final long T = 849_960_000L;

    private DissectorSamples() {
    }

    /** Valid frames (size prefix included); the accepting REPLYs come last, since TLS follows them. */
    public static List<byte[]> valid() {
        List<FailoverMessage> m = new ArrayList<>();
        m.add(StartTls.of(1));
        m.add(StartTls.failoverForm(2, T, List.of()));
        m.add(StartTlsReply.refuse(3, "failover here is plain TCP"));
        m.add(Connect.of(4, T, 1, 0, 3600, 60, 100, "campus", 1));
        m.add(ConnectReply.accept(4, T + 1, 1, 0, 3600, 60, 100, 1));
        m.add(ConnectReply.reject(5, T, 22, "clocks differ by 3 h"));
        m.add(ConnectReply.reject(6, T, 14, "version 2 not supported"));
        m.add(StateMessage.of(7, T, ServerState.NORMAL.code(), 0x01, T - 100, null));
        m.add(StateMessage.of(8, T, ServerState.PARTNER_DOWN.code(), 0x07, T - 50, T - 60));
        m.add(Contact.of(9, T));
        m.add(new Contact(10, T, List.of(new UnknownOption(200, new byte[] {1, 2, 3}))));
        m.add(PoolReq.of(11, T));
        m.add(PoolResp.of(11, T));
        m.add(UpdReq.of(12, T));
        m.add(UpdReqAll.of(13, T));
        m.add(UpdDone.of(13, T));
        m.add(Disconnect.of(14, T, 20, "shutting down"));
        m.add(BndUpd.of(15, T, clientData(BindingStatus.ACTIVE, null)));
        m.add(BndReply.of(15, T, clientData(BindingStatus.ACTIVE, new StatusCodeOption(19, "newer here: überholt"))));
        m.add(BndUpd.of(16, T, barePrefix(BindingStatus.FREE_BACKUP, null)));
        for (int status : new int[] {0, 16, 17, 18, 21}) {
            m.add(BndReply.of(17 + status, T, barePrefix(BindingStatus.FREE_BACKUP,
                    new StatusCodeOption(status, status == 0 ? "" : "refused"))));
        }
        m.add(BndUpd.of(40, T, clientData(BindingStatus.EXPIRED, null)));
        m.add(BndUpd.of(41, T, clientData(BindingStatus.RELEASED, null)));
        m.add(StartTlsReply.failoverForm(42, T, List.of()));
        m.add(StartTlsReply.accept(43));
        List<byte[]> frames = new ArrayList<>();
        for (FailoverMessage msg : m) {
            frames.add(Frames.frame(MessageCodec.encode(msg)));
        }
        return frames;
    }

    /** Frames the codec refuses, each for a different reason (see {@link #main}). */
    public static List<byte[]> malformed() {
        HexFormat h = HexFormat.of();
        return List.of(
                // unknown message type 40
                h.parseHex("0008" + "28000001" + "32a96940"),
                // CONTACT shorter than the 8-octet header
                h.parseHex("0006" + "23000001" + "0000"),
                // OPTION_F_MCLT with 2 octets instead of 4
                h.parseHex("000e" + "1f000001" + "32a96940" + "007a0002" + "0000"),
                // an option claiming more octets than remain
                h.parseHex("000e" + "22000001" + "32a96940" + "00840010" + "0002"),
                // OPTION_IAADDR at the top level
                h.parseHex("0024" + "18000001" + "32a96940" + "00050018"
                        + "20010db8000000000000000000000001" + "0000001e" + "00000028"),
                // relationship name that is not UTF-8
                h.parseHex("000e" + "1f000001" + "32a96940" + "00820002" + "c328"),
                // IAPREFIX with prefix length 200
                h.parseHex("0025" + "18000001" + "32a96940" + "001a0019" + "0000001e" + "00000028" + "c8"
                        + "20010db8010000000000000000000000"));
    }

    private static ClientDataOption clientData(BindingStatus status, StatusCodeOption reply) {
        List<Option> leaseOptions = new ArrayList<>(List.of(
                BindingStatusOption.of(status),
                new StartTimeOfStateOption(T - 10),
                new StateExpirationTimeOption(T + 40),
                new CltTimeOption(10),
                new PartnerLifetimeOption(T + 70),
                new PartnerRawCltTimeOption(T - 20),
                new ExpirationTimeOption(T + 60),
                new ClientFqdnOption(0x01, dnsName("host", "example", "org")),
                new DnsRemovalInfoOption(List.of(
                        new DnsHostNameOption(dnsName("host")),
                        new DnsZoneNameOption(dnsName("example", "org")),
                        new DnsFlagsOption(0x000b)))));
        List<Option> prefixOptions = new ArrayList<>(List.of(BindingStatusOption.of(status),
                new StartTimeOfStateOption(T - 10), new StateExpirationTimeOption(T + 40),
                new PartnerLifetimeSentOption(T + 70)));
        if (reply != null) {
            leaseOptions.add(reply);
            prefixOptions.add(reply);
        }
        List<Option> top = new ArrayList<>(List.of(
                new ClientIdOption(HexFormat.of().parseHex("000100011f2e3d4c001122334455")),
                new LqBaseTimeOption(T),
                new VssOption(HexFormat.of().parseHex("0161")),
                new ReconfigureDataOption(T - 3600, HexFormat.of().parseHex("00112233445566778899aabbccddeeff")),
                new LqRelayDataOption(Ipv6Address.parse("fe80::1"), HexFormat.of().parseHex("0c00")),
                new IaNaOption(1, 10, 16, List.of(new IaAddrOption(Ipv6Address.parse("2001:db8:1::3"), 20, 40,
                        leaseOptions))),
                new IaTaOption(2, List.of(new IaAddrOption(Ipv6Address.parse("2001:db8:1::5"), 20, 40,
                        List.of(BindingStatusOption.of(status), new StartTimeOfStateOption(T - 10))))),
                new IaPdOption(3, 10, 16, List.of(new IaPrefixOption(20, 40, 56,
                        Ipv6Address.parse("2001:db8:100:100::"), prefixOptions)))));
        if (reply != null) {
            top.add(reply);
        }
        return new ClientDataOption(top);
    }

    private static IaPrefixOption barePrefix(BindingStatus status, StatusCodeOption reply) {
        List<Option> options = new ArrayList<>(List.of(new LqBaseTimeOption(T), BindingStatusOption.of(status),
                new StartTimeOfStateOption(T - 5), new PartnerDownTimeOption(T - 7)));
        if (reply != null) {
            options.add(reply);
        }
        return new IaPrefixOption(0, 0, 56, Ipv6Address.parse("2001:db8:100:200::"), options);
    }

    private static byte[] dnsName(String... labels) {
        StringBuilder b = new StringBuilder();
        for (String l : labels) {
            b.append((char) l.length()).append(l);
        }
        return (b + "\0").getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * Prints frames as hex, one per line: {@code valid} (default) or {@code malformed}; with
     * {@code --text2pcap}, as text2pcap input instead, the valid frames cut into TCP segments of
     * awkward sizes (a message split over segments, several messages in one) and each malformed
     * frame in a segment of its own.
     */
    public static void main(String[] args) {
        boolean bad = args.length > 0 && args[0].equals("malformed");
        boolean pcap = List.of(args).contains("--text2pcap");
        List<byte[]> frames = bad ? malformed() : valid();
        if (!pcap) {
            frames.forEach(f -> System.out.println(HexFormat.of().formatHex(f)));
            return;
        }
        List<byte[]> segments = bad ? frames : segments(frames);
        for (byte[] s : segments) {
            for (int i = 0; i < s.length; i += 16) {
                StringBuilder line = new StringBuilder(String.format("%06x", i));
                for (int j = i; j < Math.min(s.length, i + 16); j++) {
                    line.append(' ').append(String.format("%02x", s[j]));
                }
                System.out.println(line);
            }
        }
    }

    /** One stream, cut at sizes that put message starts and size prefixes in every position. */
    static List<byte[]> segments(List<byte[]> frames) {
        int total = frames.stream().mapToInt(f -> f.length).sum();
        byte[] stream = new byte[total];
        int at = 0;
        List<Integer> starts = new ArrayList<>();
        for (byte[] f : frames) {
            starts.add(at);
            System.arraycopy(f, 0, stream, at, f.length);
            at += f.length;
        }
        List<byte[]> out = new ArrayList<>();
        int[] cuts = {1, 7, 3, 150, 2, 61};
        int pos = 0;
        int k = 0;
        // The last two frames (the accepting REPLYs) go in one final segment: TLS follows them.
        int tail = starts.get(starts.size() - 2);
        while (pos < tail) {
            int n = Math.min(tail - pos, k < 6 ? frames.get(k).length : cuts[k % cuts.length]);
            byte[] s = new byte[n];
            System.arraycopy(stream, pos, s, 0, n);
            out.add(s);
            pos += n;
            k++;
        }
        byte[] last = new byte[total - tail];
        System.arraycopy(stream, tail, last, 0, last.length);
        out.add(last);
        return out;
    }
}
