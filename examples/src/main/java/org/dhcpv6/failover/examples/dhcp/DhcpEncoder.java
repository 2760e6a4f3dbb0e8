package org.dhcpv6.failover.examples.dhcp;

import java.util.Arrays;
import java.util.List;

/**
 * Encodes DHCPv6 messages (RFC 8415 §8, §9, §21). Pure and stateless. Option lengths are
 * written after their contents, so nested options need no size pre-computation.
 */
public final class DhcpEncoder {

    private DhcpEncoder() {
    }

    /**
     * The wire form of {@code message}.
     *
     * @throws IllegalArgumentException if an option would exceed the 65535-octet option length
     */
    public static byte[] encode(DhcpMessage message) {
        Buf out = new Buf();
        message(out, message);
        return out.toArray();
    }

    private static void message(Buf out, DhcpMessage m) {
        out.u8(m.type().code());
        if (m instanceof RelayMessage r) {
            out.u8(r.hopCount());
            out.address(r.linkAddress().toBytes());
            out.address(r.peerAddress().toBytes());
        } else {
            int xid = ((ClientServerMessage) m).transactionId();
            out.u8(xid >>> 16);
            out.u8(xid >>> 8);
            out.u8(xid);
        }
        options(out, m.options());
    }

    private static void options(Buf out, List<DhcpOption> options) {
        for (DhcpOption o : options) {
            out.u16(o.code());
            int lengthAt = out.size;
            out.u16(0);
            body(out, o);
            int len = out.size - lengthAt - 2;
            if (len > 0xFFFF) {
                throw new IllegalArgumentException("option " + o.code() + " too long: " + len + " octets");
            }
            out.put16(lengthAt, len);
        }
    }

    private static void body(Buf out, DhcpOption o) {
        switch (o.kind()) {
            case CLIENT_ID -> out.octets(Octets.of(((DhcpOption.ClientId) o).duid().toBytes()));
            case SERVER_ID -> out.octets(Octets.of(((DhcpOption.ServerId) o).duid().toBytes()));
            case IA_NA -> {
                DhcpOption.IaNa ia = (DhcpOption.IaNa) o;
                out.u32(ia.iaid()).u32(ia.t1Seconds()).u32(ia.t2Seconds());
                options(out, ia.options());
            }
            case IA_ADDRESS -> {
                DhcpOption.IaAddress a = (DhcpOption.IaAddress) o;
                out.address(a.address().toBytes());
                out.u32(a.preferredSeconds()).u32(a.validSeconds());
                options(out, a.options());
            }
            case IA_PD -> {
                DhcpOption.IaPd ia = (DhcpOption.IaPd) o;
                out.u32(ia.iaid()).u32(ia.t1Seconds()).u32(ia.t2Seconds());
                options(out, ia.options());
            }
            case IA_PREFIX -> {
                DhcpOption.IaPrefix p = (DhcpOption.IaPrefix) o;
                out.u32(p.preferredSeconds()).u32(p.validSeconds()).u8(p.prefix().length());
                out.address(p.prefix().address().toBytes());
                options(out, p.options());
            }
            case OPTION_REQUEST -> ((DhcpOption.OptionRequest) o).codes().forEach(out::u16);
            case PREFERENCE -> out.u8(((DhcpOption.Preference) o).value());
            case ELAPSED_TIME -> out.u16(((DhcpOption.ElapsedTime) o).hundredths());
            case RELAY_MESSAGE -> message(out, ((DhcpOption.RelayMessage) o).message());
            case STATUS -> {
                DhcpOption.Status s = (DhcpOption.Status) o;
                out.u16(s.statusCode());
                out.bytes(s.messageBytes());
            }
            case RAPID_COMMIT -> {
                // no option-data (§21.14)
            }
            case INTERFACE_ID -> out.octets(((DhcpOption.InterfaceId) o).id());
            case DNS_SERVERS -> ((DhcpOption.DnsServers) o).servers().forEach(a -> out.address(a.toBytes()));
            case UNKNOWN -> out.octets(((DhcpOption.Unknown) o).data());
            default -> throw new AssertionError("unhandled option kind " + o.kind());
        }
    }

    /** A growable big-endian byte buffer. */
    private static final class Buf {
        private byte[] data = new byte[256];
        private int size;

        private void ensure(int extra) {
            if (size + extra > data.length) {
                data = Arrays.copyOf(data, Math.max(data.length * 2, size + extra));
            }
        }

        Buf u8(int v) {
            ensure(1);
            data[size++] = (byte) v;
            return this;
        }

        Buf u16(int v) {
            ensure(2);
            put16(size, v);
            size += 2;
            return this;
        }

        void put16(int at, int v) {
            data[at] = (byte) (v >>> 8);
            data[at + 1] = (byte) v;
        }

        Buf u32(long v) {
            u16((int) (v >>> 16) & 0xFFFF);
            return u16((int) v & 0xFFFF);
        }

        void bytes(byte[] b) {
            ensure(b.length);
            System.arraycopy(b, 0, data, size, b.length);
            size += b.length;
        }

        void address(byte[] b) {
            bytes(b);
        }

        void octets(Octets o) {
            ensure(o.length());
            o.writeTo(data, size);
            size += o.length();
        }

        byte[] toArray() {
            return Arrays.copyOf(data, size);
        }
    }
}
