package org.dhcpv6.failover.core.internal.binding;

import static org.dhcpv6.failover.core.internal.binding.Fixtures.ALICE;
import static org.dhcpv6.failover.core.internal.binding.Fixtures.BOB;
import static org.dhcpv6.failover.core.internal.binding.Fixtures.T0;
import static org.dhcpv6.failover.core.internal.binding.Fixtures.local;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.dhcpv6.failover.api.Binding;
import org.dhcpv6.failover.api.BindingStatus;
import org.dhcpv6.failover.api.ClientIdentity;
import org.dhcpv6.failover.api.Role;
import org.dhcpv6.failover.core.internal.binding.ConflictResolver.Cell;
import org.dhcpv6.failover.core.internal.binding.ConflictResolver.Incoming;
import org.dhcpv6.failover.core.internal.binding.ConflictResolver.Verdict;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Walks every cell of the RFC 8156 §7.5.4 table (digest §4.5): the cell's rule, a case that
 * accepts and, where the rule can reject, a case that rejects. PENDING-FREE stands with FREE.
 */
class ConflictResolverTableTest {

    private static final BindingStatus[] ORDER = {
        BindingStatus.ACTIVE, BindingStatus.EXPIRED, BindingStatus.RELEASED, BindingStatus.PENDING_FREE,
        BindingStatus.FREE, BindingStatus.FREE_BACKUP, BindingStatus.ABANDONED, BindingStatus.RESET};

    /** Rows: local status in ORDER; columns: received status in ORDER. */
    private static final String[] TABLE = {
        /* ACTIVE       */ "A3 T1 A  T1 T1 T1 A  A ",
        /* EXPIRED      */ "A  A  A  A  A  A  A  A ",
        /* RELEASED     */ "A  A  A  A  A  A  A  A ",
        /* PENDING-FREE */ "A  A  A  A  A  A  A  A ",
        /* FREE         */ "A  A  A  A  A  A  A  A ",
        /* FREE-BACKUP  */ "A  A  A  A  A  A  A  A ",
        /* ABANDONED    */ "A  A  A  A  A  A  A  A ",
        /* RESET        */ "T2 A  A  A  A  A  A  A ",
    };

    static List<Arguments> cells() {
        List<Arguments> out = new ArrayList<>();
        for (int row = 0; row < ORDER.length; row++) {
            String[] rule = TABLE[row].trim().split("\\s+");
            for (int col = 0; col < ORDER.length; col++) {
                Cell cell = switch (rule[col]) {
                    case "A" -> Cell.ACCEPT;
                    case "T1" -> Cell.TIME_1;
                    case "T2" -> Cell.TIME_2;
                    case "A3" -> Cell.ACCEPT_3;
                    default -> throw new AssertionError(rule[col]);
                };
                out.add(Arguments.of(ORDER[row], ORDER[col], cell));
            }
        }
        return out;
    }

    @ParameterizedTest(name = "local {0}, received {1}: {2}")
    @MethodSource("cells")
    void cellHasTheTablesRule(BindingStatus localStatus, BindingStatus received, Cell expected) {
        assertEquals(expected, ConflictResolver.cell(localStatus, received));
    }

    @ParameterizedTest(name = "local {0}, received {1}: {2} accepts")
    @MethodSource("cells")
    void cellAccepts(BindingStatus localStatus, BindingStatus received, Cell cell) {
        Verdict v = switch (cell) {
            // Our record began at 10:00; the partner's is from 10:01.
            case ACCEPT -> decide(localStatus, T0, Instant.parse("2024-05-01T11:00:00Z"),
                    received, Instant.parse("2024-05-01T10:01:00Z"), T0);
            // Our lease ended at 11:00; it is now 11:01.
            case TIME_1 -> decide(localStatus, T0, Instant.parse("2024-05-01T11:00:00Z"),
                    received, T0, Instant.parse("2024-05-01T11:01:00Z"));
            // Our RESET began at 10:00; the partner saw the client at 10:01.
            case TIME_2 -> decide(localStatus, T0, null, received, Instant.parse("2024-05-01T10:01:00Z"), T0);
            // The same client, with an older CLT, at the primary.
            case ACCEPT_3 -> ConflictResolver.decide(
                    local(localStatus, ALICE, T0, Instant.parse("2024-05-01T11:00:00Z"), null),
                    incoming(received, ALICE, Instant.parse("2024-05-01T09:00:00Z")), Role.PRIMARY, T0);
        };
        assertTrue(v.accepted(), v::toString);
        assertEquals(ConflictResolver.SUCCESS, v.statusCode());
    }

    @ParameterizedTest(name = "local {0}, received {1}: {2} rejects")
    @MethodSource("cells")
    void cellRejects(BindingStatus localStatus, BindingStatus received, Cell cell) {
        int expectedCode = ConflictResolver.OUTDATED_BINDING_INFORMATION;
        Verdict v = switch (cell) {
            // The partner's record (09:59) is older than ours (10:00).
            case ACCEPT -> decide(localStatus, T0, Instant.parse("2024-05-01T11:00:00Z"),
                    received, Instant.parse("2024-05-01T09:59:00Z"), T0);
            // Our lease runs until 11:00; it is 10:30.
            case TIME_1 -> decide(localStatus, T0, Instant.parse("2024-05-01T11:00:00Z"),
                    received, Instant.parse("2024-05-01T10:20:00Z"), Instant.parse("2024-05-01T10:30:00Z"));
            // The partner last saw the client at 09:59, before our RESET at 10:00.
            case TIME_2 -> decide(localStatus, T0, null, received, Instant.parse("2024-05-01T09:59:00Z"), T0);
            // Another client, older CLT, at the primary.
            case ACCEPT_3 -> {
                expectedCode = ConflictResolver.ADDRESS_IN_USE;
                yield ConflictResolver.decide(
                        local(localStatus, ALICE, T0, Instant.parse("2024-05-01T11:00:00Z"), null),
                        incoming(received, BOB, Instant.parse("2024-05-01T09:00:00Z")), Role.PRIMARY, T0);
            }
        };
        assertEquals(false, v.accepted(), v::toString);
        assertEquals(expectedCode, v.statusCode());
    }

    /** Local binding started at {@code localStart}; the update carries {@code updateTime} as CLT and start. */
    private static Verdict decide(BindingStatus localStatus, Instant localStart, Instant localExpiry,
            BindingStatus received, Instant updateTime, Instant now) {
        ClientIdentity localClient = localStatus == BindingStatus.ACTIVE ? ALICE : null;
        // Flagged: our own change not yet acked, so the table rules even a free record against a
        // lease (an unflagged free record takes any lease, ConflictResolverTest).
        Binding b = local(localStatus, localClient, localStart, localExpiry, null).withPartnerUpdatePending(true);
        return ConflictResolver.decide(b, incoming(received, BOB, updateTime), Role.PRIMARY, now);
    }

    private static Incoming incoming(BindingStatus status, ClientIdentity client, Instant time) {
        return new Incoming(status, client, time, time, null);
    }
}
