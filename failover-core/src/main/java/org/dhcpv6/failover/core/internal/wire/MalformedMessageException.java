package org.dhcpv6.failover.core.internal.wire;

/**
 * Thrown when octets received from a partner do not form a valid RFC 8156 message or frame
 * (RFC 8156 §5.2 header, §5.5 options, RFC 5460 §5.1 framing). It names the offset of the
 * first octet found wrong and a reason in plain words.
 *
 * <p>The caller should drop the connection (docs/architecture.md §7): a malformed message costs at most
 * that connection.
 */
public final class MalformedMessageException extends Exception {

    private final int offset;
    private final String reason;

    /**
     * Creates the exception.
     *
     * @param offset where the fault was found, counted from the start of the message body
     *               (or, for framing faults, of the stream)
     * @param reason what is wrong, in plain words
     */
    public MalformedMessageException(int offset, String reason) {
        super("malformed message at offset " + offset + ": " + reason);
        this.offset = offset;
        this.reason = reason;
    }

    /** Where the fault was found, counted from the start of the message body. */
    public int offset() {
        return offset;
    }

    /** What is wrong, without the offset. */
    public String reason() {
        return reason;
    }
}
