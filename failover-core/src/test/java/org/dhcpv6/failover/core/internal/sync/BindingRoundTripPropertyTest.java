package org.dhcpv6.failover.core.internal.sync;

import static org.dhcpv6.failover.core.internal.sync.SyncFixtures.PARTNER_NOW;
import static org.dhcpv6.failover.core.internal.sync.SyncFixtures.overTheWire;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.dhcpv6.failover.api.Binding;
import org.dhcpv6.failover.api.BindingStatus;
import org.dhcpv6.failover.api.ClientIdentity;
import org.dhcpv6.failover.api.Duid;
import org.dhcpv6.failover.api.IaType;
import org.dhcpv6.failover.api.Ipv6Address;
import org.dhcpv6.failover.api.Ipv6Prefix;
import org.dhcpv6.failover.api.Resource;
import org.dhcpv6.failover.core.internal.sync.BindingMessages.Ack;
import org.dhcpv6.failover.core.internal.sync.BindingMessages.ReceivedLease;
import org.dhcpv6.failover.core.internal.time.WireTime;
import org.dhcpv6.failover.core.internal.wire.BndUpd;

/**
 * Any binding the partner sends comes back out of {@link BindingMessages#leases} with its times
 * moved by exactly the partner's skew (raw CLT untouched), and the BNDREPLY echo comes back to the
 * partner as its own PARTNER_LIFETIME (RFC 8156 §7.4–§7.7).
 */
class BindingRoundTripPropertyTest {

    private static final long TEN_YEARS = 10L * 365 * 86_400;

    @Property(tries = 500)
    void everyBindingSurvivesTheWire(@ForAll("bindings") Binding b, @ForAll("skews") long skewSeconds,
            @ForAll("maybeTimes") Instant partnerLifetime) throws MissingBindingDataException {
        Duration skew = Duration.ofSeconds(skewSeconds);
        Instant localNow = PARTNER_NOW.minus(skew);
        BndUpd received = overTheWire(BindingMessages.update(1, WireTime.toWire(PARTNER_NOW), b, partnerLifetime,
                PARTNER_NOW, TimeTranslator.identity(PARTNER_NOW)));

        List<ReceivedLease> leases = BindingMessages.leases(received, TimeTranslator.offset(skew, localNow));

        assertEquals(1, leases.size());
        ReceivedLease l = leases.get(0);
        boolean hasClient = b.client() != null;
        boolean ta = hasClient && b.client().iaType() == IaType.IA_TA;
        assertEquals(b.resource(), l.resource());
        assertEquals(b.client(), l.clientOrNull());
        assertEquals(b.status(), l.status());
        assertEquals(b.preferredLifetimeSeconds(), l.preferredSeconds());
        assertEquals(b.validLifetimeSeconds(), l.validSeconds());
        assertEquals(hasClient && !ta ? b.t1Seconds() : 0, l.t1Seconds());
        assertEquals(hasClient && !ta ? b.t2Seconds() : 0, l.t2Seconds());
        assertEquals(b.startTimeOfState().minus(skew), l.startTimeOfState());
        assertEquals(shifted(b.stateExpirationTime(), skew), l.stateExpirationTimeOrNull());
        assertEquals(hasClient ? shifted(b.clientLastTransactionTime(), skew) : null, l.cltTimeOrNull());
        assertEquals(hasClient ? b.partnerRawCltTime() : null, l.partnerRawCltTimeOrNull());
        assertEquals(shifted(partnerLifetime, skew), l.partnerLifetimeOrNull());
        assertEquals(shifted(b.expirationTime(), skew), l.expirationTimeOrNull());

        List<Ack> acks = BindingMessages.acks(
                overTheWire(BindingMessages.reply(received, WireTime.toWire(localNow), Map.of(), null)), PARTNER_NOW);
        assertEquals(1, acks.size());
        assertEquals(partnerLifetime, acks.get(0).partnerLifetimeSentOrNull());
    }

    private static Instant shifted(Instant i, Duration skew) {
        return i == null ? null : i.minus(skew);
    }

    @Provide
    Arbitrary<Long> skews() {
        return Arbitraries.longs().between(-2 * 86_400, 2 * 86_400);
    }

    private static Arbitrary<Instant> times() {
        return Arbitraries.longs().between(-TEN_YEARS, TEN_YEARS).map(PARTNER_NOW::plusSeconds);
    }

    @Provide
    Arbitrary<Instant> maybeTimes() {
        return times().injectNull(0.3);
    }

    /** Client-last-transaction times never lie after the base time: that is sent as 0 and checked apart. */
    private static Arbitrary<Instant> pastTimes() {
        return Arbitraries.longs().between(0, TEN_YEARS).map(PARTNER_NOW::minusSeconds).injectNull(0.3);
    }

    @Provide
    Arbitrary<Binding> bindings() {
        Arbitrary<Resource> address = Combinators.combine(Arbitraries.longs(), Arbitraries.longs())
                .as(Ipv6Address::new);
        Arbitrary<Resource> prefix = Combinators.combine(Arbitraries.longs(), Arbitraries.integers().between(0, 128))
                .as((hi, len) -> new Ipv6Prefix(Ipv6Prefix.mask(new Ipv6Address(hi, hi * 31), len), len));
        Arbitrary<Resource> resource = Arbitraries.oneOf(address, prefix);
        Arbitrary<Duid> duid = Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(Duid.MAX_OCTETS)
                .map(Duid::of);
        Arbitrary<Long> u32 = Arbitraries.longs().between(0, WireTime.MAX_WIRE);
        Arbitrary<long[]> lifetimes = Combinators.combine(u32, u32, u32, u32)
                .as((a, c, t1, t2) -> new long[] {Math.min(a, c), Math.max(a, c), t1, t2});
        Arbitrary<Boolean> withClient = Arbitraries.of(true, false);
        return Combinators.combine(resource, withClient, duid, u32, Arbitraries.of(BindingStatus.values()), lifetimes,
                        Combinators.combine(times(), maybeTimes(), pastTimes(), maybeTimes(), maybeTimes())
                                .as((s, se, clt, raw, exp) -> new Instant[] {s, se, clt, raw, exp}))
                .as((r, client, d, iaid, status, lt, t) -> binding(r, client, d, iaid, status, lt, t));
    }

    private static Binding binding(Resource r, boolean withClient, Duid duid, long iaid, BindingStatus status,
            long[] lt, Instant[] t) {
        boolean isPrefix = r instanceof Ipv6Prefix;
        // Addresses always travel with a client; a prefix without one cannot be ACTIVE.
        boolean client = withClient || !isPrefix || status == BindingStatus.ACTIVE;
        IaType type = isPrefix ? IaType.IA_PD : (iaid % 2 == 0 ? IaType.IA_NA : IaType.IA_TA);
        ClientIdentity c = client ? new ClientIdentity(duid, iaid, type) : null;
        return new Binding(r, c, status, lt[0], lt[1], lt[2], lt[3], t[0], t[1], client ? t[2] : null,
                client ? t[3] : null, t[4], null, null, false);
    }
}
