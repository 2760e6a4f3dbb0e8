package org.dhcpv6.failover.examples.dhcp;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A DHCP Unique Identifier (RFC 8415 §11): a 2-octet type followed by type-specific data,
 * compared as opaque octets. Clients and servers identify themselves with one for life.
 *
 * @param octets the whole DUID including its type code, 3 to 130 octets (§11.1: at most 128
 *     octets after the type; the shortest real type, DUID-LL, has data)
 */
public record Duid(Octets octets) {

    /** DUID-LLT, link-layer address plus time (§11.2). */
    public static final int TYPE_LLT = 1;
    /** DUID-EN, enterprise number plus identifier (§11.3). */
    public static final int TYPE_EN = 2;
    /** DUID-LL, link-layer address (§11.4). */
    public static final int TYPE_LL = 3;
    /** DUID-UUID (RFC 6355). */
    public static final int TYPE_UUID = 4;

    /** Longest DUID on the wire: type plus 128 octets (§11.1). */
    public static final int MAX_LENGTH = 130;

    /** The DUID-LLT time field counts seconds from 2000-01-01T00:00:00Z (§11.2). */
    private static final long EPOCH_2000 = 946_684_800L;

    /** Checks the length limits of §11.1. */
    public Duid {
        Objects.requireNonNull(octets, "octets");
        if (octets.length() < 3 || octets.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("DUID must be 3.." + MAX_LENGTH + " octets: " + octets.length());
        }
    }

    /** Copies {@code bytes} into a DUID. */
    public static Duid of(byte[] bytes) {
        return new Duid(Octets.of(bytes));
    }

    /** Parses hex text such as {@code 00:04:...}. */
    public static Duid fromHex(String hex) {
        return new Duid(Octets.fromHex(hex));
    }

    /**
     * A DUID-LLT (§11.2) for a link-layer address of {@code hardwareType} (1 = Ethernet).
     *
     * @param time when the DUID was made; stored with one-second precision
     */
    public static Duid llt(int hardwareType, Instant time, byte[] linkLayerAddress) {
        long seconds = time.getEpochSecond() - EPOCH_2000;
        ByteBuffer b = ByteBuffer.allocate(8 + linkLayerAddress.length);
        b.putShort((short) TYPE_LLT).putShort((short) hardwareType).putInt((int) seconds).put(linkLayerAddress);
        return of(b.array());
    }

    /** A DUID-EN (§11.3): IANA enterprise number and a vendor-chosen identifier. */
    public static Duid en(long enterpriseNumber, byte[] identifier) {
        ByteBuffer b = ByteBuffer.allocate(6 + identifier.length);
        b.putShort((short) TYPE_EN).putInt((int) enterpriseNumber).put(identifier);
        return of(b.array());
    }

    /** A DUID-UUID (RFC 6355 §4): type 4 and the 16 octets of {@code uuid}. */
    public static Duid uuid(UUID uuid) {
        ByteBuffer b = ByteBuffer.allocate(18);
        b.putShort((short) TYPE_UUID).putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
        return of(b.array());
    }

    /** The 2-octet DUID type (§11.1). */
    public int type() {
        return (octets.get(0) << 8) | octets.get(1);
    }

    /** Length on the wire. */
    public int length() {
        return octets.length();
    }

    @Override
    public String toString() {
        return octets.toHex();
    }
}
