package org.dhcpv6.failover.core.internal.wire;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/** Look-ups over option lists, used by the typed accessors of messages and containers. */
public final class Options {

    private Options() {
    }

    /** The first option of type {@code type} in {@code options}, if any. */
    public static <T extends Option> Optional<T> first(List<Option> options, Class<T> type) {
        for (Option o : options) {
            if (type.isInstance(o)) {
                return Optional.of(type.cast(o));
            }
        }
        return Optional.empty();
    }

    /** Every option of type {@code type} in {@code options}, in wire order. */
    public static <T extends Option> List<T> all(List<Option> options, Class<T> type) {
        Objects.requireNonNull(type, "type");
        List<T> out = new ArrayList<>();
        for (Option o : options) {
            if (type.isInstance(o)) {
                out.add(type.cast(o));
            }
        }
        return List.copyOf(out);
    }

    /** The value of the first 32-bit option of type {@code type}, if any. */
    public static <T extends Uint32Option> OptionalLong firstValue(List<Option> options, Class<T> type) {
        Optional<T> o = first(options, type);
        return o.isPresent() ? OptionalLong.of(o.get().value()) : OptionalLong.empty();
    }
}
