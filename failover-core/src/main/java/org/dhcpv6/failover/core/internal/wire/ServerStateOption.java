package org.dhcpv6.failover.core.internal.wire;

import java.util.Optional;
import org.dhcpv6.failover.api.ServerState;

/**
 * OPTION_F_SERVER_STATE (code 132): one octet holding the sender's endpoint state
 * (RFC 8156 §5.5, codes in §5.1). The raw code is kept; the engine decides what to do with a
 * code it does not know.
 *
 * @param state the raw state code, 0..255
 */
public record ServerStateOption(int state) implements Option {

    /** Checks that the state fits one octet. */
    public ServerStateOption {
        Checks.u8(state, "server state");
    }

    /** The option for a known state. */
    public static ServerStateOption of(ServerState state) {
        return new ServerStateOption(state.code());
    }

    /** The state as an enum, or empty for codes RFC 8156 does not define. */
    public Optional<ServerState> known() {
        try {
            return Optional.of(ServerState.fromCode(state));
        } catch (IllegalArgumentException unknownCode) {
            return Optional.empty();
        }
    }

    @Override
    public OptionKind kind() {
        return OptionKind.F_SERVER_STATE;
    }
}
