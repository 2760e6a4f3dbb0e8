package org.dhcpv6.failover.core.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.dhcpv6.failover.api.Transport.PeerKind;
import org.junit.jupiter.api.Test;

/** The admission rules alone: caps, the partner's reserve, and which pending connection yields. */
class AdmissionGateTest {

    private static final InetAddress PARTNER = address(1);
    private final List<String> evicted = new ArrayList<>();

    @Test
    void strangersAreRefusedAndUncheckedAreCapped() {
        AdmissionGate gate = new AdmissionGate(3, 2);
        assertEquals("not a configured failover partner",
                gate.admit(address(9), PeerKind.NOT_A_PARTNER, () -> { }).refusal());
        assertTrue(gate.admit(address(2), PeerKind.UNCHECKED, () -> { }).admitted());
        assertTrue(gate.admit(address(2), PeerKind.UNCHECKED, () -> { }).admitted());
        assertEquals("already 2 unauthenticated connections from that address",
                gate.admit(address(2), PeerKind.UNCHECKED, () -> { }).refusal());
        AdmissionGate.Ticket third = gate.admit(address(3), PeerKind.UNCHECKED, () -> { }).ticket();
        assertEquals("already 3 unauthenticated connections",
                gate.admit(address(4), PeerKind.UNCHECKED, () -> { }).refusal());
        third.release();
        third.release(); // twice is harmless
        assertTrue(gate.admit(address(4), PeerKind.UNCHECKED, () -> { }).admitted());
        assertEquals(3, gate.pendingCount());
    }

    @Test
    void partnerReserveIgnoresTheGlobalCapAndDisplacesTheOldestSilentOne() {
        AdmissionGate gate = new AdmissionGate(1, 3);
        assertTrue(gate.admit(address(2), PeerKind.UNCHECKED, () -> { }).admitted()); // global cap reached
        AdmissionGate.Ticket first = admitPartner(gate, "first");
        admitPartner(gate, "second");
        admitPartner(gate, "third");
        first.progressed(); // e.g. sent STARTTLS: a handshake under way
        AdmissionGate.Admission fourth = gate.admit(PARTNER, PeerKind.CONFIGURED_PARTNER, () -> evicted.add("fourth"));
        assertTrue(fourth.admitted());
        assertTrue(fourth.evictedOlder());
        assertEquals(List.of("second"), evicted, "the oldest connection without progress yields");
        assertEquals(4, gate.pendingCount());
        fourth.ticket().release();
        assertEquals(3, gate.pendingCount());
    }

    @Test
    void whenAllHaveProgressedTheOldestYields() {
        AdmissionGate gate = new AdmissionGate(1, 2);
        admitPartner(gate, "a").progressed();
        admitPartner(gate, "b").progressed();
        admitPartner(gate, "c");
        assertEquals(List.of("a"), evicted);
        assertFalse(gate.pendingCount() > 2);
    }

    private AdmissionGate.Ticket admitPartner(AdmissionGate gate, String name) {
        return gate.admit(PARTNER, PeerKind.CONFIGURED_PARTNER, () -> evicted.add(name)).ticket();
    }

    private static InetAddress address(int last) {
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) last});
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
