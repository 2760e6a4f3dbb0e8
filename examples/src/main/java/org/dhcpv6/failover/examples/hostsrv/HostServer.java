package org.dhcpv6.failover.examples.hostsrv;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.dhcpv6.failover.api.AddressPool;
import org.dhcpv6.failover.api.BindingStatus;
import org.dhcpv6.failover.api.ClockSource;
import org.dhcpv6.failover.api.Duid;
import org.dhcpv6.failover.api.LeaseHooks;
import org.dhcpv6.failover.api.LeaseStore;
import org.dhcpv6.failover.api.LeaseStoreException;
import org.dhcpv6.failover.api.PrefixPool;
import org.dhcpv6.failover.api.RelationshipConfig;
import org.dhcpv6.failover.api.TransportException;
import org.dhcpv6.failover.core.runtime.FailoverServer;
import org.dhcpv6.failover.core.store.JdbcLeaseStore;
import org.dhcpv6.failover.core.store.JournalLeaseStore;
import org.dhcpv6.failover.examples.dhcp.ServerDuidFile;
import org.dhcpv6.failover.examples.server.DhcpServerCore;
import org.dhcpv6.failover.examples.server.DhcpUdpServer;
import org.dhcpv6.failover.examples.server.FailoverLeaseBackend;
import org.dhcpv6.failover.examples.server.LeaseBackend;
import org.dhcpv6.failover.examples.server.ServerPolicy;
import org.dhcpv6.failover.examples.server.StandaloneLeaseBackend;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running example server: the DHCPv6 UDP socket, the lease backend (standalone, or the
 * failover adapter over the relationship's hooks), the failover server and its store (the journal
 * in {@code store.dir}, or PostgreSQL through a connection pool with {@code store.jdbc-url}),
 * and the control socket. {@link #close()} stops them in the order a clean shutdown needs: no
 * new clients first, then DISCONNECT to the partner, then the store.
 */
public final class HostServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HostServer.class);

    private final AtomicBoolean closed = new AtomicBoolean();
    private ControlSocketServer control;
    private MetricsHttpServer metrics;
    private DhcpUdpServer udp;
    private FailoverServer failover;
    private LeaseStore store;
    private AutoCloseable pool;

    private HostServer() {
    }

    /**
     * Starts everything the configuration asks for.
     *
     * @throws StartupException naming what failed; whatever had started is closed again
     */
    public static HostServer start(ServerConfig config) throws StartupException {
        HostServer s = new HostServer();
        try {
            s.startParts(config);
            return s;
        } catch (StartupException e) {
            s.close();
            throw e;
        } catch (IOException | UncheckedIOException | LeaseStoreException | TransportException
                | IllegalArgumentException | IllegalStateException e) {
            s.close();
            throw new StartupException(e.getMessage(), e);
        }
    }

    /** The store directory holds client identities: created 0700 here, before the DUID file makes it 0755. */
    private static void createOwnerOnly(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.createDirectories(dir,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } else {
            Files.createDirectories(dir);
        }
    }

    private void startParts(ServerConfig config)
            throws StartupException, IOException, LeaseStoreException, TransportException {
        if (config.storeDir().isPresent()) {
            createOwnerOnly(config.storeDir().get());
        }
        Duid duid = ServerDuidFile.loadOrCreate(config.duidFile());
        ServerPolicy policy = ServerPolicy.builder().lifetimes(config.lifetimes())
                .onLinkPrefixes(config.addressPools().stream()
                        .flatMap(p -> ConfigPools.standalonePrefix(p).stream()).toList())
                .build();
        LeaseBackend backend;
        Supplier<String> mode;
        // One store, opened the same way with failover on or off, so that the two differ only by failover.
        store = openStore(config);
        if (config.failover().isPresent()) {
            RelationshipConfig rc = config.failover().get();
            ClockSource clock = config.clock();
            if (clock != ClockSource.SYSTEM) {
                LOG.warn("clock.offset / clock.drift-ppm: this server's wall clock is the {} (demonstrations only)", clock);
            }
            failover = FailoverServer.builder().transport(Transports.forConfig(config)).clock(clock)
                    .relationship(rc, store, new LoggingListener()).build();
            LeaseHooks hooks = failover.hooks(rc.name());
            backend = new FailoverLeaseBackend(hooks, config.lifetimes(), clock::wallTime, true);
            failover.start();
            String line = "failover relationship '" + rc.name() + "' as " + rc.role().name().toLowerCase(Locale.ROOT)
                    + ", partner " + rc.partnerAddress() + (config.insecurePlaintext() ? " (INSECURE plaintext)" : "");
            mode = () -> line;
        } else {
            StandaloneLeaseBackend standalone = standalone(config, store);
            backend = standalone;
            mode = () -> "standalone (failover.enabled=false), " + liveLeases(standalone) + " leases";
        }
        DhcpServerCore core = new DhcpServerCore(duid, policy, backend);
        DhcpUdpServer.Builder ub = DhcpUdpServer.builder(core).bind(config.dhcpListen())
                .receiveThreads(config.receiveThreads());
        config.dhcpInterface().ifPresent(ub::multicastInterface);
        udp = ub.start();
        String dhcpLine = "dhcp " + udp.localAddress() + ", server DUID " + duid;
        LeaseStore counted = store;
        ClockSource clock = config.clock();
        Supplier<List<String>> header = () -> List.of(dhcpLine, mode.get());
        ServerCommands commands = new ServerCommands(header, failover,
                name -> counted == null ? "" : bindingCounts(counted),
                () -> StatusJson.render(header.get(), failover, clock,
                        name -> counted == null ? Optional.empty() : countBindings(counted)));
        control = ControlSocketServer.start(config.controlSocket(), commands);
        if (config.metricsListen().isPresent()) {
            if (failover == null) {
                LOG.warn("metrics.listen: ignored without failover (failover.enabled=false)");
            } else {
                metrics = MetricsHttpServer.start(config.metricsListen().get(), failover,
                        name -> counted == null ? Optional.empty() : countBindings(counted));
            }
        }
        LOG.info("example server running: {}; {}", dhcpLine, mode.get());
    }

    private static long liveLeases(StandaloneLeaseBackend backend) {
        Instant now = Instant.now();
        return backend.leases().stream().filter(l -> l.validUntil().isAfter(now)).count();
    }

    private LeaseStore openStore(ServerConfig config) throws LeaseStoreException, IOException {
        if (config.jdbc().isEmpty()) {
            return JournalLeaseStore.open(config.storeDir().orElseThrow());
        }
        ConfigJdbc jdbc = config.jdbc().get();
        com.zaxxer.hikari.HikariDataSource ds = JdbcPool.open(jdbc, config.receiveThreads());
        pool = ds;
        LOG.info("leases in PostgreSQL: {} as store '{}'", jdbc.url(), jdbc.storeName());
        return JdbcLeaseStore.open(ds, jdbc.storeName());
    }

    private static String bindingCounts(LeaseStore store) {
        try {
            StatusJson.BindingCounts c = count(store);
            return ", " + c.all() + " bindings (" + c.active() + " active)";
        } catch (LeaseStoreException e) {
            return ", bindings unknown (" + e.getMessage() + ")";
        }
    }

    private static Optional<StatusJson.BindingCounts> countBindings(LeaseStore store) {
        try {
            return Optional.of(count(store));
        } catch (LeaseStoreException e) {
            return Optional.empty();
        }
    }

    private static StatusJson.BindingCounts count(LeaseStore store) throws LeaseStoreException {
        AtomicLong active = new AtomicLong();
        AtomicLong all = new AtomicLong();
        store.forEach(b -> {
            all.incrementAndGet();
            if (b.status() == BindingStatus.ACTIVE) {
                active.incrementAndGet();
            }
        });
        return new StatusJson.BindingCounts(all.get(), active.get());
    }

    private static StandaloneLeaseBackend standalone(ServerConfig config, LeaseStore store) {
        StandaloneLeaseBackend.Builder b = StandaloneLeaseBackend.builder().maxLifetimes(config.lifetimes()).store(store);
        for (AddressPool p : config.addressPools()) {
            b.addressPool(ConfigPools.standalonePrefix(p).orElseThrow());
        }
        for (PrefixPool p : config.prefixPools()) {
            b.prefixPool(p.delegable(), p.delegatedLength());
        }
        return b.build();
    }

    private static void stop(AutoCloseable part) {
        if (part == null) {
            return;
        }
        try {
            part.close();
        } catch (Exception e) {
            LOG.warn("error while stopping {}", part, e);
        }
    }

    /** The bound DHCPv6 address (useful when {@code dhcp.listen} asked for port 0). */
    public InetSocketAddress dhcpAddress() {
        return udp.localAddress();
    }

    /**
     * Stops the control socket and the DHCP socket, then the failover server (which sends
     * DISCONNECT to the partner), then the store and its database pool. Safe to call more than once.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        // No new client work first; then DISCONNECT to the partner; the store last, since the
        // failover server writes to it until it stops.
        stop(control);
        stop(metrics);
        stop(udp);
        stop(failover);
        if (store != null) {
            stop(store::close);
        }
        stop(pool);
        LOG.info("example server stopped");
    }
}
