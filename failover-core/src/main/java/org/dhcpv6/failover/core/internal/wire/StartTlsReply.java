package org.dhcpv6.failover.core.internal.wire;

import java.util.List;
import java.util.Optional;

/**
 * REPLY (7, RFC 7653 §8.2): the answer to STARTTLS. Without a status, TLS starts; with
 * TLSConnectionRefused (15) the primary closes the connection (RFC 8156 §10).
 *
 * <p>Whether this message has the 4-octet sent-time of the RFC 8156 header is not stated
 * anywhere (digest §11), so both forms are accepted: the RFC 7653 form (msg-type and
 * transaction-id only) with {@code withSentTime == false} and {@code sentTime == 0}, and the
 * RFC 8156 form with {@code withSentTime == true}. Each re-encodes to the octets it came from.
 * This project sends the RFC 7653 form.
 *
 * @param transactionId the 24-bit transaction-id
 * @param sentTime the sent-time, or 0 in the RFC 7653 form
 * @param options the top-level options in wire order
 * @param withSentTime whether the header carries a sent-time (RFC 8156 form)
 */
public record StartTlsReply(int transactionId, long sentTime, List<Option> options, boolean withSentTime)
        implements FailoverMessage {

    /** Checks the header fields and copies the options. */
    public StartTlsReply {
        options = MessageChecks.check(transactionId, sentTime, options);
        if (!withSentTime && sentTime != 0) {
            throw new IllegalArgumentException("the RFC 7653 form has no sent-time, so it must be 0: " + sentTime);
        }
    }

    /** The same message in the RFC 8156 header form, with a sent-time. */
    public static StartTlsReply failoverForm(int transactionId, long sentTime, List<Option> options) {
        return new StartTlsReply(transactionId, sentTime, options, true);
    }

    /** A REPLY that accepts: TLS starts (RFC 7653 §8.2). */
    public static StartTlsReply accept(int transactionId) {
        return new StartTlsReply(transactionId, 0, List.of(), false);
    }

    /** A REPLY that refuses TLS with TLSConnectionRefused (15) and a text. */
    public static StartTlsReply refuse(int transactionId, String text) {
        return new StartTlsReply(transactionId, 0,
                List.of(StatusCodeOption.of(StatusCode.TLS_CONNECTION_REFUSED, text)), false);
    }

    /** The status, present when TLS is refused. */
    public Optional<StatusCodeOption> status() {
        return Options.first(options, StatusCodeOption.class);
    }

    /** Whether TLS was refused: a status other than Success is present. */
    public boolean isRefusal() {
        return status().map(s -> !s.isSuccess()).orElse(false);
    }

    @Override
    public MessageType type() {
        return MessageType.REPLY;
    }
}
