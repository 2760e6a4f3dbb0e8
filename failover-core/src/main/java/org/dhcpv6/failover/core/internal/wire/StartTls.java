package org.dhcpv6.failover.core.internal.wire;

import java.util.List;

/**
 * STARTTLS (23, RFC 7653 §8.2): the primary's first message on a secure connection, asking to
 * start TLS (RFC 8156 §10). It carries no options.
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
public record StartTls(int transactionId, long sentTime, List<Option> options, boolean withSentTime)
        implements FailoverMessage {

    /** Checks the header fields and copies the options. */
    public StartTls {
        options = MessageChecks.check(transactionId, sentTime, options);
        if (!withSentTime && sentTime != 0) {
            throw new IllegalArgumentException("the RFC 7653 form has no sent-time, so it must be 0: " + sentTime);
        }
    }

    /** The same message in the RFC 8156 header form, with a sent-time. */
    public static StartTls failoverForm(int transactionId, long sentTime, List<Option> options) {
        return new StartTls(transactionId, sentTime, options, true);
    }

    /** STARTTLS in the RFC 7653 form, the form this project sends (docs/architecture.md §9). */
    public static StartTls of(int transactionId) {
        return new StartTls(transactionId, 0, List.of(), false);
    }

    @Override
    public MessageType type() {
        return MessageType.STARTTLS;
    }
}
