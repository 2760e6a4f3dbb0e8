package org.dhcpv6.failover.examples.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.dhcpv6.failover.api.LeaseStore;
import org.dhcpv6.failover.api.Role;
import org.dhcpv6.failover.core.store.JdbcLeaseStore;

/**
 * The PostgreSQL side of the benchmark programs: the {@code --jdbc-url}, {@code --jdbc-user} and
 * {@code --jdbc-password-file} options, one pool per run and fresh store names per round, whose
 * rows are deleted when the round is over.
 */
final class BenchPostgres {

    private static final AtomicInteger ROUNDS = new AtomicInteger();

    /** The connection options as the benchmark programs take them; the URL is null when not given. */
    static final class Options {
        private String url;
        private String user;
        private String passwordFile;

        /** Takes {@code name value} when it is one of the JDBC options; false for any other name. */
        boolean accept(String name, String value) {
            switch (name) {
                case "--jdbc-url" -> url = value;
                case "--jdbc-user" -> user = value;
                case "--jdbc-password-file" -> passwordFile = value;
                default -> {
                    return false;
                }
            }
            return true;
        }

        boolean given() {
            return url != null;
        }

        /** A pool on the database, or null when no URL was given. */
        HikariDataSource pool(String name) throws IOException {
            return url == null ? null : BenchPostgres.pool(name, url, user, passwordFile);
        }
    }

    /** The options' part of a usage line. */
    static final String USAGE = "--jdbc-url URL [--jdbc-user U] [--jdbc-password-file F]";

    private BenchPostgres() {
    }

    static HikariDataSource pool(String name, String url, String user, String passwordFile) throws IOException {
        HikariConfig c = new HikariConfig();
        c.setPoolName(name);
        c.setJdbcUrl(url);
        if (user != null) {
            c.setUsername(user);
        }
        if (passwordFile != null) {
            c.setPassword(Files.readString(Path.of(passwordFile), StandardCharsets.UTF_8).strip());
        }
        c.setMaximumPoolSize(8);
        return new HikariDataSource(c);
    }

    /**
     * Stores named {@code bench-<pid>-<round>-<role>}, so rounds and runs never share rows; closing
     * deletes the rows of both.
     */
    static RoundStores stores(HikariDataSource pool) {
        String prefix = "bench-" + ProcessHandle.current().pid() + "-" + ROUNDS.incrementAndGet() + "-";
        List<String> names = new ArrayList<>();
        return new RoundStores() {
            @Override
            public LeaseStore open(Role role) throws Exception {
                String name = prefix + role.name().toLowerCase(Locale.ROOT);
                names.add(name);
                return JdbcLeaseStore.open(pool, name);
            }

            @Override
            public void close() throws SQLException {
                for (String name : names) {
                    delete(pool, name);
                }
            }
        };
    }

    private static void delete(HikariDataSource pool, String storeName) throws SQLException {
        try (Connection c = pool.getConnection()) {
            for (String sql : List.of("DELETE FROM failover_binding WHERE store_name = ?",
                    "DELETE FROM failover_endpoint WHERE store_name = ?")) {
                try (PreparedStatement s = c.prepareStatement(sql)) {
                    s.setString(1, storeName);
                    s.executeUpdate();
                }
            }
        }
    }
}
