package org.dhcpv6.failover.core.internal.wire;

import java.util.List;

/**
 * OPTION_F_DNS_REMOVAL_INFO (code 116): what the partner needs to remove DNS records the sender
 * added (host name, zone name, DNS flags; RFC 8156 §5.5).
 *

 * @param options the nested options in wire order
 */
public record DnsRemovalInfoOption(List<Option> options) implements ContainerOption {

    /** Checks the fields and which options may be nested here. */
    public DnsRemovalInfoOption {
        options = Containment.check(OptionKind.F_DNS_REMOVAL_INFO.code(), options);
    }

    @Override
    public OptionKind kind() {
        return OptionKind.F_DNS_REMOVAL_INFO;
    }
}
