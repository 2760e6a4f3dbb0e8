package org.dhcpv6.failover.core.store;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.PreparedStatement;
import java.sql.SQLDataException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import org.dhcpv6.failover.api.Binding;
import org.dhcpv6.failover.api.BindingStatus;
import org.dhcpv6.failover.api.ClientIdentity;
import org.dhcpv6.failover.api.Duid;
import org.dhcpv6.failover.api.EndpointRecord;
import org.dhcpv6.failover.api.IaType;
import org.dhcpv6.failover.api.Ipv6Address;
import org.dhcpv6.failover.api.Ipv6Prefix;
import org.dhcpv6.failover.api.Resource;
import org.dhcpv6.failover.api.ServerState;

/**
 * Bindings and endpoint records to and from rows, in the column order of {@link JdbcSchema}.
 * Instants are exact decimals of epoch seconds (nanoseconds kept: the engine compares times
 * exactly); enums are stored by name, resources in their canonical text form.
 */
final class JdbcRows {

    private static final BigInteger NANOS_PER_SECOND = BigInteger.valueOf(1_000_000_000L);

    private JdbcRows() {
    }

    /** The text key of a resource: {@code 2001:db8::1} or {@code 2001:db8:100::/56}. */
    static String key(Resource resource) {
        return resource.toString();
    }

    static Resource resource(String key) {
        return key.indexOf('/') >= 0 ? Ipv6Prefix.parse(key) : Ipv6Address.parse(key);
    }

    static void bindBinding(PreparedStatement ps, String storeName, Binding b) throws SQLException {
        int i = 1;
        ps.setString(i++, storeName);
        ps.setString(i++, key(b.resource()));
        ClientIdentity client = b.client();
        if (client == null) {
            ps.setNull(i++, Types.BINARY);
            ps.setNull(i++, Types.BIGINT);
            ps.setNull(i++, Types.VARCHAR);
        } else {
            ps.setBytes(i++, client.duid().toBytes());
            ps.setLong(i++, client.iaid());
            ps.setString(i++, client.iaType().name());
        }
        ps.setString(i++, b.status().name());
        ps.setLong(i++, b.preferredLifetimeSeconds());
        ps.setLong(i++, b.validLifetimeSeconds());
        ps.setLong(i++, b.t1Seconds());
        ps.setLong(i++, b.t2Seconds());
        ps.setBigDecimal(i++, decimal(b.startTimeOfState()));
        ps.setBigDecimal(i++, decimal(b.stateExpirationTime()));
        ps.setBigDecimal(i++, decimal(b.clientLastTransactionTime()));
        ps.setBigDecimal(i++, decimal(b.partnerRawCltTime()));
        ps.setBigDecimal(i++, decimal(b.expirationTime()));
        ps.setBigDecimal(i++, decimal(b.ackedPartnerLifetime()));
        ps.setBigDecimal(i++, decimal(b.partnerLifetime()));
        ps.setBoolean(i, b.partnerUpdatePending());
    }

    /**
     * The binding of the current row (columns in {@link JdbcSchema#BINDING_COLUMNS} order).
     *
     * @throws SQLDataException when a value cannot be part of a binding (names the resource and column)
     */
    static Binding readBinding(ResultSet rs) throws SQLException {
        String resourceKey = rs.getString(2);
        try {
            Resource resource = resource(resourceKey);
            byte[] duid = rs.getBytes(3);
            ClientIdentity client = null;
            if (duid != null) {
                long iaid = rs.getLong(4);
                client = new ClientIdentity(Duid.of(duid), iaid, enumValue(IaType.class, rs.getString(5),
                        "client_ia_type"));
            }
            BindingStatus status = enumValue(BindingStatus.class, rs.getString(6), "status");
            return Binding.builder(resource, status, instant(rs.getBigDecimal(11)))
                    .client(client).lifetimes(rs.getLong(7), rs.getLong(8), rs.getLong(9), rs.getLong(10))
                    .stateExpirationTime(instant(rs.getBigDecimal(12)))
                    .clientLastTransactionTime(instant(rs.getBigDecimal(13)))
                    .partnerRawCltTime(instant(rs.getBigDecimal(14))).expirationTime(instant(rs.getBigDecimal(15)))
                    .ackedPartnerLifetime(instant(rs.getBigDecimal(16)))
                    .partnerLifetime(instant(rs.getBigDecimal(17))).partnerUpdatePending(rs.getBoolean(18)).build();
        } catch (IllegalArgumentException | NullPointerException | ArithmeticException e) {
            throw new SQLDataException("row of resource '" + resourceKey + "': " + e.getMessage(), e);
        }
    }

    static void bindEndpoint(PreparedStatement ps, String storeName, EndpointRecord r) throws SQLException {
        ps.setString(1, storeName);
        ps.setString(2, r.state().name());
        ps.setBigDecimal(3, decimal(r.stateEnteredAt()));
        ps.setString(4, r.previousState() == null ? null : r.previousState().name());
        ps.setString(5, r.partnerState() == null ? null : r.partnerState().name());
        ps.setBigDecimal(6, decimal(r.partnerStateEnteredAt()));
        ps.setBigDecimal(7, decimal(r.lastContactAt()));
        ps.setBigDecimal(8, decimal(r.lastOperatingAt()));
        ps.setBigDecimal(9, decimal(r.partnerDownSince()));
        ps.setBoolean(10, r.awaitingFullUpdate());
    }

    static EndpointRecord readEndpoint(ResultSet rs) throws SQLException {
        try {
            String previous = rs.getString(4);
            String partner = rs.getString(5);
            return new EndpointRecord(enumValue(ServerState.class, rs.getString(2), "state"),
                    instant(rs.getBigDecimal(3)),
                    previous == null ? null : enumValue(ServerState.class, previous, "previous_state"),
                    partner == null ? null : enumValue(ServerState.class, partner, "partner_state"),
                    instant(rs.getBigDecimal(6)), instant(rs.getBigDecimal(7)), instant(rs.getBigDecimal(8)),
                    instant(rs.getBigDecimal(9)), rs.getBoolean(10));
        } catch (IllegalArgumentException | NullPointerException | ArithmeticException e) {
            throw new SQLDataException("endpoint row: " + e.getMessage(), e);
        }
    }

    /** Epoch seconds with nine decimals, or null. */
    static BigDecimal decimal(Instant t) {
        if (t == null) {
            return null;
        }
        BigInteger nanos = BigInteger.valueOf(t.getEpochSecond()).multiply(NANOS_PER_SECOND)
                .add(BigInteger.valueOf(t.getNano()));
        return new BigDecimal(nanos, JdbcSchema.INSTANT_SCALE);
    }

    /** The instant of an exact decimal of epoch seconds, or null. */
    static Instant instant(BigDecimal seconds) {
        if (seconds == null) {
            return null;
        }
        BigInteger[] split = seconds.setScale(JdbcSchema.INSTANT_SCALE).unscaledValue()
                .divideAndRemainder(NANOS_PER_SECOND);
        long s = split[0].longValueExact();
        long n = split[1].longValueExact();
        // divideAndRemainder truncates toward zero; Instant wants a non-negative nanosecond part.
        return n < 0 ? Instant.ofEpochSecond(s - 1, n + 1_000_000_000L) : Instant.ofEpochSecond(s, n);
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, String name, String column) {
        if (name == null) {
            throw new IllegalArgumentException(column + " is NULL");
        }
        try {
            return Enum.valueOf(type, name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(column + " holds '" + name + "', not a " + type.getSimpleName());
        }
    }
}
