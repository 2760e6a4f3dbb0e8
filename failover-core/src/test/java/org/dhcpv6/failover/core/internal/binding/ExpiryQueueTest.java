package org.dhcpv6.failover.core.internal.binding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
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

    @Test
    void takesInTheSameOrderAsASortedSetOfTimeAndArrival() {
        for (int seed = 0; seed < 200; seed++) {
            Random random = new Random(seed);
            ExpiryQueue q = new ExpiryQueue();
            SortedModel model = new SortedModel();
            List<Ipv6Address> resources = new ArrayList<>();
            for (int i = 0; i < 1 + random.nextInt(60); i++) {
                resources.add(Ipv6Address.parse("2001:db8:2::" + Integer.toHexString(i + 1)));
            }
            Instant now = T0;
            for (int step = 0; step < 400; step++) {
                int op = random.nextInt(10);
                if (op < 7) {
                    Ipv6Address r = resources.get(random.nextInt(resources.size()));
                    // Few distinct times, some with nanoseconds, so that ties and near-ties are common.
                    Instant at = now.plusSeconds(random.nextInt(8) - 2).plusNanos(random.nextBoolean() ? 0
                            : random.nextInt(3) * 250_000_000L);
                    q.add(r, at);
                    model.add(r, at);
                } else if (op < 9) {
                    now = now.plusMillis(random.nextInt(3_000));
                    assertEquals(model.takeDue(now), q.takeDue(now), "seed " + seed + " step " + step);
                } else {
                    assertEquals(model.next(), q.next(), "seed " + seed + " step " + step);
                }
                assertEquals(model.size(), q.size(), "seed " + seed + " step " + step);
            }
            assertEquals(model.takeDue(Instant.MAX), q.takeDue(Instant.MAX), "seed " + seed);
        }
    }

    /** The queue as a sorted set of (time, arrival) with one look per resource: the order the engine relies on. */
    private static final class SortedModel {
        private record Look(Instant at, long seq, Ipv6Address resource) {
        }

        private final TreeSet<Look> set = new TreeSet<>((x, y) -> x.at.equals(y.at)
                ? Long.compare(x.seq, y.seq) : x.at.compareTo(y.at));
        private final Map<Ipv6Address, Look> looks = new HashMap<>();
        private long seq;

        void add(Ipv6Address r, Instant at) {
            Look old = looks.get(r);
            if (old != null && !old.at.isAfter(at)) {
                return;
            }
            if (old != null) {
                set.remove(old);
            }
            Look look = new Look(at, ++seq, r);
            set.add(look);
            looks.put(r, look);
        }

        List<Ipv6Address> takeDue(Instant now) {
            List<Ipv6Address> due = new ArrayList<>();
            while (!set.isEmpty() && !set.first().at.isAfter(now)) {
                Look l = set.pollFirst();
                looks.remove(l.resource);
                due.add(l.resource);
            }
            return due;
        }

        Instant next() {
            return set.isEmpty() ? null : set.first().at;
        }

        int size() {
            return set.size();
        }
    }
}
