package org.dhcpv6.failover.core.internal.sync;

import org.dhcpv6.failover.core.internal.wire.StatusCode;
import org.dhcpv6.failover.core.internal.wire.StatusCodeOption;

/**
 * A received BNDUPD lacks what is needed to process it, so the whole item must be rejected with
 * MissingBindingInformation (18) (RFC 8156 §7.5.3). The message text says what is missing and is
 * meant to go into the STATUS_CODE of the BNDREPLY unchanged.
 */
public final class MissingBindingDataException extends Exception {

    private static final long serialVersionUID = 1L;

    /** An exception whose message names what is missing. */
    public MissingBindingDataException(String whatIsMissing) {
        super(whatIsMissing);
    }

    /** Always {@link StatusCode#MISSING_BINDING_INFORMATION}. */
    public StatusCode statusCode() {
        return StatusCode.MISSING_BINDING_INFORMATION;
    }

    /** The STATUS_CODE to put at the top of the mirrored item in the BNDREPLY (RFC 8156 §7.6). */
    public StatusCodeOption toStatusOption() {
        return StatusCodeOption.of(statusCode(), getMessage());
    }
}
