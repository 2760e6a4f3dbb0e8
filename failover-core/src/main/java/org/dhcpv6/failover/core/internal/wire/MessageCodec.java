package org.dhcpv6.failover.core.internal.wire;

import java.util.List;
import java.util.Objects;

/**
 * Decodes and encodes one failover message body: the RFC 8156 §5.2 header (msg-type, 24-bit
 * transaction-id, 32-bit sent-time) and its options (§5.5). The 2-octet size prefix of the
 * stream is handled by {@link FrameDecoder} and {@link Frames}.
 *
 * <p>The codec is pure and thread-safe. Decoding either returns a complete message or throws
 * {@link MalformedMessageException}; it never trusts a length field and never throws anything
 * else for any input.
 */
public final class MessageCodec {

    /** Length of the RFC 8156 header. */
    public static final int HEADER_LENGTH = 8;

    /** Length of the RFC 7653 header (STARTTLS and its REPLY), which has no sent-time. */
    public static final int SHORT_HEADER_LENGTH = 4;

    private MessageCodec() {
    }

    /**
     * Decodes one message body (without its size prefix).
     *
     * @throws MalformedMessageException if the octets are not a valid message
     */
    public static FailoverMessage decode(byte[] body) throws MalformedMessageException {
        Objects.requireNonNull(body, "body");
        return decode(body, 0, body.length);
    }

    /**
     * Decodes the message body in {@code buf[offset .. offset+length)}. Error offsets count from
     * {@code offset}.
     *
     * @throws MalformedMessageException if the octets are not a valid message
     * @throws IndexOutOfBoundsException if the range lies outside {@code buf} (a caller bug)
     */
    public static FailoverMessage decode(byte[] buf, int offset, int length) throws MalformedMessageException {
        Objects.checkFromIndexSize(offset, length, buf.length);
        WireReader r = new WireReader(buf, offset, offset, offset + length);
        if (length < SHORT_HEADER_LENGTH) {
            throw new MalformedMessageException(0, "message of " + length + " octets is shorter than any header");
        }
        int code = r.u8();
        MessageType type = MessageType.fromCode(code)
                .orElseThrow(() -> new MalformedMessageException(0, "unknown message type " + code));
        int xid = r.u24();
        if (type == MessageType.STARTTLS || type == MessageType.REPLY) {
            return StartTlsForms.decode(type, xid, buf, offset, length);
        }
        if (length < HEADER_LENGTH) {
            throw new MalformedMessageException(length, type.rfcName() + " of " + length
                    + " octets is shorter than the 8-octet header");
        }
        long sentTime = r.u32();
        List<Option> options = OptionCodec.decodeList(r, Containment.TOP, 0);
        return build(type, xid, sentTime, options);
    }

    private static final ThreadLocal<WireWriter> WRITERS = ThreadLocal.withInitial(() -> new WireWriter(256));

    /**
     * Encodes {@code message} into a new array, without size prefix.
     *
     * @throws IllegalArgumentException if an option or the message grows beyond what its
     *                                  16-bit length field can state
     */
    public static byte[] encode(FailoverMessage message) {
        Objects.requireNonNull(message, "message");
        // One buffer per thread, kept: a message costs one array of its exact size.
        WireWriter w = WRITERS.get();
        w.reset();
        w.u8(message.type().code());
        w.u24(message.transactionId());
        if (hasSentTime(message)) {
            w.u32(message.sentTime());
        }
        OptionCodec.encodeList(message.options(), w);
        if (w.position() > Frames.MAX_BODY) {
            throw new IllegalArgumentException(message.type().rfcName() + " is " + w.position()
                    + " octets, more than one frame can carry");
        }
        return w.toByteArray();
    }

    private static boolean hasSentTime(FailoverMessage m) {
        if (m instanceof StartTls s) {
            return s.withSentTime();
        }
        if (m instanceof StartTlsReply s) {
            return s.withSentTime();
        }
        return true;
    }

    private static FailoverMessage build(MessageType type, int xid, long sentTime, List<Option> options) {
        return switch (type) {
            case BNDUPD -> new BndUpd(xid, sentTime, options);
            case BNDREPLY -> new BndReply(xid, sentTime, options);
            case POOLREQ -> new PoolReq(xid, sentTime, options);
            case POOLRESP -> new PoolResp(xid, sentTime, options);
            case UPDREQ -> new UpdReq(xid, sentTime, options);
            case UPDREQALL -> new UpdReqAll(xid, sentTime, options);
            case UPDDONE -> new UpdDone(xid, sentTime, options);
            case CONNECT -> new Connect(xid, sentTime, options);
            case CONNECTREPLY -> new ConnectReply(xid, sentTime, options);
            case DISCONNECT -> new Disconnect(xid, sentTime, options);
            case STATE -> new StateMessage(xid, sentTime, options);
            case CONTACT -> new Contact(xid, sentTime, options);
            case STARTTLS -> new StartTls(xid, sentTime, options, true);
            case REPLY -> new StartTlsReply(xid, sentTime, options, true);
        };
    }
}
