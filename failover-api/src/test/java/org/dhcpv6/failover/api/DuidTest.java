package org.dhcpv6.failover.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DuidTest {

    @Test
    void equalOctetsAreEqualWithEqualHashes() {
        Duid a = Duid.parseHex("00:01:00:01:aa:bb");
        Duid b = Duid.of(new byte[] {0, 1, 0, 1, (byte) 0xaa, (byte) 0xbb});
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, Duid.parseHex("00:01:00:01:aa:bc"));
    }

    @Test
    void duidsThatDifferInTheirLastOctetsSpreadOverManyHashes() {
        // As DUID-LLTs of one vendor's devices do: only the last few octets differ.
        Set<Integer> hashes = new HashSet<>();
        int n = 200_000;
        for (int i = 0; i < n; i++) {
            hashes.add(Duid.parseHex(String.format("000100012a3b4c5d0050%08x", i)).hashCode());
        }
        assertTrue(hashes.size() > n * 0.99, "distinct hashes: " + hashes.size() + " of " + n);
    }
}
