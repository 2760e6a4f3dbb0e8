package org.dhcpv6.failover.examples.hostsrv;

import java.nio.file.Path;
import java.util.Optional;
import org.dhcpv6.failover.api.RelationshipConfig;
import org.dhcpv6.failover.core.store.JdbcLeaseStore;

/**
 * The {@code store.jdbc-*} keys: leases in PostgreSQL ({@code JdbcLeaseStore}) instead of the
 * journal in {@code store.dir}.
 *
 * @param url the JDBC URL ({@code store.jdbc-url}), {@code jdbc:postgresql://host:port/database}
 * @param user the database user ({@code store.jdbc-user}), or empty for the driver's default
 * @param passwordFile a file whose first line is the password ({@code store.jdbc-password-file})
 * @param storeName the rows' store name ({@code store.jdbc-name}, default {@code relationship-role}),
 *        so two servers may share one database
 */
public record ConfigJdbc(String url, Optional<String> user, Optional<Path> passwordFile, String storeName) {

    /** The JDBC URL prefix of the only dialect shipped. */
    static final String POSTGRESQL_PREFIX = "jdbc:postgresql:";

    /** The settings, or empty when {@code store.jdbc-url} is not set (then no other jdbc key may be). */
    static Optional<ConfigJdbc> read(ConfigReader in, Optional<RelationshipConfig> relationship)
            throws ConfigException {
        Optional<String> url = in.string("store.jdbc-url");
        Optional<String> user = in.string("store.jdbc-user");
        Optional<Path> password = in.existingFile("store.jdbc-password-file");
        Optional<String> name = in.string("store.jdbc-name");
        if (url.isEmpty()) {
            if (user.isPresent() || password.isPresent() || name.isPresent()) {
                throw new ConfigException("store.jdbc-url: required with store.jdbc-user, store.jdbc-password-file"
                        + " or store.jdbc-name");
            }
            return Optional.empty();
        }
        if (relationship.isEmpty()) {
            throw new ConfigException("store.jdbc-url: only with failover (failover.enabled=false keeps leases in"
                    + " memory)");
        }
        if (!url.get().startsWith(POSTGRESQL_PREFIX)) {
            throw new ConfigException("store.jdbc-url: '" + url.get() + "' is not a PostgreSQL URL (the only database"
                    + " supported): use jdbc:postgresql://host:port/database");
        }
        RelationshipConfig rc = relationship.get();
        String storeName = name.orElse(rc.name() + "-" + rc.role().name().toLowerCase(java.util.Locale.ROOT));
        if (storeName.length() > JdbcLeaseStore.MAX_NAME_LENGTH) {
            throw new ConfigException("store.jdbc-name: '" + storeName + "' is longer than "
                    + JdbcLeaseStore.MAX_NAME_LENGTH + " characters");
        }
        return Optional.of(new ConfigJdbc(url.get(), user, password, storeName));
    }
}
