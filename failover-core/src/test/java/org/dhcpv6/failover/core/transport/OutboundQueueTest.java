package org.dhcpv6.failover.core.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import org.junit.jupiter.api.Test;

class OutboundQueueTest {

    /** Takes at most {@code room} octets per call, as a socket whose buffer is nearly full. */
    private static final class SlowChannel implements GatheringByteChannel {
        final ByteArrayOutputStream taken = new ByteArrayOutputStream();
        int room;
        int calls;

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) {
            calls++;
            long n = 0;
            for (int i = offset; i < offset + length && room > 0; i++) {
                while (srcs[i].hasRemaining() && room > 0) {
                    taken.write(srcs[i].get());
                    room--;
                    n++;
                }
            }
            return n;
        }

        @Override
        public long write(ByteBuffer[] srcs) {
            return write(srcs, 0, srcs.length);
        }

        @Override
        public int write(ByteBuffer src) {
            return (int) write(new ByteBuffer[] {src}, 0, 1);
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
        }
    }

    @Test
    void manyFramesLeaveInOneWriteAndInOrder() throws Exception {
        OutboundQueue q = new OutboundQueue(1 << 20);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        for (int i = 0; i < 10; i++) {
            byte[] frame = {(byte) i, (byte) (i + 1), (byte) (i + 2)};
            assertTrue(q.offer(frame));
            expected.write(frame);
        }
        SlowChannel ch = new SlowChannel();
        ch.room = 1000;
        assertTrue(q.writeTo(ch));
        assertEquals(1, ch.calls);
        assertArrayEquals(expected.toByteArray(), ch.taken.toByteArray());
        assertEquals(0, q.queuedBytes());
    }

    @Test
    void aFullChannelKeepsTheRestForLaterWithoutLossOrRepeat() throws Exception {
        OutboundQueue q = new OutboundQueue(1 << 20);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        for (int i = 0; i < OutboundQueue.GATHER * 3; i++) {
            byte[] frame = {(byte) i, (byte) (i >> 8), 7};
            q.offer(frame);
            expected.write(frame);
        }
        SlowChannel ch = new SlowChannel();
        int rounds = 0;
        boolean drained = false;
        while (!drained) {
            ch.room = 50;
            drained = q.writeTo(ch);
            rounds++;
            if (!drained) {
                assertFalse(q.isEmpty());
            }
        }
        assertTrue(rounds > 1);
        assertArrayEquals(expected.toByteArray(), ch.taken.toByteArray());
        assertEquals(0, q.queuedBytes());
    }
}
