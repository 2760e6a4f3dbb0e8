package org.dhcpv6.failover.core.internal.sync;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.dhcpv6.failover.api.Binding;
import org.dhcpv6.failover.api.BindingStatus;
import org.dhcpv6.failover.api.ClientIdentity;
import org.dhcpv6.failover.api.ClientService;
import org.dhcpv6.failover.api.Duid;
import org.dhcpv6.failover.api.IaType;
import org.dhcpv6.failover.api.Ipv6Address;
import org.dhcpv6.failover.api.Role;
import org.dhcpv6.failover.api.ServerState;
import org.dhcpv6.failover.core.internal.engine.EndpointSnapshot;
import org.dhcpv6.failover.core.internal.time.WireTime;
import org.dhcpv6.failover.core.internal.wire.BndUpd;
import org.dhcpv6.failover.core.internal.wire.FailoverMessage;

/**
 * One partner lease, translators with a chosen skew estimate and doubt, and a recording channel:
 * the scene of a server restarted during a delay spike, for the {@link TranslatedCopies} tests.
 */
final class TranslatedCopiesFixtures {

    static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
    /** The partner's clock is an hour ahead; a restarted server during a 10 s spike guesses 10 s less. */
    static final Duration TRUE_SKEW = Duration.ofHours(1);
    static final Duration LOW_SKEW = TRUE_SKEW.minusSeconds(10);
    static final Ipv6Address ADDRESS = Ipv6Address.parse("2001:db8:1::55");
    static final ClientIdentity CLIENT = new ClientIdentity(Duid.parseHex("0003000100000037"), 55,
            IaType.IA_NA);

    private TranslatedCopiesFixtures() {
    }

    static EndpointSnapshot snapshot() {
        return new EndpointSnapshot("sim", Role.SECONDARY, ServerState.NORMAL, NOW.minusSeconds(5),
                ClientService.UNRESPONSIVE, true, ServerState.NORMAL, LOW_SKEW, Duration.ofSeconds(60), null,
                false, false);
    }

    /** The partner's BNDUPD of a lease it granted, times on its own clock. */
    static BndUpd partnersLease() {
        Instant partnerNow = NOW.plus(TRUE_SKEW);
        Binding b = new Binding(ADDRESS, CLIENT, BindingStatus.ACTIVE, 600, 1200, 300, 480, partnerNow,
                partnerNow.plusSeconds(1200), partnerNow, null, null, null, null, true);
        return BindingMessages.update(1, WireTime.toWire(partnerNow), b, null, partnerNow,
                TimeTranslator.identity(partnerNow));
    }

    /** Translates with {@code skew}; round trips bound it ({@code doubtKnown}) and show it in doubt or not. */
    static TimeTranslator translator(Duration skew, boolean inDoubt, boolean doubtKnown) {
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

            @Override
            public boolean doubtKnown() {
                return doubtKnown;
            }
        };
    }

    /** A channel that records what is sent, translating with a translator the test may swap. */
    static final class FakeChannel implements PartnerSync.Channel {
        final List<FailoverMessage> sent = new ArrayList<>();
        TimeTranslator times;
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
