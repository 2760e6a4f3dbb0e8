package org.dhcpv6.failover.examples.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.dhcpv6.failover.api.LeaseStore;
import org.dhcpv6.failover.api.Role;
import org.dhcpv6.failover.core.store.InMemoryLeaseStore;
import org.dhcpv6.failover.core.store.JournalLeaseStore;

/**
 * The stores of one benchmark round, one per side, fresh and empty; closing removes what they
 * left behind (a journal's directory, a database's rows) once the servers have closed them.
 */
interface RoundStores extends AutoCloseable {

    /** The store kinds the benchmark programs take in {@code --store}. */
    List<String> KINDS = List.of("memory", "journal", "postgres");

    /** Opens the empty store of one side. */
    LeaseStore open(Role role) throws Exception;

    @Override
    void close() throws Exception;

    /** Durable flushes (forces) the store of {@code role} has done so far, or -1 when the kind does not count them. */
    default long flushes(Role role) {
        return -1;
    }

    /** In-memory stores: the network and the engine are what is measured. */
    static RoundStores memory() {
        return new RoundStores() {
            @Override
            public LeaseStore open(Role role) {
                return new InMemoryLeaseStore();
            }

            @Override
            public void close() {
            }
        };
    }

    /** {@code JournalLeaseStore}s with fsync on, each side in its own folder of a fresh one under {@code parent}. */
    static RoundStores journal(Path parent) throws Exception {
        Files.createDirectories(parent);
        Path round = Files.createTempDirectory(parent, "bench-round");
        return new RoundStores() {
            private final java.util.Map<Role, JournalLeaseStore> opened = new java.util.EnumMap<>(Role.class);

            @Override
            public LeaseStore open(Role role) throws Exception {
                Path dir = Files.createDirectories(round.resolve(role.name().toLowerCase(Locale.ROOT)));
                JournalLeaseStore store = JournalLeaseStore.open(dir);
                opened.put(role, store);
                return store;
            }

            @Override
            public long flushes(Role role) {
                JournalLeaseStore store = opened.get(role);
                return store == null ? -1 : store.flushCount();
            }

            @Override
            public void close() throws Exception {
                try (Stream<Path> walk = Files.walk(round)) {
                    for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
        };
    }

    /**
     * Parses a {@code --store} value: one kind, a comma-separated list, {@code both} (journal and
     * memory, as bench-resync always took it) or {@code all} (every kind in {@code allowed}).
     * Returns null when the value names anything else.
     */
    static List<String> parse(String value, List<String> allowed) {
        if (value.equals("all")) {
            return allowed;
        }
        if (value.equals("both") && allowed.containsAll(List.of("journal", "memory"))) {
            return List.of("journal", "memory");
        }
        List<String> kinds = new ArrayList<>();
        for (String kind : value.split(",", -1)) {
            if (!allowed.contains(kind) || kinds.contains(kind)) {
                return null;
            }
            kinds.add(kind);
        }
        return List.copyOf(kinds);
    }
}
