package org.dhcpv6.failover.core.internal.wire;

import java.util.Arrays;

/**
 * OPTION_F_RECONFIGURE_DATA (code 129): the absolute time the client's reconfigure key was
 * made, followed by the key (RFC 8156 §5.5, §7.4).
 *
 * @param time absolute wire time the key was created, 0..2^32 − 1
 * @param key the reconfigure key octets
 */
public record ReconfigureDataOption(long time, byte[] key) implements Option {

    /** Checks the time and copies the key. */
    public ReconfigureDataOption {
        Checks.u32(time, "reconfigure time");
        key = Checks.copy(key, "key", 4);
    }

    /** A copy of the key octets. */
    @Override
    public byte[] key() {
        return key.clone();
    }

    /** The number of key octets, without copying them. */
    public int keyLength() {
        return key.length;
    }

    @Override
    public OptionKind kind() {
        return OptionKind.F_RECONFIGURE_DATA;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReconfigureDataOption other && time == other.time && Arrays.equals(key, other.key);
    }

    @Override
    public int hashCode() {
        return Checks.hash(Long.hashCode(time), key);
    }

    @Override
    public String toString() {
        return "ReconfigureDataOption[time=" + time + ", key=" + Checks.hex(key) + "]";
    }
}
