package org.dhcpv6.failover.examples.server;

import java.util.Optional;
import org.dhcpv6.failover.api.Duid;
import org.dhcpv6.failover.examples.dhcp.ClientServerMessage;
import org.dhcpv6.failover.examples.dhcp.DhcpOption;

/**
 * The message validation rules of RFC 8415 §16 for messages a server receives: which must carry
 * a Client Identifier, which must name us as server, which must name no server.
 */
final class MessageRules {

    /** Most IA_NA plus IA_PD options one client message may carry; see {@link #tooManyIas}. */
    static final int MAX_IAS_PER_MESSAGE = 16;

    private MessageRules() {
    }

    /** Why {@code msg} must be discarded, or empty when it is acceptable. */
    static Optional<String> whyInvalid(ClientServerMessage msg, Duid ours) {
        Optional<String> tooMany = tooManyIas(msg);
        if (tooMany.isPresent()) {
            return tooMany;
        }
        boolean hasClient = msg.clientId().isPresent();
        Optional<Duid> server = msg.serverId();
        boolean forUs = server.map(ours::equals).orElse(false);
        switch (msg.type()) {
            case SOLICIT, CONFIRM, REBIND:
                // §16.2, §16.5, §16.7: a Server Identifier here means a confused client.
                if (!hasClient) {
                    return Optional.of("no Client Identifier");
                }
                return server.isPresent() ? Optional.of("carries a Server Identifier") : Optional.empty();
            case REQUEST, RENEW, RELEASE, DECLINE:
                // §16.4, §16.6, §16.8, §16.9: meant for one server; others stay silent.
                if (!hasClient) {
                    return Optional.of("no Client Identifier");
                }
                if (server.isEmpty()) {
                    return Optional.of("no Server Identifier");
                }
                return forUs ? Optional.empty() : Optional.of("addressed to server " + server.get());
            case INFORMATION_REQUEST:
                // §16.12: the Server Identifier is optional, but if present it must be ours.
                if (server.isPresent() && !forUs) {
                    return Optional.of("addressed to server " + server.get());
                }
                boolean hasIa = msg.option(DhcpOption.IaNa.class).isPresent()
                        || msg.option(DhcpOption.IaPd.class).isPresent();
                return hasIa ? Optional.of("carries an IA option") : Optional.empty();
            default:
                // ADVERTISE, REPLY: only servers send these (§16.3, §16.10).
                return Optional.of("servers do not accept " + msg.type());
        }
    }

    /**
     * A policy of this server, not a rule of RFC 8415 (which sets no limit): a message with more
     * than {@link #MAX_IAS_PER_MESSAGE} IA_NA and IA_PD options is discarded, so that one DUID
     * cannot take a pool's worth of leases, or make a reply larger than a datagram, in one
     * message. Real clients send one or two IAs of each kind.
     */
    private static Optional<String> tooManyIas(ClientServerMessage msg) {
        long ias = msg.options().stream()
                .filter(o -> o instanceof DhcpOption.IaNa || o instanceof DhcpOption.IaPd).count();
        return ias > MAX_IAS_PER_MESSAGE
                ? Optional.of("carries " + ias + " IA_NA/IA_PD options, more than " + MAX_IAS_PER_MESSAGE)
                : Optional.empty();
    }
}
