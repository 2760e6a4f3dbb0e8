package org.dhcpv6.failover.core.internal.wire;

import java.util.List;
import java.util.Optional;

/**
 * OPTION_CLIENT_DATA (code 45): everything about one client in a BNDUPD or BNDREPLY (RFC 5007
 * §4.1.2.2, RFC 8156 §7.4, §7.6).
 *

 * @param options the nested options in wire order
 */
public record ClientDataOption(List<Option> options) implements ContainerOption {

    /** Checks the fields and which options may be nested here. */
    public ClientDataOption {
        options = Containment.check(OptionKind.CLIENT_DATA.code(), options);
    }

    @Override
    public OptionKind kind() {
        return OptionKind.CLIENT_DATA;
    }

    /** The client DUID, if present; RFC 8156 §7.4 requires it. */
    public Optional<ClientIdOption> clientId() {
        return Options.first(options, ClientIdOption.class);
    }

    /** The status code at the top of this client, if present (RFC 8156 §7.6). */
    public Optional<StatusCodeOption> status() {
        return Options.first(options, StatusCodeOption.class);
    }
}
