package org.dhcpv6.failover.core.internal.wire;

import java.util.List;

/**
 * POOLREQ (26): the secondary asks the primary to check the balance of delegable prefixes (RFC
 * 8156 §5.3.3, §8.2). Sent with a fresh transaction-id.
 *
 * @param transactionId the 24-bit transaction-id
 * @param sentTime seconds since 2000-01-01 UTC modulo 2^32
 * @param options the top-level options in wire order
 */
public record PoolReq(int transactionId, long sentTime, List<Option> options) implements FailoverMessage {

    /** Checks the header fields and copies the options. */
    public PoolReq {
        options = MessageChecks.check(transactionId, sentTime, options);
    }

    /** The message with no options, which is all RFC 8156 defines for it. */
    public static PoolReq of(int transactionId, long sentTime) {
        return new PoolReq(transactionId, sentTime, List.of());
    }

    @Override
    public MessageType type() {
        return MessageType.POOLREQ;
    }
}
