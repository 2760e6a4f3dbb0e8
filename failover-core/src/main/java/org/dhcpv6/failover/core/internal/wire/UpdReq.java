package org.dhcpv6.failover.core.internal.wire;

import java.util.List;

/**
 * UPDREQ (28): asks the partner to send every binding change not yet acknowledged, then UPDDONE
 * (RFC 8156 §5.3.5).
 *
 * @param transactionId the 24-bit transaction-id
 * @param sentTime seconds since 2000-01-01 UTC modulo 2^32
 * @param options the top-level options in wire order
 */
public record UpdReq(int transactionId, long sentTime, List<Option> options) implements FailoverMessage {

    /** Checks the header fields and copies the options. */
    public UpdReq {
        options = MessageChecks.check(transactionId, sentTime, options);
    }

    /** The message with no options, which is all RFC 8156 defines for it. */
    public static UpdReq of(int transactionId, long sentTime) {
        return new UpdReq(transactionId, sentTime, List.of());
    }

    @Override
    public MessageType type() {
        return MessageType.UPDREQ;
    }
}
