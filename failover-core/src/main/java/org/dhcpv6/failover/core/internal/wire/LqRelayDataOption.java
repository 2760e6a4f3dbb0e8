package org.dhcpv6.failover.core.internal.wire;

import java.util.Arrays;
import java.util.Objects;
import org.dhcpv6.failover.api.Ipv6Address;

/**
 * OPTION_LQ_RELAY_DATA (code 47): the peer address and the relay message through which the
 * client last reached the server (RFC 5007 §4.1.2.4, RFC 8156 §7.4).
 *
 * @param peerAddress the 16-octet peer address
 * @param relayMessage the relay message octets
 */
public record LqRelayDataOption(Ipv6Address peerAddress, byte[] relayMessage) implements Option {

    /** Checks the address and copies the message. */
    public LqRelayDataOption {
        Objects.requireNonNull(peerAddress, "peerAddress");
        relayMessage = Checks.copy(relayMessage, "relayMessage", Ipv6Address.OCTETS);
    }

    /** A copy of the relay message octets. */
    @Override
    public byte[] relayMessage() {
        return relayMessage.clone();
    }

    /** The number of relay message octets, without copying them. */
    public int messageLength() {
        return relayMessage.length;
    }

    @Override
    public OptionKind kind() {
        return OptionKind.LQ_RELAY_DATA;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LqRelayDataOption other && peerAddress.equals(other.peerAddress)
                && Arrays.equals(relayMessage, other.relayMessage);
    }

    @Override
    public int hashCode() {
        return Checks.hash(peerAddress.hashCode(), relayMessage);
    }

    @Override
    public String toString() {
        return "LqRelayDataOption[peerAddress=" + peerAddress + ", relayMessage=" + Checks.hex(relayMessage) + "]";
    }
}
