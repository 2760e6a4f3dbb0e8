package org.dhcpv6.failover.examples.hostsrv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.dhcpv6.failover.api.AddressPool;
import org.dhcpv6.failover.api.Ipv6Prefix;
import org.dhcpv6.failover.api.PrefixPool;
import org.dhcpv6.failover.api.RelationshipConfig;
import org.dhcpv6.failover.api.Role;
import org.dhcpv6.failover.examples.server.Lifetimes;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ServerConfigTest {

    @TempDir
    Path dir;

    @BeforeEach
    void tlsFiles() throws IOException {
        for (String f : List.of("a-chain.pem", "a-key.pem", "ca.pem")) {
            Files.writeString(dir.resolve(f), "placeholder\n");
        }
    }

    private ServerConfig load(String... lines) throws ConfigException, IOException {
        Path file = dir.resolve("server.properties");
        Files.write(file, List.of(lines));
        return ServerConfig.load(file);
    }

    private static final String[] FULL = {
        "dhcp.listen = [::1]:5547",
        "dhcp.interface = eth0",
        "server.duid-file = duid.txt",
        "store.dir = store",
        "failover.enabled = true",
        "failover.role = secondary",
        "failover.relationship = campus",
        "failover.local = [::1]:6470",
        "failover.partner = [2001:db8::a]:647",
        "failover.mclt = 30m",
        "failover.keepalive = 20s",
        "failover.auto-partner-down = 2h",
        "pool.addresses = 2001:db8:1::/64, 2001:db8:2::10-2001:db8:2::ff",
        "pool.prefixes = 2001:db8:100::/48=56;share=0.25",
        "lease.preferred = 1h",
        "lease.valid = 2h",
        "tls.chain = a-chain.pem",
        "tls.key = a-key.pem",
        "tls.ca = ca.pem",
        "tls.partner-name = dhcp-b.example",
        "control.socket = ctl.sock",
    };

    @Test
    void everyKeyIsRead() throws Exception {
        ServerConfig c = load(FULL);
        assertEquals(new InetSocketAddress("::1", 5547), c.dhcpListen());
        assertEquals(Optional.of("eth0"), c.dhcpInterface());
        assertEquals(dir.resolve("duid.txt"), c.duidFile());
        assertEquals(Optional.of(dir.resolve("store")), c.storeDir());
        assertEquals(Optional.empty(), c.jdbc());
        assertEquals(dir.resolve("ctl.sock"), c.controlSocket());
        assertEquals(new Lifetimes(3600, 7200), c.lifetimes());
        assertEquals(List.of(AddressPool.parse("2001:db8:1::/64"), AddressPool.parse("2001:db8:2::10-2001:db8:2::ff")),
                c.addressPools());
        assertEquals(List.of(new PrefixPool(Ipv6Prefix.parse("2001:db8:100::/48"), 56, 0.25)), c.prefixPools());
        RelationshipConfig r = c.failover().orElseThrow();
        assertEquals("campus", r.name());
        assertEquals(Role.SECONDARY, r.role());
        assertEquals(new InetSocketAddress("::1", 6470), r.localAddress());
        assertEquals(new InetSocketAddress("2001:db8::a", 647), r.partnerAddress());
        assertEquals(Duration.ofMinutes(30), r.mclt());
        assertEquals(Duration.ofSeconds(20), r.keepalive());
        assertEquals(Optional.of(Duration.ofHours(2)), r.autoPartnerDown());
        ServerConfig.TlsFiles tls = c.tls().orElseThrow();
        assertEquals(dir.resolve("a-chain.pem"), tls.chain());
        assertEquals(dir.resolve("a-key.pem"), tls.key());
        assertEquals(Optional.of(dir.resolve("ca.pem")), tls.ca());
        assertEquals(Optional.of("dhcp-b.example"), tls.partnerName());
        assertFalse(c.insecurePlaintext());
    }

    @Test
    void defaults() throws Exception {
        ServerConfig c = load("store.dir = /var/lib/x", "failover.role = primary", "failover.relationship = r",
                "failover.partner = 2001:db8::b", "pool.addresses = 2001:db8:1::/64", "tls.insecure-plaintext = true");
        assertEquals(new InetSocketAddress(547), c.dhcpListen());
        assertEquals(Optional.empty(), c.dhcpInterface());
        assertEquals(Path.of("/var/lib/x/server-duid"), c.duidFile());
        assertEquals(Path.of("/var/lib/x/control.sock"), c.controlSocket());
        RelationshipConfig r = c.failover().orElseThrow();
        assertEquals(new InetSocketAddress("2001:db8::b", 647), r.partnerAddress());
        assertEquals(Duration.ofHours(1), r.mclt());
        assertEquals(Duration.ofSeconds(60), r.keepalive());
        assertEquals(Optional.empty(), r.autoPartnerDown());
        assertTrue(c.insecurePlaintext());
        assertEquals(new Lifetimes(3600, 7200), c.lifetimes());
    }

    @Test
    void standaloneNeedsNoFailoverKeys() throws Exception {
        ServerConfig c = load("store.dir = s", "failover.enabled = false", "pool.addresses = 2001:db8:1::/64",
                "lease.preferred = infinite", "lease.valid = infinite");
        assertFalse(c.failoverEnabled());
        assertEquals(new Lifetimes(Lifetimes.INFINITY, Lifetimes.INFINITY), c.lifetimes());
    }

    @Test
    void pinnedFingerprintReplacesCaAndName() throws Exception {
        ServerConfig c = load("store.dir = s", "failover.role = primary", "failover.relationship = r",
                "failover.partner = [::1]:647", "pool.addresses = 2001:db8:1::/64", "tls.chain = a-chain.pem",
                "tls.key = a-key.pem", "tls.pinned-fingerprint = ab:cd");
        assertEquals(Optional.of("ab:cd"), c.tls().orElseThrow().pinnedFingerprint());
    }

    private static final String BASE = "store.dir=s|failover.role=primary|failover.relationship=r|"
            + "failover.partner=[::1]:647|pool.addresses=2001:db8:1::/64|tls.insecure-plaintext=true";

    /** Each row: a line that overrides BASE, then the start of the expected message. */
    @ParameterizedTest
    @CsvSource(delimiterString = " => ", value = {
        "failover.mclt=abc => failover.mclt: 'abc' is not a duration (use e.g. 3600s, 60m, 1h)",
        "failover.keepalive=5x => failover.keepalive: '5x' is not a duration",
        "failover.auto-partner-down=soon => failover.auto-partner-down: 'soon' is not a duration",
        "failover.mclt=0s => failover.mclt: mclt must be at least one second",
        "lease.preferred=forever => lease.preferred: 'forever' is not a duration",
        "lease.valid=10s => lease.valid: 10s is under the 30 s failover minimum",
        "lease.valid=1m => lease.preferred: 3600s is longer than lease.valid (60s)",
        "dhcp.listen=[::1:547 => dhcp.listen: '[::1:547' is not address:port",
        "dhcp.listen=[::1]:port => dhcp.listen: '[::1]:port' is not address:port",
        "failover.partner=[::1]:70000 => failover.partner: '[::1]:70000' is not address:port",
        "failover.local=[::1]x => failover.local: '[::1]x' is not address:port",
        "failover.enabled=maybe => failover.enabled: 'maybe' is not true or false",
        "failover.role=tertiary => failover.role: 'tertiary' must be primary or secondary",
        "failover.relationship= => failover.relationship: empty value",
        "pool.addresses=2001:db8:1::/64- => pool.addresses: '2001:db8:1::/64-' is not a prefix or range",
        "pool.prefixes=2001:db8:100::/48 => pool.prefixes: '2001:db8:100::/48' is not prefix=length",
        "pool.prefixes=2001:db8:100::/48=40 => pool.prefixes: '2001:db8:100::/48=40' is not prefix=length",
        "pool.prefixes=2001:db8:100::/48=56;share=2 => pool.prefixes: '2001:db8:100::/48=56;share=2'",
        "pool.prefixes=2001:db8:100::/48=56;color=red => pool.prefixes: '2001:db8:100::/48=56;color=red'",
        "pool.prefixes=2001:db8:1::/48=56 => pool.addresses, pool.prefixes: address pool",
        "tls.insecure-plaintext=yes => tls.insecure-plaintext: 'yes' is not true or false",
        "tls.partner-name=b.example => tls.insecure-plaintext: true, but tls.partner-name also set",
        "control.sock=x => control.sock: unknown key",
        "server.duid-file= => server.duid-file: empty value",
        "dhcp.interface= => dhcp.interface: empty value",
        "pool.addresses=ff02::/64 => pool.addresses: 'ff02::/64' includes multicast (ff00::/8) addresses",
        "pool.addresses=::-::ff => pool.addresses: '::-::ff' includes the unspecified or loopback address",
        "pool.addresses=fe80::/64 => pool.addresses: 'fe80::/64' includes link-local (fe80::/10) addresses",
        "pool.prefixes=ff00::/48=56 => pool.prefixes: 'ff00::/48=56' includes multicast (ff00::/8) addresses",
    })
    void everyErrorNamesTheKey(String line, String expected) {
        ConfigException e = assertThrows(ConfigException.class, () -> load(withOverride(line)));
        assertTrue(e.getMessage().startsWith(expected.trim()), e.getMessage());
    }

    private static String[] withOverride(String line) {
        String key = line.substring(0, line.indexOf('=')).trim();
        List<String> lines = new java.util.ArrayList<>();
        for (String l : BASE.split("\\|")) {
            if (!l.startsWith(key + "=")) {
                lines.add(l);
            }
        }
        lines.add(line.trim());
        return lines.toArray(String[]::new);
    }

    @Test
    void missingRequiredKeysAreNamed() {
        assertMessage("store.dir: required", "pool.addresses = 2001:db8:1::/64");
        assertMessage("pool.addresses, pool.prefixes: set at least one pool", "store.dir = s");
        assertMessage("failover.role: required when failover.enabled=true", "store.dir = s",
                "pool.addresses = 2001:db8:1::/64");
        assertMessage("failover.relationship: required", "store.dir = s", "pool.addresses = 2001:db8:1::/64",
                "failover.role = primary");
        assertMessage("failover.partner: required", "store.dir = s", "pool.addresses = 2001:db8:1::/64",
                "failover.role = primary", "failover.relationship = r");
    }

    @Test
    void failoverWithoutTlsFilesRefusesAndNamesTheMissingKeys() {
        String[] base = {"store.dir = s", "pool.addresses = 2001:db8:1::/64", "failover.role = primary",
            "failover.relationship = r", "failover.partner = [::1]:647"};
        ConfigException e = assertThrows(ConfigException.class, () -> load(base));
        assertTrue(e.getMessage().startsWith("tls.chain, tls.key, tls.ca, tls.partner-name: required for failover"),
                e.getMessage());
        assertTrue(e.getMessage().contains("tls.insecure-plaintext=true"), e.getMessage());
        String[] partial = concat(base, "tls.chain = a-chain.pem", "tls.key = a-key.pem", "tls.ca = ca.pem");
        assertMessage("tls.partner-name: required for failover", partial);
        assertMessage("tls.pinned-fingerprint: set either it or tls.ca", concat(partial, "tls.partner-name = b",
                "tls.pinned-fingerprint = ab"));
        assertMessage("tls.ca: " + dir.resolve("nope.pem") + " is not a readable file", concat(base,
                "tls.chain = a-chain.pem", "tls.key = a-key.pem", "tls.ca = nope.pem", "tls.partner-name = b"));
    }

    @Test
    void standaloneServesOnePrefixPerKind() {
        assertMessage("pool.addresses: '2001:db8:1::10-2001:db8:1::ff' must be one prefix", "store.dir = s",
                "failover.enabled = false", "pool.addresses = 2001:db8:1::10-2001:db8:1::ff");
        assertMessage("pool.addresses: only one pool is served", "store.dir = s", "failover.enabled = false",
                "pool.addresses = 2001:db8:1::/64,2001:db8:2::/64");
        assertMessage("pool.prefixes: only one pool is served", "store.dir = s", "failover.enabled = false",
                "pool.prefixes = 2001:db8:100::/48=56,2001:db8:200::/48=56");
    }

    /** Issue 17, finding 6: the last of two values used to win silently. */
    @Test
    void aKeySetTwiceNamesTheKeyAndBothLines() {
        assertMessage("pool.addresses: set twice in " + dir.resolve("server.properties") + ", on line 2 and line 5",
                "store.dir = s", "pool.addresses = 2001:db8:1::/64", "# pool.addresses = 2001:db8:9::/64",
                "failover.enabled = false", "  pool.addresses : 2001:db8:2::/64");
        assertMessage("failover.mclt: set twice in " + dir.resolve("server.properties") + ", on line 1 and line 3",
                "failover.mclt = 1h", "lease.valid = 2h\\\\", "failover.mclt = 2h");
    }

    @Test
    void aContinuedValueIsNotADuplicate() throws Exception {
        // "lease.valid" continues onto the next line, which is its value, not a key of its own.
        ServerConfig c = load("store.dir = s", "failover.enabled = false", "pool.addresses = \\",
                "  2001:db8:1::/64", "lease.valid = 2h");
        assertEquals(1, c.addressPools().size());
    }

    @Test
    void theClockIsTheSystemsUnlessSetOffForADemo() throws Exception {
        assertSame(org.dhcpv6.failover.api.ClockSource.SYSTEM, load(FULL).clock());
        ServerConfig behind = load(concat(FULL, "clock.offset = -90m", "clock.drift-ppm = -200"));
        long ahead = java.time.Duration.between(java.time.Instant.now(), behind.clock().wallTime()).toSeconds();
        assertTrue(ahead >= -5401 && ahead <= -5399, "offset " + ahead + " s");
        assertMessage("clock.offset: 'soon' is not a duration", concat(FULL, "clock.offset = soon"));
        assertMessage("clock.drift-ppm: 200000 is out of range", concat(FULL, "clock.drift-ppm = 200000"));
    }

    @Test
    void anUnreadableFileIsNamed() {
        ConfigException e = assertThrows(ConfigException.class, () -> ServerConfig.load(dir.resolve("none")));
        assertTrue(e.getMessage().startsWith(dir.resolve("none") + ": cannot read"), e.getMessage());
    }

    private static final String[] JDBC = {"pool.addresses = 2001:db8:1::/64", "failover.role = secondary",
        "failover.relationship = campus", "failover.partner = [::1]:647", "tls.insecure-plaintext = true",
        "store.jdbc-url = jdbc:postgresql://127.0.0.1:5432/leases", "store.jdbc-user = dhcp",
        "store.jdbc-password-file = ca.pem", "server.duid-file = duid", "control.socket = ctl.sock"};

    @Test
    void aPostgresStoreReplacesTheStoreFolder() throws Exception {
        ServerConfig c = load(JDBC);
        assertEquals(Optional.empty(), c.storeDir());
        assertEquals(Optional.of(new ConfigJdbc("jdbc:postgresql://127.0.0.1:5432/leases", Optional.of("dhcp"),
                Optional.of(dir.resolve("ca.pem")), "campus-secondary")), c.jdbc());
        assertEquals("shared", load(concat(JDBC, "store.jdbc-name = shared")).jdbc().orElseThrow().storeName());
    }

    @Test
    void postgresStoreMistakesAreNamed() {
        String[] noDuid = java.util.Arrays.stream(JDBC).filter(l -> !l.startsWith("server.duid-file"))
                .toArray(String[]::new);
        assertMessage("server.duid-file: required when store.dir is not set", noDuid);
        String[] mysql = java.util.Arrays.stream(JDBC).map(l -> l.startsWith("store.jdbc-url")
                ? "store.jdbc-url = jdbc:mysql://db/leases" : l).toArray(String[]::new);
        assertMessage("store.jdbc-url: 'jdbc:mysql://db/leases' is not a PostgreSQL URL", mysql);
        assertMessage("store.jdbc-password-file: ", concat(JDBC, "store.jdbc-password-file = missing"));
        assertMessage("store.jdbc-url: required with store.jdbc-user", "store.dir = s",
                "pool.addresses = 2001:db8:1::/64", "failover.enabled = false", "store.jdbc-user = dhcp");
        assertMessage("store.jdbc-url: only with failover", "store.dir = s", "pool.addresses = 2001:db8:1::/64",
                "failover.enabled = false", "store.jdbc-url = jdbc:postgresql://db/leases");
    }

    private void assertMessage(String start, String... lines) {
        ConfigException e = assertThrows(ConfigException.class, () -> load(lines));
        assertTrue(e.getMessage().startsWith(start), e.getMessage());
    }

    private static String[] concat(String[] a, String... b) {
        List<String> all = new java.util.ArrayList<>(List.of(a));
        all.addAll(List.of(b));
        return all.toArray(String[]::new);
    }
}
