package org.dhcpv6.failover.core.internal.wire;

import java.util.List;

/**
 * UPDREQALL (29): asks the partner to send its whole binding database, then UPDDONE (RFC 8156
 * §5.3.6).
 *
 * @param transactionId the 24-bit transaction-id
 * @param sentTime seconds since 2000-01-01 UTC modulo 2^32
 * @param options the top-level options in wire order
 */
public record UpdReqAll(int transactionId, long sentTime, List<Option> options) implements FailoverMessage {

    /** Checks the header fields and copies the options. */
    public UpdReqAll {
        options = MessageChecks.check(transactionId, sentTime, options);
    }

    /** The message with no options, which is all RFC 8156 defines for it. */
    public static UpdReqAll of(int transactionId, long sentTime) {
        return new UpdReqAll(transactionId, sentTime, List.of());
    }

    @Override
    public MessageType type() {
        return MessageType.UPDREQALL;
    }
}
