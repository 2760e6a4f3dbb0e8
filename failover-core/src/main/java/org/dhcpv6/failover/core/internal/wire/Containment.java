package org.dhcpv6.failover.core.internal.wire;

import java.util.List;
import java.util.Objects;

/**
 * Which option may sit where. The rules follow the layouts of RFC 8156 §7.4 and §7.6: leases
 * live inside IAs, IAs inside OPTION_CLIENT_DATA, OPTION_CLIENT_DATA and the bare IAPREFIX at
 * the top of a message, the DNS name parts inside OPTION_F_DNS_REMOVAL_INFO. Leaf options and
 * unknown options are allowed anywhere, so that a partner adding information in a new place
 * does not cost the connection.
 */
final class Containment {

    /** Stands for "the top level of a message" where a parent code is expected. */
    static final int TOP = -1;

    private Containment() {
    }

    /** Why {@code child} may not sit in {@code parent}, or null if it may. */
    static String violation(int parent, int child) {
        boolean ok = switch (child) {
            case 5 -> parent == 3 || parent == 4;
            case 26 -> parent == TOP || parent == 25;
            case 3, 4, 25 -> parent == 45;
            case 45 -> parent == TOP;
            case 117, 118, 119 -> parent == 116;
            case 116 -> parent == 45 || parent == 3 || parent == 4 || parent == 25 || parent == 5 || parent == 26;
            default -> true;
        };
        return ok ? null : name(child) + " may not appear " + where(parent);
    }

    /**
     * A copy of {@code options}, checked against the rules for {@code parent}. A list the decoder
     * built is already unmodifiable and free of nulls, so it is kept instead of copied.
     */
    static List<Option> check(int parent, List<Option> options) {
        Objects.requireNonNull(options, "options");
        List<Option> copy = options instanceof DecodedOptions ? options : List.copyOf(options);
        for (int i = 0, n = copy.size(); i < n; i++) {
            String why = violation(parent, copy.get(i).code());
            if (why != null) {
                throw new IllegalArgumentException(why);
            }
        }
        return copy;
    }

    private static String where(int parent) {
        return parent == TOP ? "at the top level of a message" : "inside " + name(parent);
    }

    private static String name(int code) {
        return OptionKind.fromCode(code).map(OptionKind::rfcName).orElse("option " + code);
    }
}
