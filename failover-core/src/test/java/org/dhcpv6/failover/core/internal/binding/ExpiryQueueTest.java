package org.dhcpv6.failover.core.internal.binding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.util.List;
import org.dhcpv6.failover.api.Ipv6Address;
import org.junit.jupiter.api.Test;

class ExpiryQueueTest {

    private static final Instant T0 = Instant.parse("2026-11-25T12:00:00Z");
    private static final Ipv6Address A = Ipv6Address.parse("2001:db8:1::1");
    private static final Ipv6Address B = Ipv6Address.parse("2001:db8:1::2");

    private final ExpiryQueue queue = new ExpiryQueue();

    @Test
    void manyRenewalsOfOneLeaseLeaveOneLook() {
        for (int i = 1; i <= 1_000; i++) {
            queue.add(A, T0.plusSeconds(3_600 + i));
        }
        assertEquals(1, queue.size());
        assertEquals(T0.plusSeconds(3_601), queue.next());
    }

    @Test
    void anEarlierLookReplacesALaterOne() {
        queue.add(A, T0.plusSeconds(600));
        queue.add(A, T0.plusSeconds(60));
        assertEquals(1, queue.size());
        assertEquals(T0.plusSeconds(60), queue.next());
        assertEquals(List.of(A), queue.takeDue(T0.plusSeconds(60)));
        assertNull(queue.next());
    }

    @Test
    void takesOnlyWhatIsDueInTimeOrder() {
        queue.add(B, T0.plusSeconds(20));
        queue.add(A, T0.plusSeconds(10));
        queue.add(A, null);
        assertEquals(List.of(), queue.takeDue(T0.plusSeconds(9)));
        assertEquals(List.of(A, B), queue.takeDue(T0.plusSeconds(20)));
        assertEquals(0, queue.size());
    }

    @Test
    void aResourceTakenCanBeAskedForAgain() {
        queue.add(A, T0.plusSeconds(10));
        assertEquals(List.of(A), queue.takeDue(T0.plusSeconds(10)));
        queue.add(A, T0.plusSeconds(70));
        assertEquals(T0.plusSeconds(70), queue.next());
        assertEquals(1, queue.size());
    }
}
