package org.dhcpv6.failover.examples.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.stream.Stream;
import org.dhcpv6.failover.api.AddressPool;
import org.dhcpv6.failover.api.ClientIdentity;
import org.dhcpv6.failover.api.ClockSource;
import org.dhcpv6.failover.api.Duid;
import org.dhcpv6.failover.api.EndpointRecord;
import org.dhcpv6.failover.api.FailoverListener;
import org.dhcpv6.failover.api.IaType;
import org.dhcpv6.failover.api.LeaseStore;
import org.dhcpv6.failover.api.LeaseStoreException;
import org.dhcpv6.failover.api.RelationshipConfig;
import org.dhcpv6.failover.api.Role;
import org.dhcpv6.failover.api.ServerState;
import org.dhcpv6.failover.core.internal.engine.FailoverEndpoint;
import org.dhcpv6.failover.core.internal.engine.FaultInjector;
import org.dhcpv6.failover.core.internal.engine.Now;
import org.dhcpv6.failover.core.internal.engine.Outbox;
import org.dhcpv6.failover.core.store.InMemoryLeaseStore;
import org.dhcpv6.failover.core.store.JournalLeaseStore;
import org.dhcpv6.failover.core.internal.wire.FailoverMessage;

/**
 * Endpoints for the benchmarks, without network or event loop: an engine whose outbox drops
 * everything, over an in-memory or a durable journal store (fsync on). Directories for journal
 * stores go under {@code -Dbench.dir} (default: the JVM's temporary directory).
 */
final class BenchEndpoints {

    static final String NAME = "bench";
    static final Duration MCLT = Duration.ofHours(1);

    /** Drops every message: the benchmarks measure the engine, not a transport. */
    static final Outbox DISCARD = new Outbox() {
        @Override
        public void send(long connectionId, FailoverMessage message) {
        }

        @Override
        public void close(long connectionId, String reason) {
        }

        @Override
        public void connect(InetSocketAddress partner) {
        }
    };

    private BenchEndpoints() {
    }

    static RelationshipConfig config(Role role) {
        return RelationshipConfig.builder(NAME, role).mclt(MCLT)
                .partnerAddress(new InetSocketAddress("::1", 647))
                .localAddress(new InetSocketAddress("::1", 647))
                .addressPool(AddressPool.parse("2001:db8:1::/64")).build();
    }

    /** "memory" or "journal" (a fresh directory, fsync on). */
    static LeaseStore store(String kind) throws LeaseStoreException {
        if (kind.equals("memory")) {
            return new InMemoryLeaseStore();
        }
        try {
            Path base = Path.of(System.getProperty("bench.dir", System.getProperty("java.io.tmpdir")));
            return JournalLeaseStore.open(Files.createTempDirectory(base, "hooks-bench"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * An endpoint that was NORMAL before a restart, so it leaves STARTUP for
     * COMMUNICATIONS-INTERRUPTED: responsive for its own half, MCLT-capped lifetimes. Startup is
     * run out by handing the engine a monotonic time past the startup deadline (no waiting).
     */
    static FailoverEndpoint serving(Role role, LeaseStore store) throws LeaseStoreException {
        Instant before = Instant.now().minusSeconds(60);
        store.saveEndpoint(new EndpointRecord(ServerState.NORMAL, before.minusSeconds(600), null, ServerState.NORMAL,
                before, before, before, null, false));
        RelationshipConfig config = config(role);
        Now now = Now.of(ClockSource.SYSTEM);
        FailoverEndpoint e = new FailoverEndpoint(config, store, FailoverListener.NONE, DISCARD, ClockSource.SYSTEM,
                FaultInjector.NONE, now);
        e.start(now);
        e.poll(new Now(Instant.now(), now.nanos() + config.startupTime().toNanos() + 1));
        return e;
    }

    static ClientIdentity client(int n) {
        return new ClientIdentity(Duid.parseHex(String.format("0001000100%08x", n)), 1, IaType.IA_NA);
    }

    /** Closes the store and removes a journal directory. */
    static void dispose(LeaseStore store) throws Exception {
        store.close();
        if (store instanceof JournalLeaseStore j) {
            try (Stream<Path> walk = Files.walk(j.directory())) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
