package org.dhcpv6.failover.core.wire;

import java.util.Objects;

/**
 * The RFC 5460 §5.1 framing used on failover connections (RFC 8156 §6): each message is
 * preceded by its length as two octets in network order. See {@link FrameDecoder} for the
 * receiving side.
 */
public final class Frames {

    /** The largest message a 2-octet size prefix can announce. */
    public static final int MAX_BODY = 0xFFFF;

    /** The length of the size prefix. */
    public static final int PREFIX_LENGTH = 2;

    private Frames() {
    }

    /**
     * The size prefix followed by {@code body}.
     *
     * @throws IllegalArgumentException if the body is longer than 65535 octets
     */
    public static byte[] frame(byte[] body) {
        Objects.requireNonNull(body, "body");
        if (body.length > MAX_BODY) {
            throw new IllegalArgumentException("message too long for one frame: " + body.length + " octets");
        }
        byte[] out = new byte[PREFIX_LENGTH + body.length];
        out[0] = (byte) (body.length >>> 8);
        out[1] = (byte) body.length;
        System.arraycopy(body, 0, out, PREFIX_LENGTH, body.length);
        return out;
    }
}
