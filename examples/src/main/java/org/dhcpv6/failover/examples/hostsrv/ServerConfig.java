package org.dhcpv6.failover.examples.hostsrv;

import java.io.IOException;
import java.io.Reader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.dhcpv6.failover.api.AddressPool;
import org.dhcpv6.failover.api.ClockSource;
import org.dhcpv6.failover.api.PrefixPool;
import org.dhcpv6.failover.api.RelationshipConfig;
import org.dhcpv6.failover.api.Role;
import org.dhcpv6.failover.examples.server.DhcpUdpServer;
import org.dhcpv6.failover.examples.server.Lifetimes;

/**
 * The configuration of one example server, read from one properties file by {@link #load}.
 * Every key is described in {@code examples/README-SERVER.md}. Secure by default: failover
 * without TLS files is refused unless {@code tls.insecure-plaintext=true} says otherwise.
 *
 * @param dhcpListen where the DHCPv6 socket binds ({@code dhcp.listen})
 * @param dhcpInterface the interface on which to join ff02::1:2, if any ({@code dhcp.interface})
 * @param receiveThreads threads answering DHCPv6 messages ({@code dhcp.receive-threads}, default 2);
 *        none waits for a lease commit (replies go out as their batch becomes durable), so a
 *        few suffice
 * @param duidFile where the server DUID is kept ({@code server.duid-file})
 * @param storeDir the lease journal's directory ({@code store.dir}); empty only with {@code jdbc}
 * @param controlSocket the UNIX domain socket for status and partner-down ({@code control.socket})
 * @param lifetimes the lifetimes asked for every lease ({@code lease.preferred}, {@code lease.valid})
 * @param addressPools address pools ({@code pool.addresses})
 * @param prefixPools prefix pools ({@code pool.prefixes})
 * @param failover the relationship, or empty when {@code failover.enabled=false}
 * @param tls the TLS files, or empty when failover is off or {@code tls.insecure-plaintext=true}
 * @param clock the server's clock: the system clock, or one set off for demonstrations
 *        ({@code clock.offset}, {@code clock.drift-ppm})
 * @param metricsListen where the Prometheus scrape endpoint listens, if anywhere ({@code metrics.listen})
 * @param jdbc the database holding the leases instead of the journal ({@code store.jdbc-*}), if any
 */
public record ServerConfig(
        InetSocketAddress dhcpListen,
        Optional<String> dhcpInterface,
        int receiveThreads,
        Path duidFile,
        Optional<Path> storeDir,
        Path controlSocket,
        Lifetimes lifetimes,
        List<AddressPool> addressPools,
        List<PrefixPool> prefixPools,
        Optional<RelationshipConfig> failover,
        Optional<TlsFiles> tls,
        ClockSource clock,
        Optional<InetSocketAddress> metricsListen,
        Optional<ConfigJdbc> jdbc) {

    /** The port of {@code metrics.listen} when none is given. */
    static final int METRICS_PORT = 9547;

    /** Every key this file may hold. */
    static final Set<String> KEYS = Set.of("dhcp.listen", "dhcp.interface", "dhcp.receive-threads", "server.duid-file", "store.dir",
            "store.jdbc-url", "store.jdbc-user", "store.jdbc-password-file", "store.jdbc-name",
            "failover.enabled", "failover.role", "failover.relationship", "failover.local", "failover.partner",
            "failover.mclt", "failover.keepalive", "failover.auto-partner-down", "pool.addresses", "pool.prefixes",
            "lease.preferred", "lease.valid", "tls.chain", "tls.key", "tls.ca", "tls.partner-name",
            "tls.pinned-fingerprint", "tls.insecure-plaintext", "control.socket",
            "clock.offset", "clock.drift-ppm", "metrics.listen");

    /**
     * The TLS material of the failover connection.
     *
     * @param chain own certificate chain, PEM ({@code tls.chain})
     * @param key own private key, PEM PKCS#8 ({@code tls.key})
     * @param ca trust anchors, PEM, if the partner is checked by name ({@code tls.ca})
     * @param partnerName the DNS name the partner's certificate must carry ({@code tls.partner-name})
     * @param pinnedFingerprint the partner certificate's SHA-256 ({@code tls.pinned-fingerprint})
     */
    public record TlsFiles(Path chain, Path key, Optional<Path> ca, Optional<String> partnerName,
            Optional<String> pinnedFingerprint) {
    }

    /** Whether the failover relationship runs (else the server runs alone). */
    public boolean failoverEnabled() {
        return failover.isPresent();
    }

    /** Whether failover runs over plain TCP ({@code tls.insecure-plaintext=true}). */
    public boolean insecurePlaintext() {
        return failover.isPresent() && tls.isEmpty();
    }

    /**
     * Reads and checks a configuration file.
     *
     * @throws ConfigException naming the key and the problem, or the file if it cannot be read
     */
    public static ServerConfig load(Path file) throws ConfigException {
        Properties p = new Properties();
        List<String> lines;
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException(file + ": cannot read the configuration: " + e.getMessage(), e);
        }
        DuplicateKeys.check(lines, file);
        Map<String, String> values = new HashMap<>();
        p.stringPropertyNames().forEach(k -> values.put(k.trim(), p.getProperty(k).trim()));
        Path base = file.toAbsolutePath().getParent();
        return parse(new ConfigReader(values, base));
    }

    static ServerConfig parse(ConfigReader in) throws ConfigException {
        in.rejectUnknown(KEYS);
        InetSocketAddress listen = in.socketAddress("dhcp.listen", DhcpUdpServer.SERVER_PORT)
                .orElse(new InetSocketAddress(DhcpUdpServer.SERVER_PORT));
        int threads = in.integer("dhcp.receive-threads", 2, 1, 64);
        Optional<Path> store = in.path("store.dir");
        boolean jdbcStore = in.string("store.jdbc-url").isPresent();
        if (store.isEmpty() && !jdbcStore) {
            throw new ConfigException("store.dir: required (the folder of the lease journal, server DUID and control"
                    + " socket), unless store.jdbc-url keeps the leases in PostgreSQL");
        }
        Path duid = orInStoreDir(in, "server.duid-file", store, "server-duid");
        Path control = orInStoreDir(in, "control.socket", store, "control.sock");
        Lifetimes lifetimes = ConfigPools.lifetimes(in);
        List<AddressPool> addresses = ConfigPools.addressPools(in);
        List<PrefixPool> prefixes = ConfigPools.prefixPools(in);
        if (addresses.isEmpty() && prefixes.isEmpty()) {
            throw new ConfigException("pool.addresses, pool.prefixes: set at least one pool");
        }
        boolean enabled = in.bool("failover.enabled", true);
        if (!enabled) {
            ConfigPools.checkStandalone(in, addresses, prefixes);
            return new ServerConfig(listen, in.string("dhcp.interface"), threads, duid, store, control, lifetimes, addresses,
                    prefixes, Optional.empty(), Optional.empty(), clock(in),
                    in.socketAddress("metrics.listen", METRICS_PORT), ConfigJdbc.read(in, Optional.empty()));
        }
        RelationshipConfig relationship = relationship(in, addresses, prefixes);
        Optional<TlsFiles> tls = ConfigTls.read(in);
        return new ServerConfig(listen, in.string("dhcp.interface"), threads, duid, store, control, lifetimes, addresses,
                prefixes, Optional.of(relationship), tls, clock(in),
                in.socketAddress("metrics.listen", METRICS_PORT), ConfigJdbc.read(in, Optional.of(relationship)));
    }

    /** The path of {@code key}, else {@code fileName} in the store folder; without one the key is required. */
    private static Path orInStoreDir(ConfigReader in, String key, Optional<Path> store, String fileName)
            throws ConfigException {
        Optional<Path> p = in.path(key);
        if (p.isPresent()) {
            return p.get();
        }
        if (store.isEmpty()) {
            throw new ConfigException(key + ": required when store.dir is not set (with store.jdbc-url)");
        }
        return store.get().resolve(fileName);
    }

    /** The system clock, unless {@code clock.offset} or {@code clock.drift-ppm} set it off (demos). */
    private static ClockSource clock(ConfigReader in) throws ConfigException {
        Optional<String> offsetText = in.string("clock.offset");
        int ppm = in.integer("clock.drift-ppm", 0, -100_000, 100_000);
        if (offsetText.isEmpty() && ppm == 0) {
            return ClockSource.SYSTEM;
        }
        String text = offsetText.orElse("0s");
        boolean behind = text.startsWith("-");
        Duration offset = ConfigReader.parseDuration("clock.offset", behind ? text.substring(1) : text);
        return new OffsetClock(behind ? offset.negated() : offset, ppm);
    }

    private static RelationshipConfig relationship(ConfigReader in, List<AddressPool> addresses,
            List<PrefixPool> prefixes) throws ConfigException {
        String why = "when failover.enabled=true";
        String roleText = in.required("failover.role", why);
        Role role = switch (roleText.toLowerCase(java.util.Locale.ROOT)) {
            case "primary" -> Role.PRIMARY;
            case "secondary" -> Role.SECONDARY;
            default -> throw new ConfigException("failover.role: '" + roleText + "' must be primary or secondary");
        };
        String name = in.required("failover.relationship", why);
        InetSocketAddress partner = ConfigReader.parseSocketAddress("failover.partner",
                in.required("failover.partner", why), RelationshipConfig.FAILOVER_PORT);
        RelationshipConfig.Builder b = RelationshipConfig.builder(name, role).partnerAddress(partner);
        Optional<InetSocketAddress> local = in.socketAddress("failover.local", RelationshipConfig.FAILOVER_PORT);
        local.ifPresent(b::localAddress);
        Optional<Duration> mclt = in.duration("failover.mclt");
        Optional<Duration> keepalive = in.duration("failover.keepalive");
        Optional<Duration> auto = in.duration("failover.auto-partner-down");
        mclt.ifPresent(b::mclt);
        keepalive.ifPresent(b::keepalive);
        auto.ifPresent(b::autoPartnerDown);
        addresses.forEach(b::addressPool);
        prefixes.forEach(b::prefixPool);
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new ConfigException(keyOf(e.getMessage()) + ": " + e.getMessage(), e);
        }
    }

    /** Which key a relationship check failed on, from the words of its message. */
    private static String keyOf(String message) {
        String m = String.valueOf(message);
        if (m.startsWith("mclt")) {
            return "failover.mclt";
        }
        if (m.startsWith("keepalive")) {
            return "failover.keepalive";
        }
        if (m.startsWith("autoPartnerDown")) {
            return "failover.auto-partner-down";
        }
        if (m.startsWith("relationship name")) {
            return "failover.relationship";
        }
        if (m.contains("pool")) {
            return "pool.addresses, pool.prefixes";
        }
        return "failover";
    }
}
