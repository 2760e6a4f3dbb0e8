package org.dhcpv6.failover.core.internal.sync;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.dhcpv6.failover.api.Binding;
import org.dhcpv6.failover.api.BindingStatus;
import org.dhcpv6.failover.api.ClientIdentity;
import org.dhcpv6.failover.api.Duid;
import org.dhcpv6.failover.api.IaType;
import org.dhcpv6.failover.api.Ipv6Address;
import org.dhcpv6.failover.api.Ipv6Prefix;
import org.dhcpv6.failover.api.Resource;
import org.dhcpv6.failover.api.Role;
import org.dhcpv6.failover.core.internal.sync.UpdateRule.Memory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One table for the whole update rule: each row is our record, the partner's (translated), the
 * context, and what must come out. The rows walk the rules of RFC 8156 §7.5.4 and §7.5.5, then
 * each of the project's departures (README "Design") under the simulation seeds that showed it.
 * {@code ConflictResolverTableTest} walks every cell of the §7.5.4 table on its own.
 */
class UpdateRuleTableTest {

    private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");
    private static final Instant NOW = at("10:30:00");
    private static final Duration MCLT = Duration.ofHours(1);
    /** An odd address: FREE is its free status here. */
    private static final Ipv6Address A = new Ipv6Address(0x20010db800000000L, 0x11);
    private static final Ipv6Prefix P = new Ipv6Prefix(new Ipv6Address(0x20010db801000000L, 0), 56);
    private static final ClientIdentity ALICE = new ClientIdentity(Duid.parseHex("00:01:aa"), 1, IaType.IA_NA);
    private static final ClientIdentity BOB = new ClientIdentity(Duid.parseHex("00:01:bb"), 1, IaType.IA_NA);
    private static final ClientIdentity CAROL_PD = new ClientIdentity(Duid.parseHex("00:01:cc"), 3, IaType.IA_PD);

    private static Instant at(String hhmmss) {
        return Instant.parse("2024-05-01T" + hhmmss + "Z");
    }

    // ---- our record ----

    private static Binding ours(Resource r, BindingStatus status, ClientIdentity client, String start, String end,
            String cltOrNull, boolean flagged) {
        return Binding.builder(r, status, at(start)).client(client).lifetimes(100, 200, 50, 80)
                .stateExpirationTime(end == null ? null : at(end))
                .clientLastTransactionTime(cltOrNull == null ? null : at(cltOrNull)).partnerUpdatePending(flagged)
                .build();
    }

    private static Binding ours(BindingStatus status, ClientIdentity client, String start, String end, String clt) {
        return ours(A, status, client, start, end, clt, false);
    }

    // ---- the partner's record, on our clock ----

    private static BindingMessages.ReceivedLease theirs(Resource r, BindingStatus status, ClientIdentity client,
            String start, String end, String cltOrNull, String acknowledgedOrNull, long preferred) {
        return new BindingMessages.ReceivedLease(0, r, client, status, preferred, 200, 50, 80, at(start),
                end == null ? null : at(end), cltOrNull == null ? null : at(cltOrNull), null, null,
                acknowledgedOrNull == null ? null : at(acknowledgedOrNull), -1);
    }

    private static BindingMessages.ReceivedLease theirs(BindingStatus status, ClientIdentity client, String start,
            String end, String clt) {
        return theirs(A, status, client, start, end, clt, null, 100);
    }

    // ---- contexts ----

    private static UpdateRule.Context ctx(Role role) {
        return new UpdateRule.Context(role, false, false, MCLT, Duration.ZERO, false, null, NOW);
    }

    private static UpdateRule.Context primaryOutOfService() {
        return new UpdateRule.Context(Role.SECONDARY, true, false, MCLT, Duration.ZERO, false, null, NOW);
    }

    private static UpdateRule.Context lostOwnGrants() {
        return new UpdateRule.Context(Role.PRIMARY, false, true, MCLT, Duration.ZERO, false, null, NOW);
    }

    private static UpdateRule.Context skewInDoubt() {
        return new UpdateRule.Context(Role.SECONDARY, false, false, MCLT, Duration.ZERO, true, null, NOW);
    }

    private static UpdateRule.Context partnerAhead(Duration ahead) {
        return new UpdateRule.Context(Role.SECONDARY, false, false, MCLT, ahead, false, null, NOW);
    }

    private static UpdateRule.Context keptAgainst(Binding partnerCopy) {
        return new UpdateRule.Context(Role.PRIMARY, false, false, MCLT, Duration.ZERO, false, partnerCopy, NOW);
    }

    // ---- expectations ----

    /**
     * What must come out: whether the table accepted, the lease's reply status, the stored status
     * (null: nothing stored), whether it is flagged for the partner, whether it goes back at once,
     * the kept-against memory, and anything else the row checks about the stored record.
     */
    record Expect(boolean accepted, int code, BindingStatus stored, boolean flagged, boolean sendBack, Memory memory,
            Predicate<Binding> also) {

        Expect and(Predicate<Binding> more) {
            return new Expect(accepted, code, stored, flagged, sendBack, memory, also.and(more));
        }
    }

    private static Expect taken(BindingStatus stored) {
        return new Expect(true, 0, stored, false, false, Memory.FORGET, b -> true);
    }

    private static Expect refused(int code) {
        return new Expect(false, code, null, false, false, Memory.UNCHANGED, b -> true);
    }

    /** Refused with 19, our record flagged and sent back at once (it was not flagged: RFC 8156 §7.5.4). */
    private static Expect refusedAndSentBack(BindingStatus ours) {
        return new Expect(false, 19, ours, true, true, Memory.UNCHANGED, b -> true);
    }

    private static Predicate<Binding> endsAt(String end) {
        return b -> at(end).equals(b.stateExpirationTime());
    }

    private static Predicate<Binding> client(ClientIdentity c) {
        return b -> c.equals(b.client());
    }

    record Row(String name, Binding local, BindingMessages.ReceivedLease lease, UpdateRule.Context ctx, Expect expect) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Row row(String name, Binding local, BindingMessages.ReceivedLease lease, UpdateRule.Context ctx,
            Expect expect) {
        return new Row(name, local, lease, ctx, expect);
    }

    static List<Row> rows() {
        BindingMessages.ReceivedLease shorter = theirs(BindingStatus.ACTIVE, ALICE, "10:10:00", "10:40:00", "10:10:00");
        Binding ourLonger = ours(BindingStatus.ACTIVE, ALICE, "10:00:00", "11:30:00", "10:00:00");
        Binding acknowledgedCopy = Binding.builder(A, BindingStatus.ACTIVE, at("10:00:00")).client(ALICE)
                .lifetimes(100, 200, 50, 80).stateExpirationTime(at("11:30:00")).partnerRawCltTime(at("10:10:00"))
                .build();
        UnaryOperator<Binding> flag = b -> b.withPartnerUpdatePending(true);
        return List.of(
                // RFC 8156 §7.5.4 as written
                row("7.5.4: no record here, the partner's lease is taken", null,
                        theirs(BindingStatus.ACTIVE, ALICE, "10:29:00", "11:29:00", "10:29:00"), ctx(Role.PRIMARY),
                        taken(BindingStatus.ACTIVE).and(endsAt("11:29:00"))),
                row("7.5.4 accept: a newer ACTIVE over our EXPIRED",
                        ours(BindingStatus.EXPIRED, BOB, "10:00:00", "11:00:00", null),
                        theirs(BindingStatus.ACTIVE, ALICE, "10:29:00", "11:29:00", "10:29:00"), ctx(Role.PRIMARY),
                        taken(BindingStatus.ACTIVE).and(client(ALICE))),
                row("7.5.4 accept: an older update is refused with 19 and ours goes back",
                        ours(BindingStatus.RELEASED, BOB, "10:20:00", null, null),
                        theirs(BindingStatus.ACTIVE, ALICE, "10:00:00", "11:00:00", "10:00:00"), ctx(Role.PRIMARY),
                        refusedAndSentBack(BindingStatus.RELEASED)),
                row("7.5.4 storm rule: ours already flagged is not sent again at once",
                        flag.apply(ours(BindingStatus.RELEASED, BOB, "10:20:00", null, null)),
                        theirs(BindingStatus.ACTIVE, ALICE, "10:00:00", "11:00:00", "10:00:00"), ctx(Role.PRIMARY),
                        refused(19)),
                row("7.5.4 time(1): our ACTIVE ran out, the partner's EXPIRED is taken and freed (7.2)",
                        ours(BindingStatus.ACTIVE, BOB, "09:00:00", "10:20:00", "09:00:00"),
                        theirs(BindingStatus.EXPIRED, BOB, "10:20:00", "11:20:00", "09:00:00"), ctx(Role.PRIMARY),
                        taken(BindingStatus.FREE)),
                row("7.5.4 time(1): our ACTIVE still runs, the partner's EXPIRED is refused",
                        ours(BindingStatus.ACTIVE, BOB, "10:00:00", "11:00:00", "10:00:00"),
                        theirs(BindingStatus.EXPIRED, BOB, "10:20:00", "11:20:00", "10:00:00"), ctx(Role.PRIMARY),
                        refusedAndSentBack(BindingStatus.ACTIVE)),
                row("7.5.4 time(2): a CLT after our RESET began takes the ACTIVE",
                        ours(BindingStatus.RESET, BOB, "10:00:00", null, null),
                        theirs(BindingStatus.ACTIVE, ALICE, "10:20:00", "11:20:00", "10:20:00"), ctx(Role.PRIMARY),
                        taken(BindingStatus.ACTIVE)),
                row("7.5.4 time(2): no CLT after our RESET, refused",
                        ours(BindingStatus.RESET, BOB, "10:00:00", null, null),
                        theirs(BindingStatus.ACTIVE, ALICE, "10:20:00", "11:20:00", null), ctx(Role.PRIMARY),
                        refusedAndSentBack(BindingStatus.RESET)),
                row("7.5.4 accept(3): same client, the partner's later lease is taken",
                        ours(BindingStatus.ACTIVE, ALICE, "10:00:00", "11:00:00", "10:00:00"),
                        theirs(BindingStatus.ACTIVE, ALICE, "10:20:00", "11:20:00", "10:20:00"), ctx(Role.PRIMARY),
                        taken(BindingStatus.ACTIVE).and(endsAt("11:20:00"))),
                row("7.5.4 accept(3): other client, the secondary takes the primary's binding",
                        ours(BindingStatus.ACTIVE, BOB, "10:20:00", "11:20:00", "10:20:00"),
                        theirs(BindingStatus.ACTIVE, ALICE, "10:10:00", "11:10:00", "10:10:00"), ctx(Role.SECONDARY),
                        taken(BindingStatus.ACTIVE).and(client(ALICE))),
                row("7.5.4 accept(3): other client, the primary keeps its binding with 16",
                        ours(BindingStatus.ACTIVE, BOB, "10:20:00", "11:20:00", "10:20:00"),
                        theirs(BindingStatus.ACTIVE, ALICE, "10:10:00", "11:10:00", "10:10:00"), ctx(Role.PRIMARY),
                        refused(16)),
                row("7.5.4 accept(3)+time(2): other client seen after our lease began, the primary takes it",
                        ours(BindingStatus.ACTIVE, BOB, "10:20:00", "11:20:00", "10:20:00"),
                        theirs(BindingStatus.ACTIVE, ALICE, "10:29:00", "11:29:00", "10:29:00"), ctx(Role.PRIMARY),
                        taken(BindingStatus.ACTIVE).and(client(ALICE))),
                // departures from the table (README "Design")
                row("departure, seeds 27845 41043 55284 71368: the secondary keeps its lease while the primary "
                        + "could not lease",
                        ours(BindingStatus.ACTIVE, BOB, "10:20:00", "11:20:00", "10:20:00"),
                        theirs(BindingStatus.ACTIVE, ALICE, "10:10:00", "11:10:00", "10:10:00"), primaryOutOfService(),
                        refusedAndSentBack(BindingStatus.ACTIVE)),
                row("departure, seeds 59992 87555: an agreed FREE yields to the partner's lease whatever the times",
                        ours(BindingStatus.FREE, null, "10:29:00", null, null),
                        theirs(BindingStatus.ACTIVE, ALICE, "10:00:00", "11:00:00", "10:00:00"), ctx(Role.SECONDARY),
                        taken(BindingStatus.ACTIVE)),
                row("departure, seeds 59992 87555: a flagged FREE still goes through the table",
                        flag.apply(ours(BindingStatus.FREE, null, "10:29:00", null, null)),
                        theirs(BindingStatus.ACTIVE, ALICE, "10:00:00", "11:00:00", "10:00:00"), ctx(Role.SECONDARY),
                        refused(19)),
                row("departure, seed 80928: an EXPIRED renewed at the partner as it ran out (tie) is taken",
                        ours(BindingStatus.EXPIRED, ALICE, "10:20:00", "11:20:00", null),
                        theirs(BindingStatus.ACTIVE, ALICE, "10:19:58", "11:20:00", "10:19:58"), ctx(Role.PRIMARY),
                        taken(BindingStatus.ACTIVE)),
                row("departure: a same-client RELEASE within the equality window ends the lease",
                        ours(BindingStatus.ACTIVE, ALICE, "10:20:00", "11:20:00", "10:20:00"),
                        theirs(BindingStatus.RELEASED, ALICE, "10:20:03", null, "10:20:03"), ctx(Role.PRIMARY),
                        taken(BindingStatus.FREE)),
                row("departure, seed 1579: the primary's pool move in flight outweighs the secondary's tie",
                        ours(P, BindingStatus.FREE_BACKUP, null, "10:20:00", null, null, true),
                        theirs(P, BindingStatus.FREE, null, "10:19:58", null, null, null, 100), ctx(Role.PRIMARY),
                        refused(19)),
                row("departure, seeds 172 943: the secondary confirms a take-back with a flagged FREE",
                        ours(P, BindingStatus.FREE_BACKUP, null, "10:20:00", null, null, false),
                        theirs(P, BindingStatus.FREE, null, "10:19:58", null, null, null, 100), ctx(Role.SECONDARY),
                        new Expect(true, 0, BindingStatus.FREE, true, false, Memory.FORGET, b -> true)),
                row("departure, seeds 172 943: a settled FREE is not confirmed again",
                        ours(P, BindingStatus.FREE, null, "10:20:00", null, null, false),
                        theirs(P, BindingStatus.FREE, null, "10:25:00", null, null, null, 100), ctx(Role.SECONDARY),
                        taken(BindingStatus.FREE)),
                row("departure, seeds 1579 3493: our freeing of the primary's RELEASED is no take-back",
                        ours(P, BindingStatus.ACTIVE, CAROL_PD, "10:00:00", "11:00:00", "10:00:00", false),
                        theirs(P, BindingStatus.RELEASED, CAROL_PD, "10:20:00", null, "10:20:00", null, 100),
                        ctx(Role.SECONDARY), taken(BindingStatus.FREE)),
                row("departure, seed 5960: recovering, the partner's EXPIRED stays ACTIVE until its acknowledged "
                        + "time + MCLT, refused with 19, ours goes back",
                        null, theirs(A, BindingStatus.EXPIRED, ALICE, "10:20:00", "11:20:00", "10:00:00", "10:40:00", 100),
                        lostOwnGrants(), new Expect(true, 19, BindingStatus.ACTIVE, true, true, Memory.FORGET,
                                endsAt("11:40:00"))),
                row("departure, seed 250: recovering, without EXPIRATION_TIME the hold runs now + MCLT",
                        null, theirs(A, BindingStatus.EXPIRED, ALICE, "10:20:00", "11:20:00", "10:00:00", null, 100),
                        lostOwnGrants(), new Expect(true, 19, BindingStatus.ACTIVE, true, true, Memory.FORGET,
                                endsAt("11:30:00"))),
                row("departure: recovering, a held ACTIVE is answered with success and goes back",
                        null, theirs(BindingStatus.ACTIVE, ALICE, "10:10:00", "10:50:00", "10:10:00"),
                        lostOwnGrants(), new Expect(true, 0, BindingStatus.ACTIVE, true, true, Memory.FORGET,
                                endsAt("11:30:00"))),
                row("departure: recovering, an ACTIVE ending after any hold is taken as it is",
                        null, theirs(BindingStatus.ACTIVE, ALICE, "10:10:00", "12:00:00", "10:10:00"),
                        lostOwnGrants(), taken(BindingStatus.ACTIVE).and(endsAt("12:00:00"))),
                row("departure, seeds 331 835 1420: our longer lease of the same client is kept and goes back",
                        ourLonger, shorter, ctx(Role.PRIMARY),
                        new Expect(true, 0, BindingStatus.ACTIVE, true, true, Memory.REMEMBER, endsAt("11:30:00"))),
                row("departure, seeds 331 835 1420: kept again but not sent again while ours is flagged",
                        flag.apply(ourLonger), shorter, ctx(Role.PRIMARY),
                        new Expect(true, 0, BindingStatus.ACTIVE, true, false, Memory.REMEMBER, endsAt("11:30:00"))),
                row("departure, seed 101: a repeat of the copy we kept ours against is not answered again",
                        ourLonger, shorter, keptAgainst(Binding.builder(A, BindingStatus.ACTIVE, at("10:10:00"))
                                .client(ALICE).lifetimes(100, 200, 50, 80).stateExpirationTime(at("10:40:00"))
                                .partnerRawCltTime(at("10:10:00")).build()),
                        new Expect(true, 0, null, false, false, Memory.UNCHANGED, b -> true)),
                row("departure, seed 73: our acknowledged copy of the partner's own lease yields to it",
                        acknowledgedCopy, shorter, ctx(Role.PRIMARY),
                        taken(BindingStatus.ACTIVE).and(endsAt("10:40:00"))),
                row("departure, seed 14012: the acknowledged partner lifetime stays with the same lease",
                        Binding.builder(A, BindingStatus.ACTIVE, at("10:00:00")).client(ALICE)
                                .lifetimes(100, 200, 50, 80).stateExpirationTime(at("11:00:00"))
                                .clientLastTransactionTime(at("10:00:00")).ackedPartnerLifetime(at("10:50:00"))
                                .build(),
                        theirs(BindingStatus.ACTIVE, ALICE, "10:20:00", "11:20:00", "10:20:00"), ctx(Role.PRIMARY),
                        taken(BindingStatus.ACTIVE).and(b -> at("10:50:00").equals(b.ackedPartnerLifetime()))),
                row("departure, seed 14012: ... and does not carry over to a lease of another client",
                        Binding.builder(A, BindingStatus.EXPIRED, at("10:00:00")).client(BOB)
                                .lifetimes(100, 200, 50, 80).stateExpirationTime(at("11:00:00"))
                                .ackedPartnerLifetime(at("10:50:00")).build(),
                        theirs(BindingStatus.ACTIVE, ALICE, "10:20:00", "11:20:00", "10:20:00"), ctx(Role.PRIMARY),
                        taken(BindingStatus.ACTIVE).and(b -> b.ackedPartnerLifetime() == null)),
                row("departure, seed 25995: a copy translated while the skew is in doubt goes back at once",
                        null, theirs(BindingStatus.ACTIVE, ALICE, "10:20:00", "11:20:00", "10:20:00"), skewInDoubt(),
                        new Expect(true, 0, BindingStatus.ACTIVE, true, true, Memory.FORGET, b -> true)),
                row("7.5.5, seed 949: the partner's CLT is kept on its own clock",
                        null, theirs(BindingStatus.ACTIVE, ALICE, "10:20:00", "11:20:00", "10:20:00"),
                        partnerAhead(Duration.ofHours(1)),
                        taken(BindingStatus.ACTIVE).and(b -> at("11:20:00").equals(b.partnerRawCltTime()))),
                row("7.5.3: a lease that cannot be a binding (preferred beyond valid) lacks usable data: 18",
                        null, theirs(A, BindingStatus.ACTIVE, ALICE, "10:20:00", "11:20:00", "10:20:00", null, 300),
                        ctx(Role.PRIMARY), new Expect(true, 18, null, false, false, Memory.UNCHANGED, b -> true)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void theRuleDecidesAsTheRowSays(Row row) {
        UpdateRule.Verdict v = UpdateRule.decide(row.local(), row.lease(), row.ctx());
        Expect e = row.expect();
        Binding stored = v.storeOrNull();
        assertAll(
                () -> assertEquals(e.accepted(), v.accepted(), "accepted by the table: " + v.reason()),
                () -> assertEquals(e.code(), v.statusCode(), "reply status: " + v.reason()),
                () -> assertEquals(e.stored(), stored == null ? null : stored.status(), "stored: " + stored),
                () -> assertEquals(e.flagged(), stored != null && stored.partnerUpdatePending(), "flagged"),
                () -> assertEquals(e.sendBack(), v.sendBack(), "sent back at once"),
                () -> assertEquals(e.memory(), v.memory(), "kept-against memory"),
                () -> assertTrue(stored == null || e.also().test(stored), () -> "stored record " + stored));
        if (v.memory() == Memory.REMEMBER) {
            assertEquals(row.lease().stateExpirationTimeOrNull(), v.partnerCopyOrNull().stateExpirationTime(),
                    "the partner's copy is what we remember");
        }
        assertTrue(!v.conflict() || !v.accepted(), "a conflict is reported only for a refusal");
    }
}
