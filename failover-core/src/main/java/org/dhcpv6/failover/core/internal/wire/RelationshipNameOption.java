package org.dhcpv6.failover.core.internal.wire;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * OPTION_F_RELATIONSHIP_NAME (code 130): the failover relationship's name in UTF-8, not
 * NUL-terminated (RFC 8156 §5.5, §6.2). Sent in CONNECT so the secondary can find the
 * endpoint when a server pair has several relationships.
 *
 * @param name the name; no NUL characters
 */
public record RelationshipNameOption(String name) implements Option {

    /** Checks that the name has no NUL and fits one option. */
    public RelationshipNameOption {
        Objects.requireNonNull(name, "name");
        if (name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("relationship name contains NUL: '" + name.replace('\0', '?') + "'");
        }
        int octets = name.getBytes(StandardCharsets.UTF_8).length;
        if (octets > Checks.MAX_OPTION_LENGTH) {
            throw new IllegalArgumentException("relationship name too long: " + octets + " octets");
        }
    }

    @Override
    public OptionKind kind() {
        return OptionKind.F_RELATIONSHIP_NAME;
    }
}
