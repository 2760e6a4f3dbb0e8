package org.dhcpv6.failover.core.internal.sync;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.dhcpv6.failover.api.Binding;
import org.dhcpv6.failover.api.BindingStatus;
import org.dhcpv6.failover.api.ClientIdentity;
import org.dhcpv6.failover.api.Duid;
import org.dhcpv6.failover.api.IaType;
import org.dhcpv6.failover.api.Ipv6Address;
import org.dhcpv6.failover.api.Ipv6Prefix;
import org.dhcpv6.failover.api.Resource;
import org.dhcpv6.failover.core.internal.wire.MessageCodec;
import org.dhcpv6.failover.core.internal.wire.MessageWriter;
import org.junit.jupiter.api.Test;

/**
 * The BNDUPD written straight to octets ({@link BindingMessages#updateBody}) is octet for octet
 * the encoded {@link BindingMessages#update}, over every IA type and the bare prefix, every
 * status, each optional time present or absent, and edge values; and it refuses what the records
 * refuse.
 */
class UpdateBodyTest {

    private static final Instant NOW = Instant.parse("2024-05-01T10:00:00.700Z");
    private static final List<TimeTranslator> TRANSLATORS = List.of(TimeTranslator.identity(NOW),
            TimeTranslator.offset(Duration.ofSeconds(-3_601), NOW), TimeTranslator.offset(Duration.ofDays(2), NOW));

    @Test
    void writtenBodyEqualsTheEncodedRecordOnVariedBindings() {
        MessageWriter writer = new MessageWriter();
        int compared = 0;
        for (Binding b : bindings()) {
            for (Instant partnerLifetime : new Instant[] {null, NOW.plusSeconds(5_400)}) {
                for (TimeTranslator t : TRANSLATORS) {
                    int xid = compared % 3 == 0 ? 0 : compared % 3 == 1 ? 0xFF_FFFF : compared;
                    long sent = compared % 2 == 0 ? 0 : 0xFFFF_FFFFL;
                    byte[] expected = MessageCodec.encode(BindingMessages.update(xid, sent, b, partnerLifetime, NOW, t));
                    byte[] written = BindingMessages.updateBody(writer, xid, sent, b, partnerLifetime, NOW, t);
                    assertArrayEquals(expected, written, () -> "differs for " + b);
                    compared++;
                }
            }
        }
        // 3 IA types × 8 statuses × 32 option sets × 2 edge sets + bare prefixes, × 2 × 3.
        assertTrue(compared > 3_000, "compared " + compared);
    }

    @Test
    void refusesWhatTheRecordsRefuse() {
        MessageWriter writer = new MessageWriter();
        TimeTranslator t = TRANSLATORS.get(0);
        Binding bareAddress = Binding.builder(address(1), BindingStatus.FREE, NOW).build();
        assertThrows(IllegalArgumentException.class, () -> BindingMessages.update(1, 0, bareAddress, null, NOW, t));
        assertThrows(IllegalArgumentException.class,
                () -> BindingMessages.updateBody(writer, 1, 0, bareAddress, null, NOW, t));
        Binding ok = bindings().get(0);
        for (int badXid : new int[] {-1, 0x100_0000}) {
            assertThrows(IllegalArgumentException.class, () -> BindingMessages.update(badXid, 0, ok, null, NOW, t));
            assertThrows(IllegalArgumentException.class,
                    () -> BindingMessages.updateBody(writer, badXid, 0, ok, null, NOW, t));
        }
        for (long badSent : new long[] {-1, 0x1_0000_0000L}) {
            assertThrows(IllegalArgumentException.class, () -> BindingMessages.update(1, badSent, ok, null, NOW, t));
            assertThrows(IllegalArgumentException.class,
                    () -> BindingMessages.updateBody(writer, 1, badSent, ok, null, NOW, t));
        }
        // A refused message leaves nothing behind for the next one.
        assertArrayEquals(MessageCodec.encode(BindingMessages.update(2, 3, ok, null, NOW, t)),
                BindingMessages.updateBody(writer, 2, 3, ok, null, NOW, t));
    }

    private static List<Binding> bindings() {
        List<Binding> out = new ArrayList<>();
        Duid shortDuid = Duid.parseHex("00:03:00:01:02:03:04:05:06:07");
        byte[] longOctets = new byte[Duid.MAX_OCTETS];
        for (int i = 0; i < longOctets.length; i++) {
            longOctets[i] = (byte) (i * 7 + 1);
        }
        longOctets[0] = 0;
        longOctets[1] = 2;
        Duid longDuid = Duid.of(longOctets);
        for (IaType type : IaType.values()) {
            for (BindingStatus status : BindingStatus.values()) {
                for (int optional = 0; optional < 32; optional++) {
                    for (boolean edges : new boolean[] {false, true}) {
                        Resource r = type == IaType.IA_PD ? prefix(optional, edges ? 128 : 56) : address(optional);
                        long iaid = edges ? 0xFFFF_FFFFL : optional;
                        ClientIdentity client = new ClientIdentity(edges ? longDuid : shortDuid, iaid, type);
                        long big = edges ? 0xFFFF_FFFFL : 3_600;
                        long t1 = type == IaType.IA_TA ? 0 : edges ? big : 900;
                        long t2 = type == IaType.IA_TA ? 0 : edges ? big : 1_440;
                        Binding.Builder b = Binding.builder(r, status, NOW.minusSeconds(100 + optional))
                                .client(client).lifetimes(edges ? big : 1_800, big, t1, t2);
                        out.add(withOptional(b, optional, edges).build());
                    }
                }
            }
        }
        for (BindingStatus status : BindingStatus.values()) {
            if (status == BindingStatus.ACTIVE) {
                continue;
            }
            for (int optional = 0; optional < 32; optional++) {
                Binding.Builder b = Binding.builder(prefix(optional, 48 + optional), status, NOW.minusSeconds(5))
                        .lifetimes(optional, 2L * optional, 0, 0);
                out.add(withOptional(b, optional, false).build());
            }
        }
        return out;
    }

    /** Sets each optional time whose bit is set in {@code bits}; a CLT after now is sent as 0. */
    private static Binding.Builder withOptional(Binding.Builder b, int bits, boolean edges) {
        if ((bits & 1) != 0) {
            b.stateExpirationTime(NOW.plusSeconds(3_500));
        }
        if ((bits & 2) != 0) {
            b.clientLastTransactionTime(edges ? NOW.plusSeconds(30) : NOW.minusMillis(100_300));
        }
        if ((bits & 4) != 0) {
            b.partnerRawCltTime(NOW.minusSeconds(500));
        }
        if ((bits & 8) != 0) {
            b.expirationTime(NOW.plusSeconds(3_000));
        }
        if ((bits & 16) != 0) {
            b.partnerUpdatePending(true);
        }
        return b;
    }

    private static Ipv6Address address(long n) {
        return Ipv6Address.parse("2001:db8::" + Long.toHexString(n + 1));
    }

    private static Ipv6Prefix prefix(long n, int length) {
        return Ipv6Prefix.parse("2001:db8:" + Long.toHexString(n + 1) + "::/" + Math.min(length, 128));
    }
}
