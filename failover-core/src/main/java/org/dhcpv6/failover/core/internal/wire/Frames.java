package org.dhcpv6.failover.core.internal.wire;

import java.util.Arrays;
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

    /**
     * The body of one complete frame held in a byte array, e.g. one frame typed in by hand or
     * read from a capture. The stream decoder is {@link FrameDecoder}.
     *
     * @throws MalformedMessageException if the array is shorter than the prefix, or the prefix
     *                                   disagrees with the number of octets that follow it
     */
    public static byte[] unframe(byte[] frame) throws MalformedMessageException {
        Objects.requireNonNull(frame, "frame");
        if (frame.length < PREFIX_LENGTH) {
            throw new MalformedMessageException(0, "frame of " + frame.length + " octets has no size prefix");
        }
        int size = ((frame[0] & 0xFF) << 8) | (frame[1] & 0xFF);
        if (size != frame.length - PREFIX_LENGTH) {
            throw new MalformedMessageException(0, "size prefix says " + size + " octets but "
                    + (frame.length - PREFIX_LENGTH) + " follow");
        }
        return Arrays.copyOfRange(frame, PREFIX_LENGTH, frame.length);
    }
}
