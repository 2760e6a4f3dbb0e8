package org.dhcpv6.failover.examples.dhcp;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.UUID;
import org.dhcpv6.failover.api.Duid;

/**
 * The RFC 8415 §11 side of the failover API's {@link Duid}: the DUID types, the forms a server
 * makes for itself, and the one length rule the example server holds clients to.
 *
 * <p>The API's {@code Duid} takes 1 to 130 octets, so that a binding a partner sends is never
 * refused for its client's DUID; RFC 8415 §11.1 says more: a 2-octet type and 1 to 128 octets of
 * identifier. {@link #check} is where the example server says so, for what it decodes from a
 * client and for its own DUID file.
 */
public final class Duids {

    /** DUID-LLT, link-layer address plus time (§11.2). */
    public static final int TYPE_LLT = 1;
    /** DUID-EN, enterprise number plus identifier (§11.3). */
    public static final int TYPE_EN = 2;
    /** DUID-LL, link-layer address (§11.4). */
    public static final int TYPE_LL = 3;
    /** DUID-UUID (RFC 6355). */
    public static final int TYPE_UUID = 4;

    /** Shortest DUID RFC 8415 §11.1 allows: the 2-octet type and one octet of identifier. */
    public static final int MIN_LENGTH = 3;
    /** Longest DUID: the type plus 128 octets (§11.1). */
    public static final int MAX_LENGTH = Duid.MAX_OCTETS;

    /** The DUID-LLT time field counts seconds from 2000-01-01T00:00:00Z (§11.2). */
    private static final long EPOCH_2000 = 946_684_800L;

    private Duids() {
    }

    /**
     * Why a DUID of {@code length} octets cannot be one (RFC 8415 §11.1), or null if it can.
     */
    public static String check(int length) {
        return length < MIN_LENGTH || length > MAX_LENGTH
                ? "DUID length " + length + " outside " + MIN_LENGTH + ".." + MAX_LENGTH : null;
    }

    /**
     * A DUID of these octets that RFC 8415 allows.
     *
     * @throws IllegalArgumentException if {@link #check} refuses its length
     */
    public static Duid of(byte[] octets) {
        String problem = check(octets.length);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        return Duid.of(octets);
    }

    /** Parses hex text such as {@code 00:04:...} or {@code 0004 01...} into a DUID RFC 8415 allows (see {@link #of}). */
    public static Duid fromHex(String hex) {
        return of(Duid.parseHex(hex.replace(" ", "")).toBytes());
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

    /** The 2-octet DUID type (§11.1) of a DUID of at least two octets. */
    public static int type(Duid duid) {
        byte[] octets = duid.toBytes();
        return ((octets[0] & 0xff) << 8) | (octets[1] & 0xff);
    }
}
