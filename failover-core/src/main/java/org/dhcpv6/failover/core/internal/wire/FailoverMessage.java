package org.dhcpv6.failover.core.internal.wire;

import java.util.List;

/**
 * One message on a failover connection: the RFC 8156 §5.2 header (msg-type, 24-bit
 * transaction-id, 32-bit sent-time) and its options. There is one record per message type;
 * switch on {@link #type()} to handle them all.
 *
 * <p>Records are immutable and validated on construction. {@link #options()} holds every
 * top-level option in wire order, unknown ones included, so a decoded message encodes back to
 * the same octets. Typed accessors on each record read from that list.
 */
public sealed interface FailoverMessage
        permits BndUpd, BndReply, PoolReq, PoolResp, UpdReq, UpdReqAll, UpdDone, Connect, ConnectReply,
        Disconnect, StateMessage, Contact, StartTls, StartTlsReply {

    /** The largest transaction-id, 2^24 − 1 (RFC 8156 §5.4). */
    int MAX_TRANSACTION_ID = 0xFF_FFFF;

    /** The message type. */
    MessageType type();

    /** The 24-bit transaction-id, 0..2^24 − 1 (RFC 8156 §5.4). */
    int transactionId();

    /** The sent-time, seconds since 2000-01-01 UTC modulo 2^32 (RFC 8156 §5.2). */
    long sentTime();

    /** Every top-level option in wire order, unknown ones included. */
    List<Option> options();
}
