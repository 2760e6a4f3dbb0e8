package org.dhcpv6.failover.examples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.dhcpv6.failover.api.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark programs' {@code --store} values and the journal rounds' clean-up. */
class RoundStoresTest {

    @Test
    void takesOneKindAListBothAndAll() {
        assertEquals(List.of("postgres"), RoundStores.parse("postgres", RoundStores.KINDS));
        assertEquals(List.of("memory", "journal", "postgres"),
                RoundStores.parse("memory,journal,postgres", RoundStores.KINDS));
        assertEquals(List.of("journal", "memory"), RoundStores.parse("both", RoundStores.KINDS));
        assertEquals(RoundStores.KINDS, RoundStores.parse("all", RoundStores.KINDS));
    }

    @Test
    void refusesUnknownRepeatedOrEmptyKinds() {
        assertNull(RoundStores.parse("memory,disk", RoundStores.KINDS));
        assertNull(RoundStores.parse("memory,memory", RoundStores.KINDS));
        assertNull(RoundStores.parse("", RoundStores.KINDS));
        assertNull(RoundStores.parse("memory,", RoundStores.KINDS));
        assertNull(RoundStores.parse("postgres", List.of("memory", "journal")));
    }

    @Test
    void aJournalRoundLeavesNothingBehind(@TempDir Path parent) throws Exception {
        RoundStores stores = RoundStores.journal(parent);
        stores.open(Role.PRIMARY).close();
        stores.open(Role.SECONDARY).close();
        try (Stream<Path> round = Files.list(parent)) {
            assertTrue(round.findAny().isPresent());
        }
        stores.close();
        try (Stream<Path> left = Files.list(parent)) {
            assertFalse(left.findAny().isPresent());
        }
    }
}
