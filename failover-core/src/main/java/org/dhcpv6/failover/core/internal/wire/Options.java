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
        // Indexed: option lists are immutable random-access lists, and an iterator per look-up
        // was a tenth of everything a resync allocated.
        for (int i = 0, n = options.size(); i < n; i++) {
            Option o = options.get(i);
            if (type.isInstance(o)) {
                return Optional.of(type.cast(o));
            }
        }
        return Optional.empty();
    }

    /** The first option of type {@code type} in {@code options}, or null: {@link #first} without a wrapper. */
    public static <T extends Option> T firstOrNull(List<Option> options, Class<T> type) {
        for (int i = 0, n = options.size(); i < n; i++) {
            Option o = options.get(i);
            if (type.isInstance(o)) {
                return type.cast(o);
            }
        }
        return null;
    }

    /** Every option of type {@code type} in {@code options}, in wire order. */
    public static <T extends Option> List<T> all(List<Option> options, Class<T> type) {
        Objects.requireNonNull(type, "type");
        List<T> out = new ArrayList<>();
        for (int i = 0, n = options.size(); i < n; i++) {
            Option o = options.get(i);
            if (type.isInstance(o)) {
                out.add(type.cast(o));
            }
        }
        return List.copyOf(out);
    }

    /** What {@link #valueOrAbsent} returns when there is no such option; no 32-bit value is negative. */
    public static final long ABSENT = -1L;

    /** The value of the first 32-bit option of type {@code type}, if any. */
    public static <T extends Uint32Option> OptionalLong firstValue(List<Option> options, Class<T> type) {
        long v = valueOrAbsent(options, type);
        return v == ABSENT ? OptionalLong.empty() : OptionalLong.of(v);
    }

    /**
     * The value of the first 32-bit option of type {@code type}, or {@link #ABSENT}: the same
     * look-up as {@link #firstValue} without a wrapper per call, for the per-binding decode path.
     */
    public static <T extends Uint32Option> long valueOrAbsent(List<Option> options, Class<T> type) {
        for (int i = 0, n = options.size(); i < n; i++) {
            Option o = options.get(i);
            if (type.isInstance(o)) {
                return ((Uint32Option) o).value();
            }
        }
        return ABSENT;
    }
}
