package org.dhcpv6.failover.core.internal.wire;

/**
 * OPTION_F_DNS_FLAGS (code 119): 16 bits describing DNS work done for a lease, inside
 * OPTION_F_DNS_REMOVAL_INFO (RFC 8156 §5.5).
 *
 * @param flags the flag word, 0..65535
 */
public record DnsFlagsOption(int flags) implements Option {

    /** U: the client's requested FQDN was used. */
    public static final int USING_REQUESTED_FQDN = 0x0008;
    /** S: the name was synthesized by the server. */
    public static final int SYNTHESIZED_NAME = 0x0004;
    /** R: the reverse record is up to date. */
    public static final int REV_UPTODATE = 0x0002;
    /** F: the forward record is up to date. */
    public static final int FWD_UPTODATE = 0x0001;

    /** Checks that the flags fit 16 bits. */
    public DnsFlagsOption {
        Checks.u16(flags, "DNS flags");
    }

    @Override
    public OptionKind kind() {
        return OptionKind.F_DNS_FLAGS;
    }
}
