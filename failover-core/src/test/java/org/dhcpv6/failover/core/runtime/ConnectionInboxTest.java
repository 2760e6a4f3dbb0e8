package org.dhcpv6.failover.core.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConnectionInboxTest {

    private final ArrayDeque<Runnable> loop = new ArrayDeque<>();
    private final ConnectionInbox inbox = new ConnectionInbox(loop::add);
    private final List<Integer> ran = new ArrayList<>();

    @Test
    void manyInputsTakeOnePlaceInTheLoopAndRunInOrder() {
        for (int i = 0; i < 5; i++) {
            int n = i;
            inbox.add(() -> ran.add(n));
        }
        assertEquals(1, loop.size());
        assertEquals(5, inbox.runSome(100));
        assertEquals(List.of(0, 1, 2, 3, 4), ran);
        assertEquals(1, loop.size(), "still the first entry only");
        loop.poll();
        inbox.add(() -> ran.add(5));
        assertEquals(1, loop.size(), "queued again once emptied");
    }

    @Test
    void aBoundedRunQueuesTheRestBehindOthers() {
        for (int i = 0; i < 5; i++) {
            int n = i;
            inbox.add(() -> ran.add(n));
        }
        loop.poll();
        assertEquals(2, inbox.runSome(2));
        assertEquals(List.of(0, 1), ran);
        assertEquals(1, loop.size(), "the rest waits its turn in the loop");
        ((ConnectionInbox) loop.poll()).run();
        assertEquals(List.of(0, 1, 2, 3, 4), ran);
    }

    @Test
    void aThrowingInputLosesNoInputAfterIt() {
        inbox.add(() -> ran.add(0));
        inbox.add(() -> {
            throw new IllegalStateException("bad input");
        });
        inbox.add(() -> ran.add(2));
        loop.poll();
        assertThrows(IllegalStateException.class, () -> inbox.runSome(10));
        assertEquals(1, loop.size());
        ((ConnectionInbox) loop.poll()).runSome(10);
        assertEquals(List.of(0, 2), ran);
    }
}
