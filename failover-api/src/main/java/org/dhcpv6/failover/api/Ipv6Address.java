package org.dhcpv6.failover.api;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * An IPv6 address held as two 64-bit halves, so that ownership (bit 127) and address
 * arithmetic are cheap and allocation-free.
 *
 * <p>As a {@link Resource} it is one leased address (IA_NA or IA_TA, RFC 8415 §21.6).
 * Instances are immutable and thread-safe.
 *
 * @param high the first 64 bits (network order), as a signed long
 * @param low the last 64 bits; bit 127 of the address is {@code low & 1}
 */
public record Ipv6Address(long high, long low) implements Resource, Comparable<Ipv6Address> {

    /** Length of an IPv6 address on the wire, in octets. */
    public static final int OCTETS = 16;

    /**
     * Reads an address from 16 octets in network order.
     *
     * @throws IllegalArgumentException if {@code octets} is not 16 octets long
     */
    public static Ipv6Address fromBytes(byte[] octets) {
        Objects.requireNonNull(octets, "octets");
        if (octets.length != OCTETS) {
            throw new IllegalArgumentException("IPv6 address must be 16 octets, got " + octets.length);
        }
        return fromBytes(octets, 0);
    }

    /**
     * Reads an address from 16 octets of {@code buf} starting at {@code offset}.
     *
     * @throws IndexOutOfBoundsException if fewer than 16 octets follow {@code offset}
     */
    public static Ipv6Address fromBytes(byte[] buf, int offset) {
        Objects.checkFromIndexSize(offset, OCTETS, buf.length);
        long hi = 0;
        long lo = 0;
        for (int i = 0; i < 8; i++) {
            hi = (hi << 8) | (buf[offset + i] & 0xFF);
            lo = (lo << 8) | (buf[offset + 8 + i] & 0xFF);
        }
        return new Ipv6Address(hi, lo);
    }

    /**
     * Parses a textual IPv6 address such as {@code 2001:db8::1}. Only literals are accepted;
     * no name lookup happens.
     *
     * @throws IllegalArgumentException if {@code text} is not an IPv6 literal
     */
    public static Ipv6Address parse(String text) {
        Objects.requireNonNull(text, "text");
        if (!text.contains(":") || text.contains("%") || text.contains("/")) {
            throw new IllegalArgumentException("not an IPv6 address literal: '" + text + "'");
        }
        try {
            InetAddress parsed = InetAddress.getByName(text.startsWith("[") ? text : "[" + text + "]");
            if (!(parsed instanceof Inet6Address)) {
                // Java maps IPv4-mapped literals (::ffff:a.b.c.d) to Inet4Address.
                throw new IllegalArgumentException("not an IPv6 address literal: '" + text + "'");
            }
            return fromBytes(parsed.getAddress());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IPv6 address literal: '" + text + "'", e);
        }
    }

    /** Converts a JDK address. */
    public static Ipv6Address of(Inet6Address address) {
        return fromBytes(address.getAddress());
    }

    /** The address as 16 octets in network order (a new array each call). */
    public byte[] toBytes() {
        byte[] out = new byte[OCTETS];
        writeTo(out, 0);
        return out;
    }

    /** Writes the 16 octets of this address into {@code buf} at {@code offset}. */
    public void writeTo(byte[] buf, int offset) {
        Objects.checkFromIndexSize(offset, OCTETS, buf.length);
        for (int i = 0; i < 8; i++) {
            buf[offset + i] = (byte) (high >>> (56 - 8 * i));
            buf[offset + 8 + i] = (byte) (low >>> (56 - 8 * i));
        }
    }

    /** The JDK form of this address. */
    public Inet6Address toInet6Address() {
        try {
            return (Inet6Address) InetAddress.getByAddress(toBytes());
        } catch (UnknownHostException e) {
            throw new AssertionError("16 octets are always a valid address", e);
        }
    }

    /** Bit 127, the last bit: RFC 8156 §4.2.1 gives odd addresses to the primary. */
    public boolean isOdd() {
        return (low & 1L) != 0;
    }

    /** This address plus {@code delta} (which may be negative), wrapping at 2^128. */
    public Ipv6Address plus(long delta) {
        long newLow = low + delta;
        long carry;
        if (delta >= 0) {
            carry = Long.compareUnsigned(newLow, low) < 0 ? 1 : 0;
        } else {
            carry = Long.compareUnsigned(newLow, low) > 0 ? -1 : 0;
        }
        return new Ipv6Address(high + carry, newLow);
    }

    @Override
    public Kind kind() {
        return Kind.ADDRESS;
    }

    @Override
    public int compareTo(Ipv6Address other) {
        int c = Long.compareUnsigned(high, other.high);
        return c != 0 ? c : Long.compareUnsigned(low, other.low);
    }

    /** The RFC 5952 text form, e.g. {@code 2001:db8::1}. */
    @Override
    public String toString() {
        int[] groups = new int[8];
        for (int i = 0; i < 4; i++) {
            groups[i] = (int) ((high >>> (48 - 16 * i)) & 0xFFFF);
            groups[4 + i] = (int) ((low >>> (48 - 16 * i)) & 0xFFFF);
        }
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder sb = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(groups[i]));
        }
        return sb.toString();
    }
}
