package org.dhcpv6.failover.core.internal.wire;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * STATE (34): the sender's endpoint state, flags and when the state began, plus the partner-down
 * time while in PARTNER-DOWN (RFC 8156 §5.3.11, §6.4). Sent after connecting and on every state
 * change.
 *
 * @param transactionId the 24-bit transaction-id
 * @param sentTime seconds since 2000-01-01 UTC modulo 2^32
 * @param options the top-level options in wire order
 */
public record StateMessage(int transactionId, long sentTime, List<Option> options) implements FailoverMessage {

    /** Checks the header fields and copies the options. */
    public StateMessage {
        options = MessageChecks.check(transactionId, sentTime, options);
    }

    /**
     * STATE with the options RFC 8156 §6.4 lists, in that order.
     *
     * @param stateCode the endpoint state code (RFC 8156 §5.1), 0..255
     * @param flags SERVER_FLAGS bits ({@link ServerFlagsOption#COMMUNICATED} etc.)
     * @param startTimeOfState absolute wire time the state began
     * @param partnerDownTimeOrNull absolute wire time of entering PARTNER-DOWN, or null when not
     *     in it
     */
    public static StateMessage of(int transactionId, long sentTime, int stateCode, int flags,
            long startTimeOfState, Long partnerDownTimeOrNull) {
        List<Option> options = new ArrayList<>(4);
        options.add(new ServerStateOption(stateCode));
        options.add(new ServerFlagsOption(flags));
        options.add(new StartTimeOfStateOption(startTimeOfState));
        if (partnerDownTimeOrNull != null) {
            options.add(new PartnerDownTimeOption(partnerDownTimeOrNull));
        }
        return new StateMessage(transactionId, sentTime, options);
    }

    /** The raw endpoint state code; the engine decides whether it knows it. */
    public OptionalInt serverState() {
        Optional<ServerStateOption> o = Options.first(options, ServerStateOption.class);
        return o.isPresent() ? OptionalInt.of(o.get().state()) : OptionalInt.empty();
    }

    /** The SERVER_FLAGS octet, if present. */
    public OptionalInt serverFlags() {
        Optional<ServerFlagsOption> o = Options.first(options, ServerFlagsOption.class);
        return o.isPresent() ? OptionalInt.of(o.get().flags()) : OptionalInt.empty();
    }

    /** The wire time the state began, if present. */
    public OptionalLong startTimeOfState() {
        return Options.firstValue(options, StartTimeOfStateOption.class);
    }

    /** The wire time the sender entered PARTNER-DOWN, if present. */
    public OptionalLong partnerDownTime() {
        return Options.firstValue(options, PartnerDownTimeOption.class);
    }

    @Override
    public MessageType type() {
        return MessageType.STATE;
    }
}
