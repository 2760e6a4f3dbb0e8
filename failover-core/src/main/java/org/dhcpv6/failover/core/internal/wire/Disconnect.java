package org.dhcpv6.failover.core.internal.wire;

import java.util.List;
import java.util.Optional;

/**
 * DISCONNECT (33): the sender is closing the connection, usually with OPTION_STATUS_CODE
 * ServerShuttingDown and a text (RFC 8156 §5.3.10, §6.3). No answer is sent.
 *
 * @param transactionId the 24-bit transaction-id
 * @param sentTime seconds since 2000-01-01 UTC modulo 2^32
 * @param options the top-level options in wire order
 */
public record Disconnect(int transactionId, long sentTime, List<Option> options) implements FailoverMessage {

    /** Checks the header fields and copies the options. */
    public Disconnect {
        options = MessageChecks.check(transactionId, sentTime, options);
    }

    /** DISCONNECT with a status and a descriptive text (RFC 8156 §6.3). */
    public static Disconnect of(int transactionId, long sentTime, int statusCode, String text) {
        return new Disconnect(transactionId, sentTime, List.of(new StatusCodeOption(statusCode, text)));
    }

    /** The status, if present. */
    public Optional<StatusCodeOption> status() {
        return Options.first(options, StatusCodeOption.class);
    }

    @Override
    public MessageType type() {
        return MessageType.DISCONNECT;
    }
}
