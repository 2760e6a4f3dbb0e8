package org.dhcpv6.failover.core.internal.wire;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * CONNECTREPLY (32): the secondary accepts a CONNECT with its own parameters, or rejects it with
 * OPTION_STATUS_CODE (RFC 8156 §5.3.9, §6.1.2). Echoes the CONNECT's transaction-id.
 *
 * @param transactionId the 24-bit transaction-id
 * @param sentTime seconds since 2000-01-01 UTC modulo 2^32
 * @param options the top-level options in wire order
 */
public record ConnectReply(int transactionId, long sentTime, List<Option> options) implements FailoverMessage {

    /** Checks the header fields and copies the options. */
    public ConnectReply {
        options = MessageChecks.check(transactionId, sentTime, options);
    }

    /** An accepting CONNECTREPLY with the options of RFC 8156 §6.1.2; the MCLT must echo the CONNECT's. */
    public static ConnectReply accept(int transactionId, long sentTime, int major, int minor, long mcltSeconds,
            long keepaliveSeconds, long maxUnacked, int connectFlags) {
        List<Option> options = new ArrayList<>(5);
        options.add(new ProtocolVersionOption(major, minor));
        options.add(new McltOption(mcltSeconds));
        options.add(new KeepaliveTimeOption(keepaliveSeconds));
        options.add(new MaxUnackedBndupdOption(maxUnacked));
        options.add(new ConnectFlagsOption(connectFlags));
        return new ConnectReply(transactionId, sentTime, options);
    }

    /** A rejecting CONNECTREPLY, e.g. with ExcessiveTimeSkew (22) or NotSupported (14). */
    public static ConnectReply reject(int transactionId, long sentTime, int statusCode, String text) {
        return new ConnectReply(transactionId, sentTime, List.of(new StatusCodeOption(statusCode, text)));
    }

    /** The status, present when the CONNECT was rejected. */
    public Optional<StatusCodeOption> status() {
        return Options.first(options, StatusCodeOption.class);
    }

    /** Whether this rejects the CONNECT: a status other than Success is present. */
    public boolean isReject() {
        return status().map(s -> !s.isSuccess()).orElse(false);
    }

    /** The sender's protocol version, if present. */
    public Optional<ProtocolVersionOption> protocolVersion() {
        return Options.first(options, ProtocolVersionOption.class);
    }

    /** The MCLT in seconds, if present. */
    public OptionalLong mcltSeconds() {
        return Options.firstValue(options, McltOption.class);
    }

    /** The sender's keepalive time in seconds, if present. */
    public OptionalLong keepaliveSeconds() {
        return Options.firstValue(options, KeepaliveTimeOption.class);
    }

    /** How many unacknowledged BNDUPDs the sender accepts, if present. */
    public OptionalLong maxUnackedBndupd() {
        return Options.firstValue(options, MaxUnackedBndupdOption.class);
    }

    /** The connect flags, if present. */
    public OptionalInt connectFlags() {
        Optional<ConnectFlagsOption> o = Options.first(options, ConnectFlagsOption.class);
        return o.isPresent() ? OptionalInt.of(o.get().flags()) : OptionalInt.empty();
    }

    @Override
    public MessageType type() {
        return MessageType.CONNECTREPLY;
    }
}
