package org.dhcpv6.failover.core.internal.wire;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.dhcpv6.failover.api.Ipv6Address;

/**
 * OPTION_IAPREFIX (code 26): one delegated or delegable prefix with its lifetimes and failover
 * details; inside an IA_PD, or bare at the top of a BNDUPD for a delegable prefix (RFC 3633 §10,
 * RFC 8156 §7.4).
 *
 * @param preferredLifetime preferred lifetime sent to the client, seconds
 * @param validLifetime valid lifetime sent to the client, seconds
 * @param prefixLength the prefix length, 0..128
 * @param prefix the prefix address (bits beyond the length are kept as sent)
 * @param options the nested options in wire order
 */
public record IaPrefixOption(long preferredLifetime, long validLifetime, int prefixLength, Ipv6Address prefix,
        List<Option> options) implements ContainerOption {

    /** Checks the fields and which options may be nested here. */
    public IaPrefixOption {
        Checks.u32(preferredLifetime, "preferred lifetime");
        Checks.u32(validLifetime, "valid lifetime");
        if (prefixLength < 0 || prefixLength > 128) {
            throw new IllegalArgumentException("prefix length must be 0..128: " + prefixLength);
        }
        Objects.requireNonNull(prefix, "prefix");
        options = Containment.check(OptionKind.IAPREFIX.code(), options);
    }

    @Override
    public OptionKind kind() {
        return OptionKind.IAPREFIX;
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
