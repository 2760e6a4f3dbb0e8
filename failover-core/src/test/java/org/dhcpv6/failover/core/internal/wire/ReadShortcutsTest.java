package org.dhcpv6.failover.core.internal.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.dhcpv6.failover.api.Duid;
import org.junit.jupiter.api.Test;

/** The shortcuts the receiver reads a lease with answer as the general accessors do. */
class ReadShortcutsTest {

    @Test
    void knownOrNullAgreesWithKnownForEveryOctet() {
        for (int code = 0; code <= 255; code++) {
            BindingStatusOption o = new BindingStatusOption(code);
            assertEquals(o.known().orElse(null), o.knownOrNull(), "code " + code);
        }
    }

    @Test
    void toDuidIsTheDuidOfTheOctets() {
        for (int length = 1; length <= Duid.MAX_OCTETS; length++) {
            byte[] octets = new byte[length];
            Arrays.fill(octets, (byte) length);
            ClientIdOption id = new ClientIdOption(octets);
            assertEquals(Duid.of(id.duid()), id.toDuid(), "length " + length);
        }
        ClientIdOption tooLong = new ClientIdOption(new byte[Duid.MAX_OCTETS + 1]);
        assertThrows(IllegalArgumentException.class, tooLong::toDuid);
    }
}
