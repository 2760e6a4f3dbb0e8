package org.dhcpv6.failover.examples.dhcp;

/**
 * A received DHCPv6 packet could not be decoded. Carries the octet offset where decoding gave up
 * and why, so a log line points at the fault. The only exception the decoder throws.
 */
public final class MalformedMessageException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int offset;
    private final String reason;

    /**
     * @param offset octet offset from the start of the packet
     * @param reason what was wrong, in plain words
     */
    public MalformedMessageException(int offset, String reason) {
        super("malformed DHCPv6 message at offset " + offset + ": " + reason);
        this.offset = offset;
        this.reason = reason;
    }

    /** Octet offset from the start of the packet where the fault was found. */
    public int offset() {
        return offset;
    }

    /** What was wrong. */
    public String reason() {
        return reason;
    }
}
