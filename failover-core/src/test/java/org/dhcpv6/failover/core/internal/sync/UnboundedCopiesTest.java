package org.dhcpv6.failover.core.internal.sync;

import static org.dhcpv6.failover.core.internal.sync.TranslatedCopiesFixtures.ADDRESS;
import static org.dhcpv6.failover.core.internal.sync.TranslatedCopiesFixtures.CLIENT;
import static org.dhcpv6.failover.core.internal.sync.TranslatedCopiesFixtures.LOW_SKEW;
import static org.dhcpv6.failover.core.internal.sync.TranslatedCopiesFixtures.NOW;
import static org.dhcpv6.failover.core.internal.sync.TranslatedCopiesFixtures.partnersLease;
import static org.dhcpv6.failover.core.internal.sync.TranslatedCopiesFixtures.translator;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.dhcpv6.failover.api.Binding;
import org.dhcpv6.failover.api.BindingStatus;
import org.dhcpv6.failover.api.ClientIdentity;
import org.dhcpv6.failover.api.Duid;
import org.dhcpv6.failover.api.FailoverListener;
import org.dhcpv6.failover.api.IaType;
import org.dhcpv6.failover.api.Role;
import org.dhcpv6.failover.core.internal.binding.BindingTable;
import org.dhcpv6.failover.core.internal.binding.ExpiryQueue;
import org.dhcpv6.failover.core.internal.engine.FaultInjector;
import org.dhcpv6.failover.core.store.InMemoryLeaseStore;
import org.dhcpv6.failover.core.internal.sync.TranslatedCopiesFixtures.FakeChannel;
import org.dhcpv6.failover.core.internal.wire.BndUpd;
import org.junit.jupiter.api.Test;

/**
 * A partner lease stored before any round trip bounded the skew estimate goes back to the partner
 * once if the first bound shows the estimate in doubt (simulation seeds 36687, 57389, 66752, 70105,
 * 96160: a secondary restarted during a delay spike, sent no CONNECT, and stored the primary's
 * leases 5 to 13 s late with nothing to say its estimate was low).
 */
class UnboundedCopiesTest {

    private final BindingTable table = new BindingTable(new InMemoryLeaseStore());
    private final BindingReceiver receiver = new BindingReceiver("sim", Role.SECONDARY, table, r -> true,
            FailoverListener.NONE, FaultInjector.NONE, new ExpiryQueue(), TranslatedCopiesFixtures::snapshot);
    private final PartnerSync sync = new PartnerSync("sim", table, FailoverListener.NONE, FaultInjector.NONE,
            receiver);

    @Test
    void aCopyStoredBeforeAnyRoundTripIsRecordedAsUnbounded() {
        BindingReceiver.Outcome out = receiver.apply(partnersLease(), translator(LOW_SKEW, false, false), NOW);
        Binding stored = table.get(ADDRESS);

        assertTrue(out.sendNow().isEmpty(), "unknown doubt is no doubt at storing time");
        assertTrue(receiver.takeUnboundedCopies(translator(LOW_SKEW, true, false)).isEmpty(), "no bound yet");
        assertEquals(List.of(stored), receiver.takeUnboundedCopies(translator(LOW_SKEW, true, true)));
    }

    @Test
    void theFirstBoundShowingDoubtSendsTheUnboundedCopiesBackOnce() {
        receiver.apply(partnersLease(), translator(LOW_SKEW, false, false), NOW);
        Binding stored = table.get(ADDRESS);
        FakeChannel ch = new FakeChannel(translator(LOW_SKEW, false, false));

        sync.pump(ch, NOW.plusSeconds(1));
        assertTrue(ch.sent.isEmpty(), ch.sent::toString);

        ch.times = translator(LOW_SKEW, true, true);
        sync.pump(ch, NOW.plusSeconds(2));
        assertEquals(1, ch.sent.size(), ch.sent::toString);
        assertTrue(ch.sent.get(0) instanceof BndUpd);
        assertEquals(stored.withPartnerUpdatePending(true), table.get(ADDRESS));

        sync.pump(ch, NOW.plusSeconds(3));
        assertEquals(1, ch.sent.size(), "one BNDUPD, not a loop");
    }

    @Test
    void aFirstBoundWithoutDoubtSendsNothingAndLaterDoubtDoesNotReopenIt() {
        receiver.apply(partnersLease(), translator(LOW_SKEW, false, false), NOW);
        FakeChannel ch = new FakeChannel(translator(LOW_SKEW, false, true));

        sync.pump(ch, NOW.plusSeconds(1));
        ch.times = translator(LOW_SKEW, true, true);
        sync.pump(ch, NOW.plusSeconds(2));

        assertTrue(ch.sent.isEmpty(), ch.sent::toString);
        assertFalse(table.get(ADDRESS).partnerUpdatePending());
    }

    @Test
    void sameLeaseIgnoresOnlyTheAckBookkeeping() {
        Binding stored = new Binding(ADDRESS, CLIENT, BindingStatus.ACTIVE, 600, 1200, 300, 480, NOW,
                NOW.plusSeconds(1200), NOW, null, null, null, null, false);
        Binding acked = new Binding(ADDRESS, CLIENT, BindingStatus.ACTIVE, 600, 1200, 300, 480, NOW,
                NOW.plusSeconds(1200), NOW, null, null, NOW.plusSeconds(1800), NOW.plusSeconds(2400), true);
        Binding later = new Binding(ADDRESS, CLIENT, BindingStatus.ACTIVE, 600, 1200, 300, 480, NOW,
                NOW.plusSeconds(1210), NOW, null, null, null, null, false);
        ClientIdentity other = new ClientIdentity(Duid.parseHex("0003000100000038"), 56, IaType.IA_NA);
        Binding otherClient = new Binding(ADDRESS, other, BindingStatus.ACTIVE, 600, 1200, 300, 480, NOW,
                NOW.plusSeconds(1200), NOW, null, null, null, null, false);

        assertTrue(TranslatedCopies.sameLease(stored, acked));
        assertFalse(TranslatedCopies.sameLease(stored, later), "another expiry");
        assertFalse(TranslatedCopies.sameLease(stored, otherClient), "another client");
        assertFalse(TranslatedCopies.sameLease(stored, null), "freed since");
    }
}
