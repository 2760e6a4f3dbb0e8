package org.dhcpv6.failover.core.internal.sync;

import static org.dhcpv6.failover.core.internal.sync.TranslatedCopiesFixtures.ADDRESS;
import static org.dhcpv6.failover.core.internal.sync.TranslatedCopiesFixtures.CLIENT;
import static org.dhcpv6.failover.core.internal.sync.TranslatedCopiesFixtures.LOW_SKEW;
import static org.dhcpv6.failover.core.internal.sync.TranslatedCopiesFixtures.NOW;
import static org.dhcpv6.failover.core.internal.sync.TranslatedCopiesFixtures.TRUE_SKEW;
import static org.dhcpv6.failover.core.internal.sync.TranslatedCopiesFixtures.partnersLease;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.dhcpv6.failover.api.Binding;
import org.dhcpv6.failover.api.BindingStatus;
import org.dhcpv6.failover.api.FailoverListener;
import org.dhcpv6.failover.api.Role;
import org.dhcpv6.failover.core.internal.binding.BindingTable;
import org.dhcpv6.failover.core.internal.binding.ExpiryQueue;
import org.dhcpv6.failover.core.internal.engine.FaultInjector;
import org.dhcpv6.failover.core.store.InMemoryLeaseStore;
import org.dhcpv6.failover.core.internal.sync.TranslatedCopiesFixtures.FakeChannel;
import org.dhcpv6.failover.core.internal.wire.BndUpd;
import org.junit.jupiter.api.Test;

/**
 * A partner lease stored with a skew estimate that proves wrong goes back to the partner once, so
 * that both keep the later expiry (simulation seeds 2415, 16541, 16718, 17926, 18783, 21715, 22729,
 * 25995, 26356: a server restarted during a delay spike stored the partner's leases 5 to 13 s late).
 */
class MistranslatedCopiesTest {

    private final BindingTable table = new BindingTable(new InMemoryLeaseStore());
    private final BindingReceiver receiver = new BindingReceiver("sim", Role.SECONDARY, table, r -> true,
            FailoverListener.NONE, FaultInjector.NONE, new ExpiryQueue(), TranslatedCopiesFixtures::snapshot);

    /** Translates with {@code skew}; a round trip bounds it, showing it in doubt or not. */
    private static TimeTranslator translator(Duration skew, boolean inDoubt) {
        return TranslatedCopiesFixtures.translator(skew, inDoubt, true);
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
}
