package org.dhcpv6.failover.core.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The tables {@link JdbcLeaseStore} needs, column by column, and the check that an existing
 * database has them: a column missing, of another type, too narrow, or refusing NULL where the
 * store writes NULL fails the open with the table and column named, before any data is read.
 */
final class JdbcSchema {

    /** What a column must hold; several SQL types qualify for each. */
    enum Kind {
        TEXT(Set.of(Types.VARCHAR, Types.CHAR, Types.LONGVARCHAR, Types.NVARCHAR, Types.NCHAR)),
        BYTES(Set.of(Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB)),
        INT64(Set.of(Types.BIGINT)),
        /** An instant as epoch seconds with nine decimals. */
        INSTANT(Set.of(Types.NUMERIC, Types.DECIMAL)),
        BOOL(Set.of(Types.BOOLEAN, Types.BIT));

        private final Set<Integer> sqlTypes;

        Kind(Set<Integer> sqlTypes) {
            this.sqlTypes = sqlTypes;
        }
    }

    /** One column; {@code size} is the least length (TEXT) or 0. */
    record Column(String name, Kind kind, boolean nullable, int size) {
        static Column notNull(String name, Kind kind) {
            return new Column(name, kind, false, 0);
        }

        static Column nullable(String name, Kind kind) {
            return new Column(name, kind, true, 0);
        }

        static Column text(String name, int size, boolean nullable) {
            return new Column(name, Kind.TEXT, nullable, size);
        }
    }

    static final String BINDING_TABLE = "failover_binding";
    static final String ENDPOINT_TABLE = "failover_endpoint";

    /** In the order {@link JdbcRows} binds and reads them. */
    static final List<Column> BINDING_COLUMNS = List.of(
            Column.text("store_name", 100, false),
            Column.text("resource", 43, false),
            Column.nullable("client_duid", Kind.BYTES),
            Column.nullable("client_iaid", Kind.INT64),
            Column.text("client_ia_type", 8, true),
            Column.text("status", 16, false),
            Column.notNull("preferred_lifetime", Kind.INT64),
            Column.notNull("valid_lifetime", Kind.INT64),
            Column.notNull("t1", Kind.INT64),
            Column.notNull("t2", Kind.INT64),
            Column.notNull("start_time_of_state", Kind.INSTANT),
            Column.nullable("state_expiration_time", Kind.INSTANT),
            Column.nullable("client_last_transaction_time", Kind.INSTANT),
            Column.nullable("partner_raw_clt_time", Kind.INSTANT),
            Column.nullable("expiration_time", Kind.INSTANT),
            Column.nullable("acked_partner_lifetime", Kind.INSTANT),
            Column.nullable("partner_lifetime", Kind.INSTANT),
            Column.notNull("partner_update_pending", Kind.BOOL));

    /** In the order {@link JdbcRows} binds and reads them. */
    static final List<Column> ENDPOINT_COLUMNS = List.of(
            Column.text("store_name", 100, false),
            Column.text("state", 32, false),
            Column.notNull("state_entered_at", Kind.INSTANT),
            Column.text("previous_state", 32, true),
            Column.text("partner_state", 32, true),
            Column.nullable("partner_state_entered_at", Kind.INSTANT),
            Column.nullable("last_contact_at", Kind.INSTANT),
            Column.notNull("last_operating_at", Kind.INSTANT),
            Column.nullable("partner_down_since", Kind.INSTANT),
            Column.notNull("awaiting_full_update", Kind.BOOL));

    /** Digits after the decimal point an INSTANT column needs to keep nanoseconds. */
    static final int INSTANT_SCALE = 9;

    private JdbcSchema() {
    }

    /** Column names joined by ", ", for SQL text. */
    static String names(List<Column> columns) {
        return columns.stream().map(Column::name).collect(Collectors.joining(", "));
    }

    /**
     * Creates the tables from the dialect's script when any is missing, then checks both.
     *
     * @throws SchemaMismatchException naming the table and column that differ
     */
    static void createOrCheck(Connection c, JdbcDialect dialect) throws SQLException, SchemaMismatchException {
        if (tableColumns(c, BINDING_TABLE).isEmpty() || tableColumns(c, ENDPOINT_TABLE).isEmpty()) {
            try {
                runScript(c, dialect.schemaScript());
            } catch (SQLException e) {
                // Another store may have created the tables at the same moment; the check decides.
                if (tableColumns(c, BINDING_TABLE).isEmpty() || tableColumns(c, ENDPOINT_TABLE).isEmpty()) {
                    throw e;
                }
            }
        }
        check(c, BINDING_TABLE, BINDING_COLUMNS);
        check(c, ENDPOINT_TABLE, ENDPOINT_COLUMNS);
    }

    private static void check(Connection c, String table, List<Column> expected)
            throws SQLException, SchemaMismatchException {
        Map<String, Found> found = tableColumns(c, table);
        if (found.isEmpty()) {
            throw new SchemaMismatchException("table " + table + " is missing");
        }
        for (Column col : expected) {
            Found f = found.get(col.name());
            String where = "table " + table + ", column " + col.name();
            if (f == null) {
                throw new SchemaMismatchException(where + " is missing");
            }
            if (!col.kind().sqlTypes.contains(f.sqlType())) {
                throw new SchemaMismatchException(where + " has type " + f.typeName() + ", expected "
                        + describe(col));
            }
            if (col.kind() == Kind.TEXT && f.size() < col.size()) {
                throw new SchemaMismatchException(where + " holds " + f.size() + " characters, expected at least "
                        + col.size());
            }
            if (col.kind() == Kind.INSTANT && f.scale() < INSTANT_SCALE) {
                throw new SchemaMismatchException(where + " has scale " + f.scale() + ", expected "
                        + INSTANT_SCALE + " (nanoseconds)");
            }
            if (col.nullable() && !f.nullable()) {
                throw new SchemaMismatchException(where + " is NOT NULL, but the store writes NULL there");
            }
        }
    }

    private static String describe(Column col) {
        return switch (col.kind()) {
            case TEXT -> "varchar(" + col.size() + ")";
            case BYTES -> "a binary type (bytea)";
            case INT64 -> "bigint";
            case INSTANT -> "numeric(28," + INSTANT_SCALE + ")";
            case BOOL -> "boolean";
        };
    }

    private record Found(int sqlType, String typeName, int size, int scale, boolean nullable) {
    }

    /** The columns of {@code table} as the driver reports them, by lower-case name; empty if no such table. */
    private static Map<String, Found> tableColumns(Connection c, String table) throws SQLException {
        DatabaseMetaData meta = c.getMetaData();
        String name = meta.storesUpperCaseIdentifiers() ? table.toUpperCase(Locale.ROOT) : table;
        // The name is a LIKE pattern: its underscores must match only underscores.
        String escape = meta.getSearchStringEscape();
        String pattern = escape == null || escape.isEmpty() ? name : name.replace("_", escape + "_");
        Map<String, Found> out = new HashMap<>();
        try (ResultSet rs = meta.getColumns(c.getCatalog(), c.getSchema(), pattern, null)) {
            while (rs.next()) {
                out.put(rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT), new Found(rs.getInt("DATA_TYPE"),
                        rs.getString("TYPE_NAME"), rs.getInt("COLUMN_SIZE"), rs.getInt("DECIMAL_DIGITS"),
                        rs.getInt("NULLABLE") != DatabaseMetaData.columnNoNulls));
            }
        }
        return out;
    }

    /** Runs the statements of a script (separated by a semicolon at a line end) in one transaction. */
    private static void runScript(Connection c, String script) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            for (String sql : statements(script)) {
                s.execute(sql);
            }
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    /** The statements of a script, comments dropped. */
    static List<String> statements(String script) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : script.split("\n")) {
            int comment = line.indexOf("--");
            String code = (comment >= 0 ? line.substring(0, comment) : line).strip();
            if (code.isEmpty()) {
                continue;
            }
            boolean ends = code.endsWith(";");
            current.append(ends ? code.substring(0, code.length() - 1) : code).append('\n');
            if (ends) {
                out.add(current.toString().strip());
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            out.add(current.toString().strip());
        }
        return out;
    }

    /** Reads a script from the classpath next to this class. */
    static String readScript(String resource) {
        try (InputStream in = JdbcSchema.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("schema script " + resource + " is not on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read schema script " + resource, e);
        }
    }

    /** An existing table differs from what the store needs. */
    static final class SchemaMismatchException extends Exception {
        private static final long serialVersionUID = 1L;

        SchemaMismatchException(String message) {
            super(message);
        }
    }
}
