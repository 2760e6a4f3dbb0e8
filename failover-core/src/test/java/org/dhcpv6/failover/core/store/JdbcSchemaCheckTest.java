package org.dhcpv6.failover.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import java.util.List;
import org.dhcpv6.failover.api.LeaseStoreException;
import org.dhcpv6.failover.core.testfixtures.PostgresServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An existing schema that differs from the shipped one fails {@link JdbcLeaseStore#open} with
 * the table and column named, and nothing is changed; each case runs in its own PostgreSQL schema.
 */
class JdbcSchemaCheckTest {

    private static final String SCHEMA = "schema_check";

    @AfterEach
    void dropSchema() {
        PostgresServer.shared().executeSql("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
    }

    /** Creates the shipped tables in the test schema, applies {@code change}, and opens a store. */
    private static String openAfter(String... change) throws Exception {
        try (HikariDataSource ds = PostgresServer.shared().newPool(1, SCHEMA)) {
            JdbcLeaseStore.open(ds, "first").close();
            for (String sql : change) {
                PostgresServer.shared().executeSql(sql.replace("TABLE ", "TABLE " + SCHEMA + "."));
            }
            LeaseStoreException e = assertThrows(LeaseStoreException.class, () -> JdbcLeaseStore.open(ds, "second"));
            return e.getMessage();
        }
    }

    @Test
    void aColumnOfAnotherTypeIsNamed() throws Exception {
        String m = openAfter("ALTER TABLE failover_binding ALTER COLUMN valid_lifetime TYPE integer");
        assertTrue(m.contains("table failover_binding, column valid_lifetime has type int4, expected bigint"), m);
    }

    @Test
    void aMissingColumnIsNamed() throws Exception {
        String m = openAfter("ALTER TABLE failover_endpoint DROP COLUMN partner_down_since");
        assertTrue(m.contains("table failover_endpoint, column partner_down_since is missing"), m);
    }

    @Test
    void timesWithoutNanosecondsAreRefused() throws Exception {
        String m = openAfter("ALTER TABLE failover_binding ALTER COLUMN expiration_time TYPE numeric(28,3)");
        assertTrue(m.contains("column expiration_time has scale 3, expected 9"), m);
    }

    @Test
    void aNotNullWhereTheStoreWritesNullIsNamed() throws Exception {
        String m = openAfter("UPDATE failover_binding SET client_duid = ''",
                "ALTER TABLE failover_binding ALTER COLUMN client_duid SET NOT NULL");
        assertTrue(m.contains("column client_duid is NOT NULL"), m);
    }

    @Test
    void aTooNarrowTextColumnIsNamed() throws Exception {
        String m = openAfter("ALTER TABLE failover_binding ALTER COLUMN resource TYPE varchar(20)");
        assertTrue(m.contains("column resource holds 20 characters, expected at least 43"), m);
    }

    @Test
    void theShippedScriptSplitsIntoItsStatements() {
        List<String> statements = JdbcSchema.statements(JdbcDialect.POSTGRESQL.schemaScript());
        assertEquals(3, statements.size(), statements.toString());
        assertTrue(statements.get(0).startsWith("CREATE TABLE IF NOT EXISTS failover_binding"), statements.get(0));
    }
}
