package org.dhcpv6.failover.examples.dhcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.dhcpv6.failover.api.Duid;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerDuidFileTest {

    @Test
    void duidIsMadeOnceAndReadBackAfterRestart(@TempDir Path dir) {
        Path file = dir.resolve("state/server-duid");
        Duid first = ServerDuidFile.loadOrCreate(file);
        assertEquals(Duids.TYPE_UUID, Duids.type(first));
        assertEquals(18, first.length());
        assertTrue(Files.exists(file));
        assertEquals(first, ServerDuidFile.loadOrCreate(file));
    }
}
