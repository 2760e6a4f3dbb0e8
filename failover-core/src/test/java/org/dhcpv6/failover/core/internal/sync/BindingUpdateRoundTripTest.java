package org.dhcpv6.failover.core.internal.sync;

import static org.dhcpv6.failover.core.internal.sync.SyncFixtures.DUID;
import static org.dhcpv6.failover.core.internal.sync.SyncFixtures.LOCAL_NOW;
import static org.dhcpv6.failover.core.internal.sync.SyncFixtures.PARTNER_NOW;
import static org.dhcpv6.failover.core.internal.sync.SyncFixtures.address;
import static org.dhcpv6.failover.core.internal.sync.SyncFixtures.overTheWire;
import static org.dhcpv6.failover.core.internal.sync.SyncFixtures.prefix;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.dhcpv6.failover.api.Binding;
import org.dhcpv6.failover.api.BindingStatus;
import org.dhcpv6.failover.api.ClientIdentity;
import org.dhcpv6.failover.api.IaType;
import org.dhcpv6.failover.core.internal.sync.BindingMessages.Ack;
import org.dhcpv6.failover.core.internal.sync.BindingMessages.ReceivedLease;
import org.dhcpv6.failover.core.internal.time.WireTime;
import org.dhcpv6.failover.core.internal.wire.BndReply;
import org.dhcpv6.failover.core.internal.wire.BndUpd;
import org.dhcpv6.failover.core.internal.wire.ClientDataOption;
import org.dhcpv6.failover.core.internal.wire.CltTimeOption;
import org.dhcpv6.failover.core.internal.wire.IaAddrOption;
import org.dhcpv6.failover.core.internal.wire.IaNaOption;
import org.dhcpv6.failover.core.internal.wire.IaPrefixOption;
import org.dhcpv6.failover.core.internal.wire.IaTaOption;
import org.dhcpv6.failover.core.internal.wire.LqBaseTimeOption;
import org.dhcpv6.failover.core.internal.wire.MessageCodec;
import org.dhcpv6.failover.core.internal.wire.Option;
import org.dhcpv6.failover.core.internal.wire.Options;
import org.junit.jupiter.api.Test;

/** Binding → BNDUPD → wire → leases(), with the partner's clock one day ahead (RFC 8156 §7.4, §7.5.5). */
class BindingUpdateRoundTripTest {

    private static final Duration DAY = Duration.ofDays(1);
    private static final TimeTranslator PARTNER_WRITES = TimeTranslator.identity(PARTNER_NOW);
    private static final TimeTranslator WE_READ = TimeTranslator.offset(DAY, LOCAL_NOW);

    /** An ACTIVE binding as the partner holds it: every time on the partner's clock but the raw CLT. */
    private static Binding partnerBinding(IaType type) {
        ClientIdentity client = new ClientIdentity(DUID, 42, type);
        return new Binding(type == IaType.IA_PD ? prefix(3) : address(7), client, BindingStatus.ACTIVE,
                1800, 3600, type == IaType.IA_TA ? 0 : 900, type == IaType.IA_TA ? 0 : 1440,
                PARTNER_NOW.minusSeconds(100), PARTNER_NOW.plusSeconds(3500), PARTNER_NOW.minusSeconds(100),
                LOCAL_NOW.minusSeconds(500), PARTNER_NOW.plusSeconds(3000), null, null, true);
    }

    @Test
    void skewedRoundTripTranslatesEveryPartnerTimeButTheRawClt() {
        Binding b = partnerBinding(IaType.IA_NA);
        Instant partnerLifetime = PARTNER_NOW.plusSeconds(5400);
        BndUpd sent = BindingMessages.update(5, WireTime.toWire(PARTNER_NOW), b, partnerLifetime, PARTNER_NOW,
                PARTNER_WRITES);

        List<ReceivedLease> leases = assertDoesNotThrowMissing(overTheWire(sent));

        assertEquals(1, leases.size());
        ReceivedLease l = leases.get(0);
        assertEquals(0, l.index());
        assertEquals(b.resource(), l.resource());
        assertEquals(b.client(), l.clientOrNull());
        assertEquals(BindingStatus.ACTIVE, l.status());
        assertEquals(List.of(1800L, 3600L, 900L, 1440L),
                List.of(l.preferredSeconds(), l.validSeconds(), l.t1Seconds(), l.t2Seconds()));
        assertEquals(b.startTimeOfState().minus(DAY), l.startTimeOfState());
        assertEquals(b.stateExpirationTime().minus(DAY), l.stateExpirationTimeOrNull());
        assertEquals(b.clientLastTransactionTime().minus(DAY), l.cltTimeOrNull());
        assertEquals(partnerLifetime.minus(DAY), l.partnerLifetimeOrNull());
        assertEquals(b.expirationTime().minus(DAY), l.expirationTimeOrNull());
        // Our own time coming back: not moved by the day of skew.
        assertEquals(b.partnerRawCltTime(), l.partnerRawCltTimeOrNull());
        assertEquals(WireTime.toWire(partnerLifetime), l.partnerLifetimeWireOrMinus1());
    }

    @Test
    void partnerLifetimeSentEchoesTheReceivedOctetsAndIsReadBackWithoutSkew() {
        Instant partnerLifetime = PARTNER_NOW.plusSeconds(5400);
        BndUpd sent = BindingMessages.update(6, WireTime.toWire(PARTNER_NOW), partnerBinding(IaType.IA_NA),
                partnerLifetime, PARTNER_NOW, PARTNER_WRITES);
        byte[] updateBytes = MessageCodec.encode(sent);
        BndUpd received = overTheWire(sent);

        BndReply reply = BindingMessages.reply(received, WireTime.toWire(LOCAL_NOW), Map.of(), null);
        byte[] replyBytes = MessageCodec.encode(reply);

        assertEquals(hex(valueAfter(updateBytes, 123)), hex(valueAfter(replyBytes, 124)));
        List<Ack> acks = BindingMessages.acks(overTheWire(reply), PARTNER_NOW);
        assertEquals(1, acks.size());
        assertTrue(acks.get(0).accepted());
        assertEquals(partnerLifetime, acks.get(0).partnerLifetimeSentOrNull());
    }

    @Test
    void temporaryAndPrefixClientsRoundTrip() throws MissingBindingDataException {
        for (IaType type : IaType.values()) {
            Binding b = partnerBinding(type);
            ReceivedLease l = BindingMessages.leases(overTheWire(
                    BindingMessages.update(1, 0, b, null, PARTNER_NOW, PARTNER_WRITES)), PARTNER_WRITES).get(0);
            assertEquals(b.resource(), l.resource(), type.name());
            assertEquals(b.client(), l.clientOrNull(), type.name());
            assertEquals(b.t1Seconds(), l.t1Seconds(), type.name());
            assertNull(l.partnerLifetimeOrNull());
            assertEquals(-1, l.partnerLifetimeWireOrMinus1());
        }
        Option ta = BindingMessages.updateOption(partnerBinding(IaType.IA_TA), null, PARTNER_NOW, PARTNER_WRITES);
        assertEquals(1, Options.all(((ClientDataOption) ta).options(), IaTaOption.class).size());
    }

    @Test
    void barePrefixFormCarriesTheBaseTimeInsideTheIaPrefix() throws MissingBindingDataException {
        Binding b = new Binding(prefix(4), null, BindingStatus.FREE_BACKUP, 0, 0, 0, 0,
                PARTNER_NOW.minusSeconds(60), null, null, null, PARTNER_NOW.plusSeconds(600), null, null, true);
        Option item = BindingMessages.updateOption(b, PARTNER_NOW.plusSeconds(900), PARTNER_NOW, PARTNER_WRITES);

        IaPrefixOption p = assertInstanceOf(IaPrefixOption.class, item);
        assertEquals(WireTime.toWire(PARTNER_NOW), Options.firstValue(p.options(), LqBaseTimeOption.class).getAsLong());
        assertTrue(Options.first(p.options(), CltTimeOption.class).isEmpty());
        ReceivedLease l = BindingMessages.leases(overTheWire(BndUpd.of(3, 0, item)), WE_READ).get(0);
        assertEquals(prefix(4), l.resource());
        assertNull(l.clientOrNull());
        assertEquals(BindingStatus.FREE_BACKUP, l.status());
        assertEquals(b.startTimeOfState().minus(DAY), l.startTimeOfState());
        assertNull(l.stateExpirationTimeOrNull());
        assertEquals(PARTNER_NOW.plusSeconds(900).minus(DAY), l.partnerLifetimeOrNull());
        assertEquals(b.expirationTime().minus(DAY), l.expirationTimeOrNull());
    }

    @Test
    void anAddressWithoutClientIsNeverSent() {
        Binding free = Binding.free(address(9), BindingStatus.FREE, PARTNER_NOW);
        assertThrows(IllegalArgumentException.class,
                () -> BindingMessages.updateOption(free, null, PARTNER_NOW, PARTNER_WRITES));
    }

    @Test
    void multiIaLeasesComeInWireOrderWithIndexes() throws MissingBindingDataException {
        List<ReceivedLease> leases = BindingMessages.leases(overTheWire(SyncFixtures.multiIa()), PARTNER_WRITES);

        assertEquals(5, leases.size());
        for (int i = 0; i < 4; i++) {
            ReceivedLease l = leases.get(i);
            assertEquals(i, l.index());
            assertEquals(address(i + 1), l.resource());
            assertEquals(new ClientIdentity(DUID, i < 2 ? 1 : 2, IaType.IA_NA), l.clientOrNull());
            assertEquals(i < 2 ? 10 : 11, l.t1Seconds());
            assertEquals(101 + i, l.preferredSeconds());
        }
        assertEquals(prefix(5), leases.get(4).resource());
        assertEquals(new ClientIdentity(DUID, 3, IaType.IA_PD), leases.get(4).clientOrNull());
        assertEquals(4, leases.get(4).index());
    }

    @Test
    void cltTimeIsWholeSecondsBeforeTheBaseAndReadBackExactly() throws MissingBindingDataException {
        Instant now = PARTNER_NOW.plusMillis(900);
        Binding b = withClt(PARTNER_NOW.minusSeconds(100).plusMillis(200));
        ClientDataOption cd = (ClientDataOption) BindingMessages.updateOption(b, null, now, PARTNER_WRITES);

        assertEquals(100, cltOf(cd));
        ReceivedLease l = BindingMessages.leases(BndUpd.of(1, 0, cd), PARTNER_WRITES).get(0);
        assertEquals(PARTNER_NOW.minusSeconds(100), l.cltTimeOrNull());
        assertEquals(PARTNER_NOW.minusSeconds(100).minus(DAY),
                BindingMessages.leases(BndUpd.of(1, 0, cd), WE_READ).get(0).cltTimeOrNull());
    }

    @Test
    void cltTimeAfterTheBaseIsSentAsZero() {
        ClientDataOption cd = (ClientDataOption) BindingMessages.updateOption(
                withClt(PARTNER_NOW.plusSeconds(30)), null, PARTNER_NOW, PARTNER_WRITES);
        assertEquals(0, cltOf(cd));
    }

    @Test
    void unknownClientTransactionTimeSendsNoCltTime() {
        Binding b = withClt(null);
        ClientDataOption cd = (ClientDataOption) BindingMessages.updateOption(b, null, PARTNER_NOW, PARTNER_WRITES);
        IaNaOption ia = Options.first(cd.options(), IaNaOption.class).orElseThrow();
        assertFalse(ia.options().isEmpty());
        assertEquals(-1, cltOf(cd));
    }

    private static Binding withClt(Instant clt) {
        Binding b = partnerBinding(IaType.IA_NA);
        return new Binding(b.resource(), b.client(), b.status(), 1800, 3600, 900, 1440, b.startTimeOfState(),
                b.stateExpirationTime(), clt, null, null, null, null, true);
    }

    private static long cltOf(ClientDataOption cd) {
        IaNaOption ia = Options.first(cd.options(), IaNaOption.class).orElseThrow();
        List<Option> lease = ((IaAddrOption) ia.options().get(0)).options();
        return Options.firstValue(lease, CltTimeOption.class).orElse(-1);
    }

    private static List<ReceivedLease> assertDoesNotThrowMissing(BndUpd u) {
        try {
            return BindingMessages.leases(u, WE_READ);
        } catch (MissingBindingDataException e) {
            throw new AssertionError(e);
        }
    }

    /** The 4 value octets of the first option with {@code code} and length 4 in {@code message}. */
    private static byte[] valueAfter(byte[] message, int code) {
        for (int i = MessageCodec.HEADER_LENGTH; i + 8 <= message.length; i++) {
            if (message[i] == 0 && (message[i + 1] & 0xFF) == code && message[i + 2] == 0 && message[i + 3] == 4) {
                return Arrays.copyOfRange(message, i + 4, i + 8);
            }
        }
        throw new AssertionError("no option " + code);
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
