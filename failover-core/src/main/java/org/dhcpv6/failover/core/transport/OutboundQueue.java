package org.dhcpv6.failover.core.transport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.util.Arrays;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Framed messages waiting to be written, with a cap on the octets waiting. Any thread may offer;
 * only the I/O thread writes. Each frame is one queue entry, so frames offered by different
 * threads never interleave, and frames from one thread keep their order.
 */
final class OutboundQueue {

    /** Frames written with one system call at most. */
    static final int GATHER = 64;

    private final Queue<ByteBuffer> frames = new ConcurrentLinkedQueue<>();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final long maxQueuedBytes;
    /** Frames handed to one gathering write; used by the writing thread only. */
    private final ByteBuffer[] gather = new ByteBuffer[GATHER];

    OutboundQueue(long maxQueuedBytes) {
        this.maxQueuedBytes = maxQueuedBytes;
    }

    /**
     * Adds {@code frame} unless that would put more than the cap in the queue.
     *
     * @return false if the frame was refused because the queue is full
     */
    boolean offer(byte[] frame) {
        long after = queuedBytes.addAndGet(frame.length);
        if (after > maxQueuedBytes) {
            queuedBytes.addAndGet(-frame.length);
            return false;
        }
        frames.add(ByteBuffer.wrap(frame));
        return true;
    }

    /**
     * Writes as much as the channel takes without blocking, up to {@link #GATHER} frames per
     * system call (a turn's BNDUPDs or BNDREPLYs leave in one write, not one write each).
     *
     * @return true if the queue is now empty, false if the channel's buffer filled first
     */
    boolean writeTo(GatheringByteChannel channel) throws IOException {
        try {
            while (true) {
                int n = 0;
                for (ByteBuffer frame : frames) {
                    if (n == gather.length) {
                        break;
                    }
                    gather[n++] = frame;
                }
                if (n == 0) {
                    return true;
                }
                long written = channel.write(gather, 0, n);
                queuedBytes.addAndGet(-written);
                // Only this thread takes frames off, so the first n are still the ones written.
                for (int i = 0; i < n; i++) {
                    if (gather[i].hasRemaining()) {
                        return false;
                    }
                    frames.poll();
                }
            }
        } finally {
            Arrays.fill(gather, null);
        }
    }

    boolean isEmpty() {
        return frames.isEmpty();
    }

    long queuedBytes() {
        return queuedBytes.get();
    }

    long maxQueuedBytes() {
        return maxQueuedBytes;
    }

    /** Drops everything queued; for a connection that will not write again. */
    void clear() {
        ByteBuffer frame;
        while ((frame = frames.poll()) != null) {
            queuedBytes.addAndGet(-frame.remaining());
        }
    }
}
