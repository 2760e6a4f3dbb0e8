package org.dhcpv6.failover.api;

/**
 * Binding (lease) states of RFC 8156 §7.2 with their OPTION_F_BINDING_STATUS codes (§5.5.1).
 */
public enum BindingStatus {
    /** Assigned to a client. */
    ACTIVE(1),
    /** The lease ran out; becomes PENDING-FREE once the partner acknowledges. */
    EXPIRED(2),
    /** The client released it; becomes PENDING-FREE once the partner acknowledges. */
    RELEASED(3),
    /** On its way back to FREE or FREE-BACKUP. */
    PENDING_FREE(4),
    /** Free and available to the primary. */
    FREE(5),
    /** Free and available to the secondary. */
    FREE_BACKUP(6),
    /** Unusable, for example after a DECLINE. */
    ABANDONED(7),
    /** Made available again by an operator. */
    RESET(8);

    private static final BindingStatus[] BY_CODE = new BindingStatus[9];

    static {
        for (BindingStatus s : values()) {
            BY_CODE[s.code] = s;
        }
    }

    private final int code;

    BindingStatus(int code) {
        this.code = code;
    }

    /** The RFC 8156 wire code, 1 to 8. */
    public int code() {
        return code;
    }

    /**
     * The status with this wire code.
     *
     * @throws IllegalArgumentException for 0 (reserved) or any code above 8
     */
    public static BindingStatus fromCode(int code) {
        if (code < 1 || code >= BY_CODE.length) {
            throw new IllegalArgumentException("unknown binding status code: " + code);
        }
        return BY_CODE[code];
    }

    /** Whether a client currently holds (or may still believe it holds) the resource. */
    public boolean isLeased() {
        return this == ACTIVE;
    }

    /** Whether the resource is free for one of the two servers to lease. */
    public boolean isFree() {
        return this == FREE || this == FREE_BACKUP;
    }

    /** The name as RFC 8156 writes it, e.g. {@code FREE-BACKUP}. */
    public String rfcName() {
        return name().replace('_', '-');
    }
}
