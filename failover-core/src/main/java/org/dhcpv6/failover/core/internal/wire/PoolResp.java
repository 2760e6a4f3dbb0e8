package org.dhcpv6.failover.core.internal.wire;

import java.util.List;

/**
 * POOLRESP (27): the primary has received a POOLREQ and will check the balance; it does not mean
 * the resulting BNDUPDs are done (RFC 8156 §5.3.4). Echoes the POOLREQ's transaction-id.
 *
 * @param transactionId the 24-bit transaction-id
 * @param sentTime seconds since 2000-01-01 UTC modulo 2^32
 * @param options the top-level options in wire order
 */
public record PoolResp(int transactionId, long sentTime, List<Option> options) implements FailoverMessage {

    /** Checks the header fields and copies the options. */
    public PoolResp {
        options = MessageChecks.check(transactionId, sentTime, options);
    }

    /** The message with no options, which is all RFC 8156 defines for it. */
    public static PoolResp of(int transactionId, long sentTime) {
        return new PoolResp(transactionId, sentTime, List.of());
    }

    @Override
    public MessageType type() {
        return MessageType.POOLRESP;
    }
}
