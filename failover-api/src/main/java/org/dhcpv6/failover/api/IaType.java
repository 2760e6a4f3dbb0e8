package org.dhcpv6.failover.api;

/** The identity association types a binding can belong to, with their RFC 8415 option codes. */
public enum IaType {
    /** Non-temporary addresses (OPTION_IA_NA, 3). */
    IA_NA(3),
    /** Temporary addresses (OPTION_IA_TA, 4). */
    IA_TA(4),
    /** Delegated prefixes (OPTION_IA_PD, 25). */
    IA_PD(25);

    private final int optionCode;

    IaType(int optionCode) {
        this.optionCode = optionCode;
    }

    /** The DHCPv6 option code of this IA type. */
    public int optionCode() {
        return optionCode;
    }

    /** Whether a resource of this kind belongs in this IA type (prefixes in IA_PD, addresses elsewhere). */
    public boolean holds(Resource.Kind kind) {
        return (this == IA_PD) == (kind == Resource.Kind.PREFIX);
    }
}
