package org.dhcpv6.failover.api;

/**
 * The ten failover endpoint states of RFC 8156 §8 with their OPTION_F_SERVER_STATE codes
 * (§5.5.16). STARTUP is never sent on the wire: a server in STARTUP sends its previous state
 * with the STARTUP server flag.
 */
public enum ServerState {
    /** Just started; unresponsive to clients until the startup algorithm picks a state. */
    STARTUP(1),
    /** Both partners talk; the primary serves, the secondary only renews its own leases. */
    NORMAL(2),
    /** The partner is unreachable; both serve from their own pools under the MCLT rule. */
    COMMUNICATIONS_INTERRUPTED(3),
    /** The partner is known to be down; this server serves every client without MCLT limits. */
    PARTNER_DOWN(4),
    /** Both may have served independently; the databases are being reconciled. */
    POTENTIAL_CONFLICT(5),
    /** This server lost or distrusts its data and asks the partner for it. */
    RECOVER(6),
    /** Recovery data received; waiting MCLT before serving. */
    RECOVER_WAIT(7),
    /** Recovery finished; waiting for the partner to go to NORMAL. */
    RECOVER_DONE(8),
    /** Communication was lost during POTENTIAL-CONFLICT. */
    RESOLUTION_INTERRUPTED(9),
    /** The primary finished conflict resolution and serves; the secondary still reconciles. */
    CONFLICT_DONE(10);

    private static final ServerState[] BY_CODE = new ServerState[11];

    static {
        for (ServerState s : values()) {
            BY_CODE[s.code] = s;
        }
    }

    private final int code;

    ServerState(int code) {
        this.code = code;
    }

    /** The RFC 8156 wire code, 1 to 10. */
    public int code() {
        return code;
    }

    /**
     * The state with this wire code.
     *
     * @throws IllegalArgumentException for 0 (reserved) or any code above 10
     */
    public static ServerState fromCode(int code) {
        if (code < 1 || code >= BY_CODE.length) {
            throw new IllegalArgumentException("unknown server state code: " + code);
        }
        return BY_CODE[code];
    }

    /** The name as RFC 8156 writes it, e.g. {@code COMMUNICATIONS-INTERRUPTED}. */
    public String rfcName() {
        return name().replace('_', '-');
    }
}
