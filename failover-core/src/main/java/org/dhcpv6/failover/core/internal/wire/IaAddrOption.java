package org.dhcpv6.failover.core.internal.wire;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.dhcpv6.failover.api.Ipv6Address;

/**
 * OPTION_IAADDR (code 5): one leased address with the lifetimes sent to the client and the
 * lease's failover details (RFC 3315 §22.6, RFC 8156 §7.4).
 *
 * @param address the leased address
 * @param preferredLifetime preferred lifetime sent to the client, seconds
 * @param validLifetime valid lifetime sent to the client, seconds
 * @param options the nested options in wire order
 */
public record IaAddrOption(Ipv6Address address, long preferredLifetime, long validLifetime, List<Option> options)
        implements ContainerOption {

    /** Checks the fields and which options may be nested here. */
    public IaAddrOption {
        Objects.requireNonNull(address, "address");
        Checks.u32(preferredLifetime, "preferred lifetime");
        Checks.u32(validLifetime, "valid lifetime");
        options = Containment.check(OptionKind.IAADDR.code(), options);
    }

    @Override
    public OptionKind kind() {
        return OptionKind.IAADDR;
    }

    /** The binding status inside this lease, if present (RFC 8156 §7.4). */
    public Optional<BindingStatusOption> bindingStatus() {
        return Options.first(options, BindingStatusOption.class);
    }

    /** The status code inside this lease, if present (RFC 8156 §7.6). */
    public Optional<StatusCodeOption> status() {
        return Options.first(options, StatusCodeOption.class);
    }
}
