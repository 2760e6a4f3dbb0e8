package org.dhcpv6.failover.core.internal.wire;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a failover TCP stream into message bodies (RFC 5460 §5.1 framing, RFC 8156 §6). One
 * instance per connection; not thread-safe. It copes with a size prefix or a message split
 * across reads and with several messages in one read.
 *
 * <p>A size of zero or above the configured maximum is a framing error: {@link #feed} throws
 * {@link MalformedMessageException} whose offset counts octets from the start of the stream,
 * and the decoder refuses further input, since the stream can no longer be re-synchronised.
 */
public final class FrameDecoder {

    /** The default and largest maximum frame size, the most a 2-octet prefix can state. */
    public static final int DEFAULT_MAX_FRAME = Frames.MAX_BODY;

    private final int maxFrameSize;
    private long streamOffset;
    private int prefixOctets;
    private int pendingSize;
    private byte[] body;
    private int bodyFilled;
    private boolean failed;

    /** A decoder with {@link #DEFAULT_MAX_FRAME}. */
    public FrameDecoder() {
        this(DEFAULT_MAX_FRAME);
    }

    /**
     * A decoder refusing frames longer than {@code maxFrameSize}.
     *
     * @throws IllegalArgumentException if {@code maxFrameSize} is not in 8..65535 (8 is the
     * header size)
     */
    public FrameDecoder(int maxFrameSize) {
        if (maxFrameSize < 8 || maxFrameSize > Frames.MAX_BODY) {
            throw new IllegalArgumentException("maxFrameSize must be 8..65535: " + maxFrameSize);
        }
        this.maxFrameSize = maxFrameSize;
    }

    /**
     * Consumes every remaining octet of {@code in} and returns the message bodies completed by
     * them, in order, without their size prefixes. Incomplete data is kept for the next call.
     *
     * @throws MalformedMessageException if a size prefix is 0 or above the maximum
     * @throws IllegalStateException if an earlier call threw
     */
    public List<byte[]> feed(ByteBuffer in) throws MalformedMessageException {
        if (failed) {
            throw new IllegalStateException("frame decoder failed earlier; close the connection");
        }
        List<byte[]> out = new ArrayList<>(2);
        while (in.hasRemaining()) {
            if (body == null) {
                readPrefixOctet(in);
            } else {
                int n = Math.min(in.remaining(), body.length - bodyFilled);
                in.get(body, bodyFilled, n);
                bodyFilled += n;
                streamOffset += n;
                if (bodyFilled == body.length) {
                    out.add(body);
                    body = null;
                }
            }
        }
        return out;
    }

    /** Whether a partial frame is buffered (a connection closing now would lose it). */
    public boolean hasPartialFrame() {
        return prefixOctets > 0 || body != null;
    }

    private void readPrefixOctet(ByteBuffer in) throws MalformedMessageException {
        pendingSize = (pendingSize << 8) | (in.get() & 0xFF);
        prefixOctets++;
        streamOffset++;
        if (prefixOctets < Frames.PREFIX_LENGTH) {
            return;
        }
        int size = pendingSize;
        prefixOctets = 0;
        pendingSize = 0;
        if (size == 0 || size > maxFrameSize) {
            failed = true;
            throw new MalformedMessageException((int) Math.min(Integer.MAX_VALUE, streamOffset - 2),
                    "frame size " + size + " is outside 1.." + maxFrameSize);
        }
        // Bounded by maxFrameSize, so a lying prefix costs at most one frame's worth of memory.
        body = new byte[size];
        bodyFilled = 0;
    }
}
