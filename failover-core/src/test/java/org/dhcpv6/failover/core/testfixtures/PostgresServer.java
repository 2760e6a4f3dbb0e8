package org.dhcpv6.failover.core.testfixtures;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A real PostgreSQL server for tests, one per test JVM: Debian's binaries ({@code initdb},
 * {@code pg_ctl}) run a fresh cluster in a temporary directory on a free 127.0.0.1 port (its
 * unix socket in the same directory), as the unprivileged {@code postgres} user (or
 * {@code nobody}) when the JVM runs as root. A shutdown hook stops it and deletes the directory.
 *
 * <p><b>Without PostgreSQL.</b> When no binaries are found, {@link #shared()} aborts the calling
 * test (JUnit reports it skipped, with the reason) unless the environment says the server is
 * required: {@code FAILOVER_PG_REQUIRED=1} or {@code CI=true} (set by {@code .ci/run}), or
 * {@code -Dfailover.pg.required=true}; then it fails, so CI can never skip these tests silently.
 * Binaries that are found but fail to start always fail the test. {@code FAILOVER_PG_BIN} or
 * {@code -Dfailover.pg.bin} names the binary directory; otherwise the newest
 * {@code /usr/lib/postgresql/N/bin}, then {@code PATH}, is used.
 */
public final class PostgresServer {

    /** The database user the tests connect as (a superuser of the test cluster). */
    public static final String USER = "failover";

    private static PostgresServer shared;
    private static RuntimeException startFailure;
    private static boolean skipReported;
    private static final AtomicInteger NAMES = new AtomicInteger();

    private final Path binDir;
    private final Path dir;
    private final Path dataDir;
    private final Path passwordFile;
    private final String password;
    private final Optional<String> runAs;
    private final int port;
    private HikariDataSource pool;

    private PostgresServer(Path binDir, Path dir, Optional<String> runAs, int port, String password) {
        this.binDir = binDir;
        this.dir = dir;
        this.dataDir = dir.resolve("data");
        this.passwordFile = dir.resolve("password");
        this.runAs = runAs;
        this.port = port;
        this.password = password;
    }

    /**
     * The server of this JVM, started on first use; aborts the test when PostgreSQL is not
     * installed and not required (see the class comment).
     */
    public static synchronized PostgresServer shared() {
        if (shared != null) {
            return shared;
        }
        if (startFailure != null) {
            throw startFailure;
        }
        Optional<Path> bin = findBinaries();
        if (bin.isEmpty()) {
            String why = "PostgreSQL binaries (initdb, pg_ctl) not found in FAILOVER_PG_BIN, /usr/lib/postgresql/*/bin"
                    + " or PATH; install Debian's postgresql package";
            if (required()) {
                startFailure = new IllegalStateException(why
                        + " (required here: FAILOVER_PG_REQUIRED, CI or failover.pg.required)");
                throw startFailure;
            }
            if (!skipReported) {
                skipReported = true;
                System.err.println("PostgreSQL tests SKIPPED: " + why);
            }
            Assumptions.abort("SKIPPED: " + why);
        }
        try {
            shared = start(bin.get());
        } catch (IOException | InterruptedException | SQLException e) {
            startFailure = new IllegalStateException("cannot start PostgreSQL from " + bin.get() + ": "
                    + e.getMessage(), e);
            throw startFailure;
        }
        PostgresServer server = shared;
        Runtime.getRuntime().addShutdownHook(new Thread(server::destroy, "postgres-test-server-stop"));
        return server;
    }

    /** Whether a missing PostgreSQL fails the tests instead of skipping them. */
    static boolean required() {
        return "1".equals(System.getenv("FAILOVER_PG_REQUIRED")) || "true".equals(System.getenv("CI"))
                || Boolean.getBoolean("failover.pg.required");
    }

    private static Optional<Path> findBinaries() {
        String configured = System.getProperty("failover.pg.bin", System.getenv("FAILOVER_PG_BIN"));
        if (configured != null && !configured.isBlank()) {
            return Optional.of(Path.of(configured)).filter(PostgresServer::hasBinaries);
        }
        Path debian = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(debian)) {
            try (Stream<Path> versions = Files.list(debian)) {
                Optional<Path> newest = versions.map(v -> v.resolve("bin")).filter(PostgresServer::hasBinaries)
                        .max(Comparator.comparing(p -> versionOf(p.getParent())));
                if (newest.isPresent()) {
                    return newest;
                }
            } catch (IOException e) {
                // Fall through to PATH.
            }
        }
        String path = System.getenv("PATH");
        return path == null ? Optional.empty()
                : Stream.of(path.split(":")).map(Path::of).filter(PostgresServer::hasBinaries).findFirst();
    }

    private static int versionOf(Path dir) {
        try {
            return Integer.parseInt(dir.getFileName().toString());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static boolean hasBinaries(Path dir) {
        return Files.isExecutable(dir.resolve("initdb")) && Files.isExecutable(dir.resolve("pg_ctl"));
    }

    private static PostgresServer start(Path bin) throws IOException, InterruptedException, SQLException {
        Optional<String> runAs = "root".equals(System.getProperty("user.name"))
                ? Optional.of(userExists("postgres") ? "postgres" : "nobody") : Optional.empty();
        Path dir = Files.createTempDirectory("failover-pg");
        String password = "pw-" + Long.toHexString(new java.security.SecureRandom().nextLong());
        PostgresServer server = new PostgresServer(bin, dir, runAs, freePort(), password);
        Files.writeString(server.passwordFile, password + "\n", StandardCharsets.UTF_8);
        if (runAs.isPresent()) {
            UserPrincipal owner = dir.getFileSystem().getUserPrincipalLookupService()
                    .lookupPrincipalByName(runAs.get());
            Files.setOwner(dir, owner);
            Files.setOwner(server.passwordFile, owner);
        }
        server.run(List.of(bin.resolve("initdb").toString(), "-D", server.dataDir.toString(), "-U", USER,
                "--pwfile=" + server.passwordFile, "-A", "scram-sha-256", "--auth-local=trust", "-E", "UTF8",
                "--locale=C", "--no-sync"));
        server.startServer();
        server.pool = server.newPool(16);
        return server;
    }

    private static boolean userExists(String user) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("id", "-u", user).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return p.waitFor() == 0;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    /** Starts the (stopped) server and waits until it accepts connections. */
    public synchronized void startServer() throws IOException, InterruptedException {
        run(List.of(binDir.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "-l",
                dir.resolve("postgres.log").toString(), "-w", "-t", "60", "-o",
                "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c max_connections=200"
                        + " -c shared_buffers=32MB", "start"));
    }

    /** Stops the server (fast shutdown: open transactions are rolled back, connections cut). */
    public synchronized void stopServer() throws IOException, InterruptedException {
        run(List.of(binDir.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "-m", "fast", "-w", "stop"));
    }

    /** The JDBC URL of the test database. */
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    /** The password of {@link #USER}. */
    public String password() {
        return password;
    }

    /** A file holding the password (one line), readable by this JVM. */
    public Path passwordFile() {
        return passwordFile;
    }

    /** A pool shared by the tests of this JVM; do not close it. */
    public HikariDataSource dataSource() {
        return pool;
    }

    /** A name no other store of this JVM uses. */
    public static String uniqueName(String prefix) {
        return prefix + "-" + NAMES.incrementAndGet();
    }

    /**
     * A new pool with a five-second connection timeout (a first SCRAM login on two busy cores can
     * take seconds), for tests that need their own; the caller closes it. It opens even while the
     * server is down.
     */
    public HikariDataSource newPool(int size) {
        return newPool(size, null);
    }

    /** {@link #newPool(int)} whose connections use {@code schema} (created if missing). */
    public HikariDataSource newPool(int size, String schema) {
        return newPool(size, schema, 5000);
    }

    /**
     * {@link #newPool(int, String)} with another connection timeout, for tests that wait for it
     * while the server is down (at least 250 ms).
     */
    public HikariDataSource newPool(int size, String schema, long connectionTimeoutMillis) {
        if (schema != null) {
            executeSql("CREATE SCHEMA IF NOT EXISTS " + schema);
        }
        HikariConfig c = new HikariConfig();
        c.setJdbcUrl(jdbcUrl() + (schema == null ? "" : "?currentSchema=" + schema));
        c.setUsername(USER);
        c.setPassword(password);
        c.setMaximumPoolSize(size);
        c.setConnectionTimeout(connectionTimeoutMillis);
        c.setValidationTimeout(1000);
        c.setInitializationFailTimeout(-1);
        c.setPoolName("test-" + (schema == null ? "public" : schema) + "-" + NAMES.incrementAndGet());
        return new HikariDataSource(c);
    }

    /** Runs SQL statements on the shared pool, in order. */
    public void executeSql(String... statements) {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("SQL failed: " + e.getMessage(), e);
        }
    }

    private void run(List<String> command) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        runAs.ifPresent(user -> full.addAll(List.of("runuser", "-u", user, "--")));
        full.addAll(command);
        Path log = Files.createTempFile("failover-pg-cmd", ".log");
        try {
            Process p = new ProcessBuilder(full).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", full) + " did not finish in 120 s");
            }
            if (p.exitValue() != 0) {
                String serverLog = Files.exists(dir.resolve("postgres.log"))
                        ? "\nserver log:\n" + Files.readString(dir.resolve("postgres.log")) : "";
                throw new IOException(String.join(" ", full) + " exited " + p.exitValue() + ":\n"
                        + Files.readString(log) + serverLog);
            }
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private void destroy() {
        if (pool != null) {
            pool.close();
        }
        try {
            run(List.of(binDir.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "-m", "immediate", "-w",
                    "stop"));
        } catch (IOException | InterruptedException e) {
            // Already stopped, or going away with the JVM; the directory goes either way.
        }
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // Left in the temporary directory.
        }
    }
}
