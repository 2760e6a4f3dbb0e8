package org.dhcpv6.failover.core.internal.wire;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * OPTION_STATUS_CODE (code 13): a 16-bit status and a UTF-8 message (RFC 3315 §22.13). In
 * failover it rejects a CONNECT, a BNDUPD or part of one, or explains a DISCONNECT
 * (RFC 8156 §6.1.2, §6.3, §7.6).
 *
 * @param statusCode the status, 0..65535 (see {@link StatusCode})
 * @param message the text, possibly empty
 */
public record StatusCodeOption(int statusCode, String message) implements Option {

    /** Checks the code and that the text fits one option. */
    public StatusCodeOption {
        Checks.u16(statusCode, "status code");
        Objects.requireNonNull(message, "message");
        int octets = message.getBytes(StandardCharsets.UTF_8).length;
        if (octets + 2 > Checks.MAX_OPTION_LENGTH) {
            throw new IllegalArgumentException("status message too long: " + octets + " octets");
        }
    }

    /** A status option for a named status. */
    public static StatusCodeOption of(StatusCode status, String message) {
        return new StatusCodeOption(status.code(), message);
    }

    /** The status as an enum, or empty for codes this project does not name. */
    public Optional<StatusCode> known() {
        return StatusCode.fromCode(statusCode);
    }

    /** Whether this is Success (0). */
    public boolean isSuccess() {
        return statusCode == StatusCode.SUCCESS.code();
    }

    @Override
    public OptionKind kind() {
        return OptionKind.STATUS_CODE;
    }
}
