package org.dhcpv6.failover.core.internal.wire;

/**
 * One option of an RFC 8156 message: a 16-bit code, a 16-bit length and a value (RFC 3315
 * §22.1 layout, RFC 8156 §5.5). Each known option is a record with its fields decoded; any
 * other code is an {@link UnknownOption} kept verbatim so that it is re-sent unchanged.
 *
 * <p>Records are immutable. Containers ({@link ContainerOption}) hold their nested options in
 * wire order. Switch on {@link #kind()} to handle every option kind exhaustively.
 */
public sealed interface Option
        permits ContainerOption, Uint32Option, ClientIdOption, StatusCodeOption, ClientFqdnOption,
        LqRelayDataOption, VssOption, BindingStatusOption, ConnectFlagsOption, DnsHostNameOption,
        DnsZoneNameOption, DnsFlagsOption, ProtocolVersionOption, ReconfigureDataOption,
        RelationshipNameOption, ServerFlagsOption, ServerStateOption, UnknownOption {

    /** Which option this is; {@link OptionKind#UNKNOWN} for codes this codec does not know. */
    OptionKind kind();

    /** The option code on the wire. */
    default int code() {
        return kind().code();
    }
}
