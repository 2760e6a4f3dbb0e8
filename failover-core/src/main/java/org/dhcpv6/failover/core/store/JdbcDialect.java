package org.dhcpv6.failover.core.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Everything vendor-specific about {@link JdbcLeaseStore}: the schema script, the upsert
 * statements, how to stream a large result, and which errors mean "the database is unreachable"
 * or "try the transaction again". The rest of the store is plain JDBC.
 *
 * <p>Only PostgreSQL is shipped ({@link #POSTGRESQL}, tested against PostgreSQL 15).
 */
public final class JdbcDialect {

    /** PostgreSQL 9.5 or later ({@code INSERT ... ON CONFLICT}). */
    public static final JdbcDialect POSTGRESQL = new JdbcDialect("PostgreSQL", "postgresql.sql",
            postgresUpsert(JdbcSchema.BINDING_TABLE, JdbcSchema.BINDING_COLUMNS, "store_name, resource"),
            postgresUpsert(JdbcSchema.ENDPOINT_TABLE, JdbcSchema.ENDPOINT_COLUMNS, "store_name"));

    /** Rows fetched per round trip when streaming; bounds the memory a large read takes. */
    static final int FETCH_SIZE = 1000;

    private final String name;
    private final String schemaResource;
    private final String upsertBinding;
    private final String upsertEndpoint;

    private JdbcDialect(String name, String schemaResource, String upsertBinding, String upsertEndpoint) {
        this.name = name;
        this.schemaResource = schemaResource;
        this.upsertBinding = upsertBinding;
        this.upsertEndpoint = upsertEndpoint;
    }

    private static String postgresUpsert(String table, List<JdbcSchema.Column> columns, String key) {
        String placeholders = columns.stream().map(c -> "?").collect(Collectors.joining(", "));
        List<String> keyColumns = List.of(key.split(", "));
        String updates = columns.stream().map(JdbcSchema.Column::name).filter(n -> !keyColumns.contains(n))
                .map(n -> n + " = EXCLUDED." + n).collect(Collectors.joining(", "));
        return "INSERT INTO " + table + " (" + JdbcSchema.names(columns) + ") VALUES (" + placeholders
                + ") ON CONFLICT (" + key + ") DO UPDATE SET " + updates;
    }

    /** The schema script, as shipped in the jar. */
    String schemaScript() {
        return JdbcSchema.readScript(schemaResource);
    }

    /** Inserts or replaces one binding; parameters in {@link JdbcSchema#BINDING_COLUMNS} order. */
    String upsertBinding() {
        return upsertBinding;
    }

    /** Inserts or replaces the endpoint record; parameters in {@link JdbcSchema#ENDPOINT_COLUMNS} order. */
    String upsertEndpoint() {
        return upsertEndpoint;
    }

    /**
     * Makes {@code statement} fetch rows in chunks rather than all at once. PostgreSQL's driver
     * uses a cursor only inside a transaction, so the connection leaves auto-commit.
     */
    void prepareStreaming(Connection connection, Statement statement) throws SQLException {
        connection.setAutoCommit(false);
        statement.setFetchSize(FETCH_SIZE);
    }

    /**
     * Whether {@code e} says the database cannot be reached or is going away (SQLSTATE class 08,
     * PostgreSQL's 57P01-57P03 for a shutdown, a crash or a server still starting), rather than
     * that this statement failed.
     */
    boolean unavailable(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException) {
                return true;
            }
            if (t instanceof SQLException s && s.getSQLState() != null) {
                String state = s.getSQLState();
                if (state.startsWith("08") || state.equals("57P01") || state.equals("57P02")
                        || state.equals("57P03")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether the transaction may simply be run again: a serialization failure or a deadlock. */
    boolean retryable(SQLException e) {
        String state = e.getSQLState();
        return "40001".equals(state) || "40P01".equals(state);
    }

    @Override
    public String toString() {
        return name;
    }
}
