package org.dhcpv6.failover.core.internal.engine;

import java.util.Optional;
import org.dhcpv6.failover.core.internal.wire.Connect;
import org.dhcpv6.failover.core.internal.wire.ConnectFlagsOption;
import org.dhcpv6.failover.core.internal.wire.ConnectReply;
import org.dhcpv6.failover.core.internal.wire.ProtocolVersionOption;
import org.dhcpv6.failover.core.internal.wire.StatusCode;

/**
 * The checks of RFC 8156 §6.1.2 (secondary receiving CONNECT) and §6.1.3 (primary receiving
 * CONNECTREPLY), as pure functions returning the reason to refuse, if any.
 */
final class ConnectChecks {

    /** The protocol major version we speak (RFC 8156 §5.5.11). */
    static final int MAJOR_VERSION = 1;
    /** Connect flags we understand; the other bits must be zero (RFC 8156 §5.5.2). */
    static final int KNOWN_CONNECT_FLAGS = ConnectFlagsOption.FIXED_PD_LENGTH;

    private ConnectChecks() {
    }

    /** A reason to refuse a connection: the status code to send and a text for the log. */
    record Refusal(StatusCode status, String text) {
    }

    /** Checks a CONNECT on the secondary; empty when it can be accepted. */
    static Optional<Refusal> checkConnect(Connect connect) {
        Optional<ProtocolVersionOption> version = connect.protocolVersion();
        if (version.isEmpty()) {
            return refuse(StatusCode.NOT_SUPPORTED, "CONNECT lacks OPTION_F_PROTOCOL_VERSION");
        }
        if (version.get().major() != MAJOR_VERSION) {
            return refuse(StatusCode.NOT_SUPPORTED, "protocol version " + version.get().major() + "."
                    + version.get().minor() + " not supported; this server speaks " + MAJOR_VERSION + ".x");
        }
        if (connect.mcltSeconds().isEmpty() || connect.mcltSeconds().getAsLong() == 0) {
            return refuse(StatusCode.NOT_SUPPORTED, "CONNECT lacks a positive OPTION_F_MCLT");
        }
        if (connect.keepaliveSeconds().isEmpty() || connect.keepaliveSeconds().getAsLong() == 0) {
            return refuse(StatusCode.NOT_SUPPORTED, "CONNECT lacks a positive OPTION_F_KEEPALIVE_TIME");
        }
        if (connect.maxUnackedBndupd().isEmpty() || connect.maxUnackedBndupd().getAsLong() == 0) {
            return refuse(StatusCode.NOT_SUPPORTED, "CONNECT lacks a positive OPTION_F_MAX_UNACKED_BNDUPD");
        }
        int flags = connect.connectFlags().orElse(0);
        if ((flags & ~KNOWN_CONNECT_FLAGS) != 0) {
            return refuse(StatusCode.NOT_SUPPORTED, String.format("connect flags 0x%04x not supported", flags));
        }
        return Optional.empty();
    }

    /** Checks an accepting CONNECTREPLY on the primary; empty when the connection may go on. */
    static Optional<String> checkConnectReply(ConnectReply reply, long configuredMcltSeconds) {
        Optional<ProtocolVersionOption> version = reply.protocolVersion();
        if (version.isEmpty() || version.get().major() != MAJOR_VERSION) {
            return Optional.of("partner speaks protocol version "
                    + version.map(v -> v.major() + "." + v.minor()).orElse("(none)")
                    + "; this server speaks " + MAJOR_VERSION + ".x");
        }
        long mclt = reply.mcltSeconds().orElse(-1);
        if (mclt != configuredMcltSeconds) {
            return Optional.of("partner echoed MCLT " + mclt + " s, configured " + configuredMcltSeconds + " s");
        }
        if (reply.keepaliveSeconds().orElse(0) == 0) {
            return Optional.of("CONNECTREPLY lacks a positive OPTION_F_KEEPALIVE_TIME");
        }
        if (reply.maxUnackedBndupd().orElse(0) == 0) {
            return Optional.of("CONNECTREPLY lacks a positive OPTION_F_MAX_UNACKED_BNDUPD");
        }
        int flags = reply.connectFlags().orElse(0);
        if ((flags & ~KNOWN_CONNECT_FLAGS) != 0) {
            return Optional.of(String.format("connect flags 0x%04x not supported", flags));
        }
        return Optional.empty();
    }

    private static Optional<Refusal> refuse(StatusCode status, String text) {
        return Optional.of(new Refusal(status, text));
    }
}
