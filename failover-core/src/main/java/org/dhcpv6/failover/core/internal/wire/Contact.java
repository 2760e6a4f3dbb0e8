package org.dhcpv6.failover.core.internal.wire;

import java.util.List;

/**
 * CONTACT (35): keepalive, sent when nothing else was sent for FO_SEND_TIME (RFC 8156 §5.3.12,
 * §6.5).
 *
 * @param transactionId the 24-bit transaction-id
 * @param sentTime seconds since 2000-01-01 UTC modulo 2^32
 * @param options the top-level options in wire order
 */
public record Contact(int transactionId, long sentTime, List<Option> options) implements FailoverMessage {

    /** Checks the header fields and copies the options. */
    public Contact {
        options = MessageChecks.check(transactionId, sentTime, options);
    }

    /** The message with no options, which is all RFC 8156 defines for it. */
    public static Contact of(int transactionId, long sentTime) {
        return new Contact(transactionId, sentTime, List.of());
    }

    @Override
    public MessageType type() {
        return MessageType.CONTACT;
    }
}
