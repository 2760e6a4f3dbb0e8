package org.dhcpv6.failover.examples.hostsrv;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

/**
 * The connection pool behind {@code store.jdbc-url}. Timeouts are short on purpose: a request
 * thread waits for a connection before it can answer, so a database that is down must cost a
 * few seconds and a NOT_COMMITTED, not the pool's default half minute; the store then refuses
 * calls at once for a short pause and tries again by itself.
 */
final class JdbcPool {

    /** How long a caller waits for a connection. */
    static final long CONNECTION_TIMEOUT_MS = 5000;

    private JdbcPool() {
    }

    /** A pool for the example server: one connection per receive thread, plus two for the event loop and status. */
    static HikariDataSource open(ConfigJdbc jdbc, int receiveThreads) throws IOException {
        HikariConfig c = new HikariConfig();
        c.setPoolName("failover-store");
        c.setJdbcUrl(jdbc.url());
        jdbc.user().ifPresent(c::setUsername);
        if (jdbc.passwordFile().isPresent()) {
            String text = Files.readString(jdbc.passwordFile().get(), StandardCharsets.UTF_8);
            int end = text.indexOf('\n');
            c.setPassword((end < 0 ? text : text.substring(0, end)).strip());
        }
        c.setMaximumPoolSize(receiveThreads + 2);
        c.setConnectionTimeout(CONNECTION_TIMEOUT_MS);
        c.setValidationTimeout(1000);
        // Opens even while the database is down; JdbcLeaseStore.open then fails with the reason.
        c.setInitializationFailTimeout(-1);
        // A database that stops answering (not refusing) must not hold a thread for ever.
        c.addDataSourceProperty("connectTimeout", "5");
        c.addDataSourceProperty("socketTimeout", "30");
        return new HikariDataSource(c);
    }
}
