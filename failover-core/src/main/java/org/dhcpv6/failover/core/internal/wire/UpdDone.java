package org.dhcpv6.failover.core.internal.wire;

import java.util.List;

/**
 * UPDDONE (30): every BNDUPD requested by an UPDREQ or UPDREQALL was sent and answered (RFC 8156
 * §5.3.7). Echoes the request's transaction-id.
 *
 * @param transactionId the 24-bit transaction-id
 * @param sentTime seconds since 2000-01-01 UTC modulo 2^32
 * @param options the top-level options in wire order
 */
public record UpdDone(int transactionId, long sentTime, List<Option> options) implements FailoverMessage {

    /** Checks the header fields and copies the options. */
    public UpdDone {
        options = MessageChecks.check(transactionId, sentTime, options);
    }

    /** The message with no options, which is all RFC 8156 defines for it. */
    public static UpdDone of(int transactionId, long sentTime) {
        return new UpdDone(transactionId, sentTime, List.of());
    }

    @Override
    public MessageType type() {
        return MessageType.UPDDONE;
    }
}
