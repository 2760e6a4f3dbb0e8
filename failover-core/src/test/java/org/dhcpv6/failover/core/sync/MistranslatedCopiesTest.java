package org.dhcpv6.failover.core.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.dhcpv6.failover.api.Binding;
import org.dhcpv6.failover.api.BindingStatus;
import org.dhcpv6.failover.api.ClientIdentity;
import org.dhcpv6.failover.api.ClientService;
import org.dhcpv6.failover.api.Duid;
import org.dhcpv6.failover.api.FailoverListener;
import org.dhcpv6.failover.api.IaType;
import org.dhcpv6.failover.api.Ipv6Address;
import org.dhcpv6.failover.api.Role;
import org.dhcpv6.failover.api.ServerState;
import org.dhcpv6.failover.core.binding.BindingTable;
import org.dhcpv6.failover.core.binding.ExpiryQueue;
import org.dhcpv6.failover.core.engine.EndpointSnapshot;
import org.dhcpv6.failover.core.engine.FaultInjector;
import org.dhcpv6.failover.core.store.InMemoryLeaseStore;
import org.dhcpv6.failover.core.time.WireTime;
import org.dhcpv6.failover.core.wire.BndUpd;
import org.dhcpv6.failover.core.wire.FailoverMessage;
import org.junit.jupiter.api.Test;

/**
 * A partner lease stored with a skew estimate that proves wrong goes back to the partner once, so
 * that both keep the later expiry (simulation seeds 2415, 16541, 16718, 17926, 18783, 21715, 22729,
 * 25995, 26356: a server restarted during a delay spike stored the partner's leases 5 to 13 s late).
 */
class MistranslatedCopiesTest {

    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
    /** The partner's clock is an hour ahead; a restarted server during a 10 s spike guesses 10 s less. */
    private static final Duration TRUE_SKEW = Duration.ofHours(1);
    private static final Duration LOW_SKEW = TRUE_SKEW.minusSeconds(10);
    private static final Ipv6Address ADDRESS = Ipv6Address.parse("2001:db8:1::55");
    private static final ClientIdentity CLIENT = new ClientIdentity(Duid.parseHex("0003000100000037"), 55,
            IaType.IA_NA);

    private final BindingTable table = new BindingTable(new InMemoryLeaseStore());
    private final BindingReceiver receiver = new BindingReceiver("sim", Role.SECONDARY, table, r -> true,
            FailoverListener.NONE, FaultInjector.NONE, new ExpiryQueue(), MistranslatedCopiesTest::snapshot);

    private static EndpointSnapshot snapshot() {
        return new EndpointSnapshot("sim", Role.SECONDARY, ServerState.NORMAL, NOW.minusSeconds(5),
                ClientService.UNRESPONSIVE, true, ServerState.NORMAL, LOW_SKEW, Duration.ofSeconds(60), null,
                false, false);
    }

    /** The partner's BNDUPD of a lease it granted, times on its own clock. */
    private static BndUpd partnersLease() {
        Instant partnerNow = NOW.plus(TRUE_SKEW);
        Binding b = new Binding(ADDRESS, CLIENT, BindingStatus.ACTIVE, 600, 1200, 300, 480, partnerNow,
                partnerNow.plusSeconds(1200), partnerNow, null, null, null, null, true);
        return BindingMessages.update(1, WireTime.toWire(partnerNow), b, null, partnerNow,
                TimeTranslator.identity(partnerNow));
    }

    private static TimeTranslator translator(Duration skew, boolean inDoubt) {
        TimeTranslator t = TimeTranslator.offset(skew, NOW);
        return new TimeTranslator() {
            @Override
            public Instant toLocal(long wireTime) {
                return t.toLocal(wireTime);
            }

            @Override
            public long toWire(Instant local) {
                return t.toWire(local);
            }

            @Override
            public Instant toPartnerClock(Instant local) {
                return t.toPartnerClock(local);
            }

            @Override
            public Duration partnerAhead() {
                return skew;
            }

            @Override
            public boolean inDoubt() {
                return inDoubt;
            }
        };
    }

    @Test
    void aCopyStoredWhileRoundTripsShowDoubtGoesBackAtOnceFlaggedInTheStore() {
        BindingReceiver.Outcome out = receiver.apply(partnersLease(), translator(LOW_SKEW, true), NOW);

        assertTrue(out.rejections().isEmpty(), out.rejections()::toString);
        assertEquals(List.of(ADDRESS), out.sendNow());
        assertTrue(table.get(ADDRESS).partnerUpdatePending(), "flagged with the write that stores it");
    }

    @Test
    void aCopyStoredWithoutDoubtIsTakenAsItIs() {
        BindingReceiver.Outcome out = receiver.apply(partnersLease(), translator(TRUE_SKEW, false), NOW);

        assertTrue(out.sendNow().isEmpty(), out.sendNow()::toString);
        assertFalse(table.get(ADDRESS).partnerUpdatePending());
        assertTrue(receiver.takeMistranslatedCopies(TRUE_SKEW.plusSeconds(1)).isEmpty(), "a second is jitter");
    }

    @Test
    void aRiseOfTheEstimateSendsTheCopiesTranslatedBeforeItOnce() {
        receiver.apply(partnersLease(), translator(LOW_SKEW, false), NOW);
        Binding stored = table.get(ADDRESS);

        assertEquals(List.of(stored), receiver.takeMistranslatedCopies(TRUE_SKEW));
        assertTrue(receiver.takeMistranslatedCopies(TRUE_SKEW).isEmpty(), "once per move, not a loop");
    }

    @Test
    void aFallOfTheEstimateSendsThemToo() {
        receiver.apply(partnersLease(), translator(TRUE_SKEW, false), NOW);

        assertEquals(1, receiver.takeMistranslatedCopies(LOW_SKEW).size());
    }

    @Test
    void aBindingChangedHereSinceIsNoCopyOfThePartnersAnyMore() {
        receiver.apply(partnersLease(), translator(LOW_SKEW, false), NOW);
        receiver.changedLocally(ADDRESS);

        assertTrue(receiver.takeMistranslatedCopies(TRUE_SKEW).isEmpty());
    }

    @Test
    void theSyncFlagsAndSendsAnUnchangedCopyWhenTheEstimateRises() {
        receiver.apply(partnersLease(), translator(LOW_SKEW, false), NOW);
        Binding stored = table.get(ADDRESS);
        PartnerSync sync = new PartnerSync("sim", table, FailoverListener.NONE, FaultInjector.NONE, receiver);
        FakeChannel ch = new FakeChannel(translator(TRUE_SKEW, false));

        sync.pump(ch, NOW.plusSeconds(30));

        assertEquals(1, ch.sent.size(), ch.sent::toString);
        assertTrue(ch.sent.get(0) instanceof BndUpd);
        assertEquals(stored.withPartnerUpdatePending(true), table.get(ADDRESS));

        sync.pump(ch, NOW.plusSeconds(31));
        assertEquals(1, ch.sent.size(), "one BNDUPD, not a loop");
    }

    @Test
    void theSyncLeavesACopyChangedSinceAlone() throws Exception {
        receiver.apply(partnersLease(), translator(LOW_SKEW, false), NOW);
        try (BindingTable.Locked lock = table.lock(ADDRESS)) {
            table.commit(new Binding(ADDRESS, CLIENT, BindingStatus.ACTIVE, 600, 1200, 300, 480, NOW,
                    NOW.plusSeconds(1200), NOW, null, null, null, null, false));
        }
        PartnerSync sync = new PartnerSync("sim", table, FailoverListener.NONE, FaultInjector.NONE, receiver);
        FakeChannel ch = new FakeChannel(translator(TRUE_SKEW, false));

        sync.pump(ch, NOW.plusSeconds(30));

        assertTrue(ch.sent.isEmpty(), ch.sent::toString);
        assertFalse(table.get(ADDRESS).partnerUpdatePending());
    }

    private static final class FakeChannel implements PartnerSync.Channel {
        final List<FailoverMessage> sent = new ArrayList<>();
        private final TimeTranslator times;
        private int xid = 100;

        FakeChannel(TimeTranslator times) {
            this.times = times;
        }

        @Override
        public int nextXid() {
            return xid++;
        }

        @Override
        public void send(FailoverMessage message) {
            sent.add(message);
        }

        @Override
        public long wireNow() {
            return WireTime.toWire(NOW);
        }

        @Override
        public TimeTranslator times() {
            return times;
        }

        @Override
        public long partnerMaxUnacked() {
            return 10;
        }
    }
}
