package org.dhcpv6.failover.examples.dhcp;

import java.util.List;
import java.util.Optional;

/** Lookups over option lists, shared by messages and by options that contain options. */
public final class Options {

    private Options() {
    }

    /** The first option of {@code type} in {@code options}, if any. */
    public static <T extends DhcpOption> Optional<T> first(List<DhcpOption> options, Class<T> type) {
        for (DhcpOption o : options) {
            if (type.isInstance(o)) {
                return Optional.of(type.cast(o));
            }
        }
        return Optional.empty();
    }

    /** Every option of {@code type} in {@code options}, in order. */
    public static <T extends DhcpOption> List<T> all(List<DhcpOption> options, Class<T> type) {
        return options.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
