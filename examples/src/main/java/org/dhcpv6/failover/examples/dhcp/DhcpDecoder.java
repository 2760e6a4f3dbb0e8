package org.dhcpv6.failover.examples.dhcp;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.dhcpv6.failover.api.Duid;
import org.dhcpv6.failover.api.Ipv6Address;
import org.dhcpv6.failover.api.Ipv6Prefix;

/**
 * Decodes DHCPv6 messages (RFC 8415 §8, §9, §21). Pure and stateless: bytes in, records out, or
 * one {@link MalformedMessageException}. Every length field is checked against the octets that
 * are really there before it is used, and nesting is bounded, so hostile input cannot make it
 * read out of bounds, allocate without limit or recurse without limit.
 */
public final class DhcpDecoder {

    /**
     * Deepest nesting of options and relayed messages accepted. RFC 8415 §7.6 caps relaying at
     * HOP_COUNT_LIMIT 8, and IA options add at most two levels per message.
     */
    static final int MAX_DEPTH = 32;

    private DhcpDecoder() {
    }

    /** Decodes a whole packet. */
    public static DhcpMessage decode(byte[] packet) throws MalformedMessageException {
        return decode(packet, 0, packet.length);
    }

    /**
     * Decodes {@code length} octets of {@code buf} from {@code offset}; offsets in exceptions are
     * relative to {@code offset}.
     */
    public static DhcpMessage decode(byte[] buf, int offset, int length) throws MalformedMessageException {
        if (offset < 0 || length < 0 || offset > buf.length - length) {
            throw new IllegalArgumentException("range outside buffer: " + offset + "+" + length);
        }
        return message(buf, offset, offset + length, offset, 0);
    }

    private static DhcpMessage message(byte[] b, int start, int end, int base, int depth)
            throws MalformedMessageException {
        if (depth > MAX_DEPTH) {
            throw new MalformedMessageException(start - base, "nesting deeper than " + MAX_DEPTH);
        }
        if (end - start < 1) {
            throw new MalformedMessageException(start - base, "empty message");
        }
        int code = b[start] & 0xFF;
        MessageType type = MessageType.fromCode(code).orElseThrow(
                () -> new MalformedMessageException(start - base, "unsupported message type " + code));
        if (type.isRelay()) {
            need(b, start, end, 34, base, "relay header");
            int hops = b[start + 1] & 0xFF;
            Ipv6Address link = Ipv6Address.fromBytes(b, start + 2);
            Ipv6Address peer = Ipv6Address.fromBytes(b, start + 18);
            return new RelayMessage(type, hops, link, peer, options(b, start + 34, end, base, depth + 1));
        }
        need(b, start, end, 4, base, "message header");
        int xid = ((b[start + 1] & 0xFF) << 16) | ((b[start + 2] & 0xFF) << 8) | (b[start + 3] & 0xFF);
        return new ClientServerMessage(type, xid, options(b, start + 4, end, base, depth + 1));
    }

    private static List<DhcpOption> options(byte[] b, int start, int end, int base, int depth)
            throws MalformedMessageException {
        if (depth > MAX_DEPTH) {
            throw new MalformedMessageException(start - base, "nesting deeper than " + MAX_DEPTH);
        }
        List<DhcpOption> out = new ArrayList<>();
        int p = start;
        while (p < end) {
            need(b, p, end, 4, base, "option header");
            int code = u16(b, p);
            int len = u16(b, p + 2);
            if (len > end - p - 4) {
                throw new MalformedMessageException(p + 2 - base,
                        "option " + code + " length " + len + " exceeds the " + (end - p - 4) + " octets left");
            }
            out.add(option(b, code, p + 4, p + 4 + len, base, depth));
            p += 4 + len;
        }
        return out;
    }

    private static DhcpOption option(byte[] b, int code, int s, int e, int base, int depth)
            throws MalformedMessageException {
        int len = e - s;
        switch (code) {
            case DhcpOption.CLIENTID:
                return new DhcpOption.ClientId(duid(b, s, e, base));
            case DhcpOption.SERVERID:
                return new DhcpOption.ServerId(duid(b, s, e, base));
            case DhcpOption.IA_NA:
                atLeast(len, 12, s, base, "IA_NA");
                return new DhcpOption.IaNa(u32(b, s), u32(b, s + 4), u32(b, s + 8),
                        options(b, s + 12, e, base, depth + 1));
            case DhcpOption.IAADDR:
                atLeast(len, 24, s, base, "IAADDR");
                return new DhcpOption.IaAddress(Ipv6Address.fromBytes(b, s), u32(b, s + 16), u32(b, s + 20),
                        options(b, s + 24, e, base, depth + 1));
            case DhcpOption.IA_PD:
                atLeast(len, 12, s, base, "IA_PD");
                return new DhcpOption.IaPd(u32(b, s), u32(b, s + 4), u32(b, s + 8),
                        options(b, s + 12, e, base, depth + 1));
            case DhcpOption.IAPREFIX:
                return iaPrefix(b, s, e, base, depth);
            case DhcpOption.ORO:
                if (len % 2 != 0) {
                    throw new MalformedMessageException(s - base, "ORO length " + len + " is odd");
                }
                List<Integer> codes = new ArrayList<>(len / 2);
                for (int p = s; p < e; p += 2) {
                    codes.add(u16(b, p));
                }
                return new DhcpOption.OptionRequest(codes);
            case DhcpOption.PREFERENCE:
                exactly(len, 1, s, base, "PREFERENCE");
                return new DhcpOption.Preference(b[s] & 0xFF);
            case DhcpOption.ELAPSED_TIME:
                exactly(len, 2, s, base, "ELAPSED_TIME");
                return new DhcpOption.ElapsedTime(u16(b, s));
            case DhcpOption.RELAY_MSG:
                return new DhcpOption.RelayMessage(message(b, s, e, base, depth + 1));
            case DhcpOption.STATUS_CODE:
                atLeast(len, 2, s, base, "STATUS_CODE");
                return new DhcpOption.Status(u16(b, s), utf8(b, s + 2, e, base));
            case DhcpOption.RAPID_COMMIT:
                exactly(len, 0, s, base, "RAPID_COMMIT");
                return new DhcpOption.RapidCommit();
            case DhcpOption.INTERFACE_ID:
                return new DhcpOption.InterfaceId(Octets.of(b, s, len));
            case DhcpOption.DNS_SERVERS:
                if (len % 16 != 0) {
                    throw new MalformedMessageException(s - base, "DNS_SERVERS length " + len + " not a multiple of 16");
                }
                List<Ipv6Address> servers = new ArrayList<>(len / 16);
                for (int p = s; p < e; p += 16) {
                    servers.add(Ipv6Address.fromBytes(b, p));
                }
                return new DhcpOption.DnsServers(servers);
            default:
                return new DhcpOption.Unknown(code, Octets.of(b, s, len));
        }
    }

    private static DhcpOption iaPrefix(byte[] b, int s, int e, int base, int depth) throws MalformedMessageException {
        atLeast(e - s, 25, s, base, "IAPREFIX");
        int prefixLength = b[s + 8] & 0xFF;
        if (prefixLength > 128) {
            throw new MalformedMessageException(s + 8 - base, "prefix length " + prefixLength + " above 128");
        }
        Ipv6Address raw = Ipv6Address.fromBytes(b, s + 9);
        // §21.22 does not forbid host bits; clients are sloppy, so clear them rather than reject.
        Ipv6Prefix prefix = new Ipv6Prefix(Ipv6Prefix.mask(raw, prefixLength), prefixLength);
        return new DhcpOption.IaPrefix(u32(b, s), u32(b, s + 4), prefix, options(b, s + 25, e, base, depth + 1));
    }

    private static Duid duid(byte[] b, int s, int e, int base) throws MalformedMessageException {
        String problem = Duids.check(e - s);
        if (problem != null) {
            throw new MalformedMessageException(s - base, problem);
        }
        return Duid.of(java.util.Arrays.copyOfRange(b, s, e));
    }

    private static String utf8(byte[] b, int s, int e, int base) throws MalformedMessageException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b, s, e - s))
                    .toString();
        } catch (CharacterCodingException ex) {
            throw new MalformedMessageException(s - base, "status message is not UTF-8");
        }
    }

    private static void need(byte[] b, int p, int end, int n, int base, String what)
            throws MalformedMessageException {
        if (end - p < n) {
            throw new MalformedMessageException(p - base, what + " needs " + n + " octets, " + (end - p) + " left");
        }
    }

    private static void atLeast(int len, int min, int s, int base, String what) throws MalformedMessageException {
        if (len < min) {
            throw new MalformedMessageException(s - base, what + " option needs at least " + min + " octets, has " + len);
        }
    }

    private static void exactly(int len, int want, int s, int base, String what) throws MalformedMessageException {
        if (len != want) {
            throw new MalformedMessageException(s - base, what + " option must be " + want + " octets, has " + len);
        }
    }

    private static int u16(byte[] b, int p) {
        return ((b[p] & 0xFF) << 8) | (b[p + 1] & 0xFF);
    }

    private static long u32(byte[] b, int p) {
        return ((long) u16(b, p) << 16) | u16(b, p + 2);
    }
}
