package org.dhcpv6.failover.core.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.dhcpv6.failover.api.Binding;
import org.dhcpv6.failover.api.EndpointRecord;
import org.dhcpv6.failover.api.LeaseStore;
import org.dhcpv6.failover.api.LeaseStoreException;
import org.dhcpv6.failover.api.Resource;

/**
 * A {@link LeaseStore} in a relational database reached through a {@link DataSource}: every
 * binding is a row of {@code failover_binding}, the endpoint record a row of
 * {@code failover_endpoint}, both keyed by a store name so one database can hold the stores of
 * many relationships (one name per failover endpoint; two stores must never share a name).
 *
 * <p><b>Schema.</b> {@link #open} creates the tables from the dialect's script when they are
 * missing ({@code org/dhcpv6/failover/core/store/postgresql.sql} in the jar, also fit for a DBA to
 * run by hand) and otherwise checks them, failing with the table and column named when one differs.
 *
 * <p><b>Writes.</b> Each call is one transaction on a connection taken from the data source for
 * that call and given back after it, so a database that restarts costs the calls that were in
 * flight and nothing later. {@link #putAll} writes its batch in one transaction (one commit); a
 * call returns once the database has committed. A connection that dies under a call is replaced
 * once, and a serialization failure or deadlock is retried, since every write here replaces a row
 * whole. When the database cannot be reached, calls fail at once with {@link LeaseStoreException}
 * for a short, growing pause and then try again, so it recovers by itself when the database returns.
 *
 * <p><b>Reads.</b> {@link #forEach} and {@link #forEachPendingPartnerUpdate} stream rows in
 * chunks of a thousand rather than loading the table. {@link #get} and {@link #size} query.
 *
 * <p><b>Data source.</b> The host owns it and closes it after the store. Use a pool (HikariCP,
 * for instance) with a connection timeout of a few seconds and a driver socket timeout: the store
 * asks for a connection per call, from request threads and the event loop, and a call waits as
 * long as those allow before it fails. The JDBC driver is the host's dependency, not this
 * library's. Thread-safe.
 */
public final class JdbcLeaseStore implements LeaseStore {

    /** Longest store name the schema holds. */
    public static final int MAX_NAME_LENGTH = 100;

    private static final int ATTEMPTS = 3;

    private final DataSource dataSource;
    private final String name;
    private final JdbcDialect dialect;
    private final DatabaseGate gate;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final String selectBinding;
    private final String selectAll;
    private final String selectPending;

    private JdbcLeaseStore(DataSource dataSource, String name, JdbcDialect dialect) {
        this.dataSource = dataSource;
        this.name = name;
        this.dialect = dialect;
        this.gate = new DatabaseGate("jdbc store '" + name + "'", System::nanoTime);
        String select = "SELECT " + JdbcSchema.names(JdbcSchema.BINDING_COLUMNS) + " FROM "
                + JdbcSchema.BINDING_TABLE + " WHERE store_name = ?";
        this.selectBinding = select + " AND resource = ?";
        this.selectAll = select;
        this.selectPending = select + " AND partner_update_pending";
    }

    /** Opens the store {@code storeName} on PostgreSQL; see {@link #open(DataSource, String, JdbcDialect)}. */
    public static JdbcLeaseStore open(DataSource dataSource, String storeName) throws LeaseStoreException {
        return open(dataSource, storeName, JdbcDialect.POSTGRESQL);
    }

    /**
     * Opens the store {@code storeName}, creating the tables if they are missing.
     *
     * @param storeName names this store's rows: 1 to 100 characters, unique per endpoint
     * @throws LeaseStoreException if the database cannot be reached, the tables cannot be created,
     *     or an existing table differs from what the store needs (the message names table and column)
     */
    public static JdbcLeaseStore open(DataSource dataSource, String storeName, JdbcDialect dialect)
            throws LeaseStoreException {
        Objects.requireNonNull(dataSource, "dataSource");
        Objects.requireNonNull(storeName, "storeName");
        Objects.requireNonNull(dialect, "dialect");
        if (storeName.isEmpty() || storeName.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("store name must be 1.." + MAX_NAME_LENGTH + " characters: '"
                    + storeName + "'");
        }
        try (Connection c = dataSource.getConnection()) {
            JdbcSchema.createOrCheck(c, dialect);
        } catch (SQLException e) {
            throw new LeaseStoreException("jdbc store '" + storeName + "': cannot open: " + describe(e), e);
        } catch (JdbcSchema.SchemaMismatchException e) {
            throw new LeaseStoreException("jdbc store '" + storeName + "': the database schema differs from the "
                    + "one this store needs (" + dialect + " script postgresql.sql): " + e.getMessage());
        }
        return new JdbcLeaseStore(dataSource, storeName, dialect);
    }

    /** The name that keys this store's rows. */
    public String name() {
        return name;
    }

    @Override
    public Optional<Binding> get(Resource resource) throws LeaseStoreException {
        Objects.requireNonNull(resource, "resource");
        return transaction("read " + resource, true, c -> {
            try (PreparedStatement ps = c.prepareStatement(selectBinding)) {
                ps.setString(1, name);
                ps.setString(2, JdbcRows.key(resource));
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(JdbcRows.readBinding(rs)) : Optional.<Binding>empty();
                }
            }
        });
    }

    @Override
    public void put(Binding binding) throws LeaseStoreException {
        Objects.requireNonNull(binding, "binding");
        transaction("store " + binding.resource(), true, c -> {
            try (PreparedStatement ps = c.prepareStatement(dialect.upsertBinding())) {
                JdbcRows.bindBinding(ps, name, binding);
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** Writes the batch in one transaction; the last binding of a resource wins. */
    @Override
    public void putAll(Collection<Binding> bindings) throws LeaseStoreException {
        Map<Resource, Binding> last = new LinkedHashMap<>();
        for (Binding b : bindings) {
            last.put(Objects.requireNonNull(b, "binding").resource(), b);
        }
        if (last.isEmpty()) {
            checkOpen();
            return;
        }
        // One key order for every writer, so two batches that share resources cannot deadlock.
        List<Binding> ordered = new ArrayList<>(last.values());
        ordered.sort(Comparator.comparing(b -> JdbcRows.key(b.resource())));
        transaction("store " + ordered.size() + " bindings", true, c -> {
            try (PreparedStatement ps = c.prepareStatement(dialect.upsertBinding())) {
                for (Binding b : ordered) {
                    JdbcRows.bindBinding(ps, name, b);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    @Override
    public void forEach(Consumer<? super Binding> action) throws LeaseStoreException {
        stream("read every binding", selectAll, action);
    }

    @Override
    public void forEachPendingPartnerUpdate(Consumer<? super Binding> action) throws LeaseStoreException {
        stream("read the pending bindings", selectPending, action);
    }

    private void stream(String what, String sql, Consumer<? super Binding> action) throws LeaseStoreException {
        Objects.requireNonNull(action, "action");
        // Not repeated after a failure: the action may have seen part of the rows already.
        transaction(what, false, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                dialect.prepareStreaming(c, ps);
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Binding b = JdbcRows.readBinding(rs);
                        try {
                            action.accept(b);
                        } catch (RuntimeException e) {
                            throw new ActionFailed(e);
                        }
                    }
                }
            }
            return null;
        });
    }

    @Override
    public long size() throws LeaseStoreException {
        return transaction("count bindings", true, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT count(*) FROM " + JdbcSchema.BINDING_TABLE + " WHERE store_name = ?")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    @Override
    public Optional<EndpointRecord> loadEndpoint() throws LeaseStoreException {
        return transaction("read the endpoint record", true, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + JdbcSchema.names(JdbcSchema.ENDPOINT_COLUMNS)
                    + " FROM " + JdbcSchema.ENDPOINT_TABLE + " WHERE store_name = ?")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(JdbcRows.readEndpoint(rs)) : Optional.<EndpointRecord>empty();
                }
            }
        });
    }

    @Override
    public void saveEndpoint(EndpointRecord endpoint) throws LeaseStoreException {
        Objects.requireNonNull(endpoint, "endpoint");
        transaction("save the endpoint record", true, c -> {
            try (PreparedStatement ps = c.prepareStatement(dialect.upsertEndpoint())) {
                JdbcRows.bindEndpoint(ps, name, endpoint);
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** Marks the store closed; the data source stays open (the host owns it). */
    @Override
    public void close() {
        closed.set(true);
    }

    @Override
    public String toString() {
        return "JdbcLeaseStore[" + name + ", " + dialect + "]";
    }

    /** The caller's action threw: its exception goes back to the caller as it is. */
    private static final class ActionFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ActionFailed(RuntimeException cause) {
            super(cause);
        }
    }

    /** Work inside one transaction. */
    @FunctionalInterface
    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /**
     * Runs {@code work} in a transaction on a fresh connection from the data source and commits.
     * When {@code mayRepeat}, a connection that dies under it is replaced once and a serialization
     * failure or deadlock is retried.
     */
    private <T> T transaction(String what, boolean mayRepeat, Work<T> work) throws LeaseStoreException {
        checkOpen();
        String refusal = gate.refusal();
        if (refusal != null) {
            throw new LeaseStoreException(prefix() + "cannot " + what + ": " + refusal);
        }
        SQLException failure = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            Connection c;
            try {
                c = dataSource.getConnection();
            } catch (RuntimeException e) {
                // A data source or driver that breaks its contract still fails as a store error.
                throw new LeaseStoreException(prefix() + "cannot " + what + ": data source failed: " + e, e);
            } catch (SQLException e) {
                // The data source (or its pool) already waited for a connection; asking again now
                // would only double the wait.
                failure = e;
                gate.unreachable(describe(e));
                break;
            }
            try (c) {
                T result = runAndCommit(c, work);
                gate.reached();
                return result;
            } catch (ActionFailed e) {
                throw (RuntimeException) e.getCause();
            } catch (RuntimeException e) {
                throw new LeaseStoreException(prefix() + "cannot " + what + ": driver failed: " + e, e);
            } catch (SQLException e) {
                failure = e;
                boolean unavailable = dialect.unavailable(e);
                if (!mayRepeat || !(unavailable || dialect.retryable(e)) || (unavailable && attempt > 1)) {
                    if (unavailable) {
                        gate.unreachable(describe(e));
                    }
                    break;
                }
            }
        }
        throw new LeaseStoreException(prefix() + "cannot " + what + ": " + describe(failure), failure);
    }

    private static <T> T runAndCommit(Connection c, Work<T> work) throws SQLException {
        c.setAutoCommit(false);
        try {
            T result = work.run(c);
            c.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            try {
                c.rollback();
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    private void checkOpen() throws LeaseStoreException {
        if (closed.get()) {
            throw new LeaseStoreException(prefix() + "closed");
        }
    }

    private String prefix() {
        return "jdbc store '" + name + "': ";
    }

    /** The error and, when a pool wrapped it, the driver's reason beneath (wrong password, refused). */
    private static String describe(SQLException e) {
        StringBuilder sb = new StringBuilder(String.valueOf(e.getMessage()));
        if (e.getSQLState() != null) {
            sb.append(" (SQLSTATE ").append(e.getSQLState()).append(')');
        }
        Throwable cause = e.getCause();
        if (cause != null && cause.getMessage() != null && !sb.toString().contains(cause.getMessage())) {
            sb.append(": ").append(cause.getMessage());
        }
        return sb.toString();
    }
}
