package org.dhcpv6.failover.core.internal.wire;

import java.util.List;

/**
 * OPTION_IA_NA (code 3): a non-temporary address association with its addresses (RFC 3315 §22.4,
 * RFC 8156 §7.4).
 *
 * @param iaid the identity association identifier, 0..2^32 − 1
 * @param t1 T1 as sent to the client, seconds
 * @param t2 T2 as sent to the client, seconds
 * @param options the nested options in wire order
 */
public record IaNaOption(long iaid, long t1, long t2, List<Option> options) implements ContainerOption {

    /** Checks the fields and which options may be nested here. */
    public IaNaOption {
        Checks.u32(iaid, "IAID");
        Checks.u32(t1, "T1");
        Checks.u32(t2, "T2");
        options = Containment.check(OptionKind.IA_NA.code(), options);
    }

    @Override
    public OptionKind kind() {
        return OptionKind.IA_NA;
    }
}
