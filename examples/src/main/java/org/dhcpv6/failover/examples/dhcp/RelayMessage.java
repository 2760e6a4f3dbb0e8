package org.dhcpv6.failover.examples.dhcp;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.dhcpv6.failover.api.Ipv6Address;

/**
 * A relay message (RFC 8415 §9): RELAY-FORW from a relay agent or RELAY-REPL from a server.
 * The relayed message travels in OPTION_RELAY_MSG.
 *
 * @param type {@link MessageType#RELAY_FORW} or {@link MessageType#RELAY_REPL}
 * @param hopCount relays this message has passed, 0..255
 * @param linkAddress an address on the client's link, or unspecified (§9.1)
 * @param peerAddress the address of the client or relay the message came from
 * @param options the options in wire order, normally including OPTION_RELAY_MSG
 */
public record RelayMessage(MessageType type, int hopCount, Ipv6Address linkAddress, Ipv6Address peerAddress,
        List<DhcpOption> options) implements DhcpMessage {

    /** Checks the type is a relay type and the hop count fits an octet; copies the options. */
    public RelayMessage {
        Objects.requireNonNull(type, "type");
        if (!type.isRelay()) {
            throw new IllegalArgumentException("not a relay type: " + type);
        }
        if (hopCount < 0 || hopCount > 255) {
            throw new IllegalArgumentException("hopCount must be 0..255: " + hopCount);
        }
        Objects.requireNonNull(linkAddress, "linkAddress");
        Objects.requireNonNull(peerAddress, "peerAddress");
        options = List.copyOf(options);
    }

    /** The relayed message from OPTION_RELAY_MSG, if present. */
    public Optional<DhcpMessage> relayed() {
        return option(DhcpOption.RelayMessage.class).map(DhcpOption.RelayMessage::message);
    }
}
