package org.dhcpv6.failover.examples.dhcp;

import java.util.List;
import java.util.Optional;

/**
 * A DHCPv6 message: either a client/server message (RFC 8415 §8) or a relay message (§9).
 * Both carry a list of options in wire order.
 */
public sealed interface DhcpMessage permits ClientServerMessage, RelayMessage {

    /** The message type. */
    MessageType type();

    /** The options in wire order. */
    List<DhcpOption> options();

    /** The first option of the given record type, if any. */
    default <T extends DhcpOption> Optional<T> option(Class<T> type) {
        return Options.first(options(), type);
    }

    /** All options of the given record type, in wire order. */
    default <T extends DhcpOption> List<T> all(Class<T> type) {
        return Options.all(options(), type);
    }
}
