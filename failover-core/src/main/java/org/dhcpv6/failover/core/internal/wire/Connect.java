package org.dhcpv6.failover.core.internal.wire;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * CONNECT (31): the primary opens the failover session and states its configuration: protocol
 * version, MCLT, keepalive time, max unacked BNDUPDs, relationship name and connect flags (RFC
 * 8156 §5.3.8, §6.1.1).
 *
 * @param transactionId the 24-bit transaction-id
 * @param sentTime seconds since 2000-01-01 UTC modulo 2^32
 * @param options the top-level options in wire order
 */
public record Connect(int transactionId, long sentTime, List<Option> options) implements FailoverMessage {

    /** Checks the header fields and copies the options. */
    public Connect {
        options = MessageChecks.check(transactionId, sentTime, options);
    }

    /**
     * CONNECT with the options of RFC 8156 §6.1.1, in that order.
     *
     * @param relationshipNameOrNull the relationship name, or null to omit it (single relationship)
     */
    public static Connect of(int transactionId, long sentTime, int major, int minor, long mcltSeconds,
            long keepaliveSeconds, long maxUnacked, String relationshipNameOrNull, int connectFlags) {
        List<Option> options = new ArrayList<>(6);
        options.add(new ProtocolVersionOption(major, minor));
        options.add(new McltOption(mcltSeconds));
        options.add(new KeepaliveTimeOption(keepaliveSeconds));
        options.add(new MaxUnackedBndupdOption(maxUnacked));
        if (relationshipNameOrNull != null) {
            options.add(new RelationshipNameOption(relationshipNameOrNull));
        }
        options.add(new ConnectFlagsOption(connectFlags));
        return new Connect(transactionId, sentTime, options);
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

    /** The relationship name, if present (RFC 8156 §6.2). */
    public Optional<String> relationshipName() {
        return Options.first(options, RelationshipNameOption.class).map(RelationshipNameOption::name);
    }

    @Override
    public MessageType type() {
        return MessageType.CONNECT;
    }
}
