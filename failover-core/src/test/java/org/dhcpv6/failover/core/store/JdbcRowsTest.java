package org.dhcpv6.failover.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.time.Instant;
import org.dhcpv6.failover.api.Ipv6Address;
import org.dhcpv6.failover.api.Ipv6Prefix;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class JdbcRowsTest {

    @ParameterizedTest
    @ValueSource(strings = {"2024-05-01T10:00:00.123456789Z", "1970-01-01T00:00:00Z", "1969-12-31T23:59:59.999999999Z",
        "1900-01-01T00:00:00.000000001Z", "+1000000000-12-31T23:59:59.999999999Z", "-1000000000-01-01T00:00:00Z"})
    void instantsSurviveTheDecimalColumnExactly(String text) {
        Instant t = Instant.parse(text);
        BigDecimal d = JdbcRows.decimal(t);
        assertEquals(JdbcSchema.INSTANT_SCALE, d.scale());
        assertEquals(t, JdbcRows.instant(d));
        // numeric(28,9): 19 digits before the point are enough for any Instant.
        assertEquals(true, d.precision() - d.scale() <= 19, d.toPlainString());
    }

    @Test
    void aDecimalOfFewerPlacesReadsTheSame() {
        assertEquals(Instant.parse("2024-05-01T10:00:00.5Z"),
                JdbcRows.instant(new BigDecimal("1714557600.5")));
        assertEquals(Instant.ofEpochSecond(-2, 500_000_000), JdbcRows.instant(new BigDecimal("-1.5")));
    }

    @Test
    void resourcesRoundTripThroughTheirTextKey() {
        Ipv6Address a = Ipv6Address.parse("2001:db8::1");
        Ipv6Prefix p = Ipv6Prefix.parse("2001:db8:100::/56");
        assertEquals(a, JdbcRows.resource(JdbcRows.key(a)));
        assertEquals(p, JdbcRows.resource(JdbcRows.key(p)));
        assertEquals("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ff00/120".length(),
                JdbcRows.key(Ipv6Prefix.parse("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ff00/120")).length());
    }
}
