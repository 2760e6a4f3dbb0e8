package org.dhcpv6.failover.tls.internal;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.List;

import org.dhcpv6.failover.core.internal.wire.FailoverMessage;
import org.dhcpv6.failover.core.internal.wire.FrameDecoder;
import org.dhcpv6.failover.core.internal.wire.Frames;
import org.dhcpv6.failover.core.internal.wire.MalformedMessageException;
import org.dhcpv6.failover.core.internal.wire.MessageCodec;

/**
 * The plaintext part of a secure connection: one framed STARTTLS or REPLY each way before TLS
 * starts (RFC 7653 §8.2). Framing and decoding are the shared ones from failover-core.
 */
final class PlainExchange {

    /**
     * Large enough for STARTTLS and a REPLY with a status text; a larger first frame is not one
     * of them, and refusing it early keeps a plaintext or TLS-first peer from costing memory.
     */
    static final int MAX_PLAIN_FRAME = 1024;

    private PlainExchange() {
    }

    /** Frames and writes one message. */
    static void write(OutputStream out, FailoverMessage message) throws IOException {
        out.write(Frames.frame(MessageCodec.encode(message)));
        out.flush();
    }

    /**
     * Reads exactly one framed message. Reads octet by octet so that nothing after the frame
     * is taken from the stream: the TLS handshake reads from the same socket next.
     *
     * @throws EOFException if the partner closed first
     * @throws MalformedMessageException if the frame or the message is not valid
     */
    static FailoverMessage read(InputStream in) throws IOException, MalformedMessageException {
        FrameDecoder decoder = new FrameDecoder(MAX_PLAIN_FRAME);
        byte[] one = new byte[1];
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed");
            }
            one[0] = (byte) b;
            List<byte[]> frames = decoder.feed(ByteBuffer.wrap(one));
            if (!frames.isEmpty()) {
                return MessageCodec.decode(frames.get(0));
            }
        }
    }
}
