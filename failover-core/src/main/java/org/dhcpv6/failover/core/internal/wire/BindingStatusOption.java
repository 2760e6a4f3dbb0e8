package org.dhcpv6.failover.core.internal.wire;

import java.util.Optional;
import org.dhcpv6.failover.api.BindingStatus;

/**
 * OPTION_F_BINDING_STATUS (code 114): one octet holding a lease's binding status
 * (RFC 8156 §5.5, table in §5.5.1). The raw code is kept so that a value this project does not
 * know still round-trips; {@link #known()} maps it.
 *
 * @param status the raw status code, 0..255
 */
public record BindingStatusOption(int status) implements Option {

    /** The codes RFC 8156 defines are 1 to this. */
    private static final int HIGHEST_KNOWN = BindingStatus.values().length;

    /** Checks that the status fits one octet. */
    public BindingStatusOption {
        Checks.u8(status, "binding status");
    }

    /** The option for a known status. */
    public static BindingStatusOption of(BindingStatus status) {
        return new BindingStatusOption(status.code());
    }

    /** The status as an enum, or empty for codes RFC 8156 does not define. */
    public Optional<BindingStatus> known() {
        try {
            return Optional.of(BindingStatus.fromCode(status));
        } catch (IllegalArgumentException unknownCode) {
            return Optional.empty();
        }
    }

    /** As {@link #known()}, null for an unknown code: read once per received lease, so no {@link Optional}. */
    public BindingStatus knownOrNull() {
        return status >= 1 && status <= HIGHEST_KNOWN ? BindingStatus.fromCode(status) : null;
    }

    @Override
    public OptionKind kind() {
        return OptionKind.F_BINDING_STATUS;
    }
}
