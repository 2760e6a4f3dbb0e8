package org.dhcpv6.failover.core.internal.wire;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.RandomAccess;

/**
 * The options the decoder read at one level, as an unmodifiable list. Records built from it keep
 * it as it is ({@link Containment#check} knows it cannot change and holds no null), so a decoded
 * option list is allocated once instead of being gathered and then copied twice; on the partner
 * path that copying was one of the largest sources of garbage per binding.
 */
final class DecodedOptions extends AbstractList<Option> implements RandomAccess {

    private static final Option[] NONE = new Option[0];

    private Option[] items;
    private int size;

    /** An empty list with room for {@code capacity} options (it grows past that if it must). */
    DecodedOptions(int capacity) {
        items = capacity > 0 ? new Option[capacity] : NONE;
    }

    /** Adds a decoded option; only the decoder calls this, before the list is handed out. */
    void append(Option option) {
        if (size == items.length) {
            items = Arrays.copyOf(items, Math.max(4, size * 2));
        }
        items[size++] = option;
    }

    @Override
    public Option get(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("index " + index + ", size " + size);
        }
        return items[index];
    }

    @Override
    public int size() {
        return size;
    }
}
