package org.dhcpv6.failover.core.internal.wire;

import java.util.List;

/**
 * An option whose value ends with nested options (RFC 3315 §22.4–22.6, RFC 3633 §9–10,
 * RFC 5007 §4.1.2.2, RFC 8156 §5.5 OPTION_F_DNS_REMOVAL_INFO). Which option may sit in which
 * container is checked when a container is built and when one is decoded.
 */
public sealed interface ContainerOption extends Option
        permits IaNaOption, IaTaOption, IaAddrOption, IaPdOption, IaPrefixOption, ClientDataOption,
        DnsRemovalInfoOption {

    /** The nested options in wire order, including unknown ones. */
    List<Option> options();
}
