package org.dhcpv6.failover.examples.dhcp;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.dhcpv6.failover.api.Duid;

/**
 * A client/server message (RFC 8415 §8): msg-type, 3-octet transaction-id, options.
 *
 * @param type any non-relay type
 * @param transactionId the 24-bit transaction id, 0..0xFFFFFF
 * @param options the options in wire order
 */
public record ClientServerMessage(MessageType type, int transactionId, List<DhcpOption> options)
        implements DhcpMessage {

    /** Checks the type is not a relay type and the id fits 24 bits; copies the options. */
    public ClientServerMessage {
        Objects.requireNonNull(type, "type");
        if (type.isRelay()) {
            throw new IllegalArgumentException("relay type in a client/server message: " + type);
        }
        if ((transactionId & ~0xFF_FFFF) != 0) {
            throw new IllegalArgumentException("transactionId must fit 24 bits: " + transactionId);
        }
        options = List.copyOf(options);
    }

    /** The client's DUID from OPTION_CLIENTID, if present. */
    public Optional<Duid> clientId() {
        return option(DhcpOption.ClientId.class).map(DhcpOption.ClientId::duid);
    }

    /** The server's DUID from OPTION_SERVERID, if present. */
    public Optional<Duid> serverId() {
        return option(DhcpOption.ServerId.class).map(DhcpOption.ServerId::duid);
    }

    /** Whether OPTION_RAPID_COMMIT is present. */
    public boolean hasRapidCommit() {
        return option(DhcpOption.RapidCommit.class).isPresent();
    }

    @Override
    public String toString() {
        return type + "(xid=" + Integer.toHexString(transactionId) + ", " + options + ")";
    }
}
