package org.dhcpv6.failover.core.internal.wire;

import java.util.List;

/**
 * OPTION_IA_TA (code 4): a temporary address association with its addresses (RFC 3315 §22.5, RFC
 * 8156 §7.4).
 *
 * @param iaid the identity association identifier, 0..2^32 − 1
 * @param options the nested options in wire order
 */
public record IaTaOption(long iaid, List<Option> options) implements ContainerOption {

    /** Checks the fields and which options may be nested here. */
    public IaTaOption {
        Checks.u32(iaid, "IAID");
        options = Containment.check(OptionKind.IA_TA.code(), options);
    }

    @Override
    public OptionKind kind() {
        return OptionKind.IA_TA;
    }
}
