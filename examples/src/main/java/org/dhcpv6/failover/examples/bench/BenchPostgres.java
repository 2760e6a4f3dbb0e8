package org.dhcpv6.failover.examples.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.dhcpv6.failover.core.store.JdbcLeaseStore;

/** The PostgreSQL rounds of {@link SyncThroughputBenchmark}: one pool, fresh store names per round. */
final class BenchPostgres {

    private static final AtomicInteger ROUNDS = new AtomicInteger();

    private BenchPostgres() {
    }

    static HikariDataSource pool(String url, String user, String passwordFile) throws IOException {
        HikariConfig c = new HikariConfig();
        c.setPoolName("bench-sync");
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

    /** Stores named {@code bench-<pid>-<round>-<role>}, so rounds and runs never share rows. */
    static SyncRound.StoreFactory stores(HikariDataSource pool) {
        String prefix = "bench-" + ProcessHandle.current().pid() + "-" + ROUNDS.incrementAndGet() + "-";
        return role -> JdbcLeaseStore.open(pool, prefix + role.name().toLowerCase(java.util.Locale.ROOT));
    }
}
