package org.dhcpv6.failover.core.internal.wire;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/** Range checks shared by the option and message records; messages name the bad value. */
final class Checks {

    /** The largest value an option's 16-bit length field can hold. */
    static final int MAX_OPTION_LENGTH = 0xFFFF;

    private Checks() {
    }

    static int u8(int value, String name) {
        if (value < 0 || value > 0xFF) {
            throw new IllegalArgumentException(name + " must be 0..255: " + value);
        }
        return value;
    }

    static int u16(int value, String name) {
        if (value < 0 || value > 0xFFFF) {
            throw new IllegalArgumentException(name + " must be 0..65535: " + value);
        }
        return value;
    }

    static long u32(long value, String name) {
        if (value < 0 || value > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException(name + " must be 0..4294967295: " + value);
        }
        return value;
    }

    /** A private copy of {@code bytes}, checked to fit an option value of {@code overhead} more octets. */
    static byte[] copy(byte[] bytes, String name, int overhead) {
        Objects.requireNonNull(bytes, name);
        if (bytes.length + overhead > MAX_OPTION_LENGTH) {
            throw new IllegalArgumentException(name + " too long for one option: " + bytes.length + " octets");
        }
        return bytes.clone();
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    static int hash(int code, byte[] bytes) {
        return 31 * code + Arrays.hashCode(bytes);
    }
}
