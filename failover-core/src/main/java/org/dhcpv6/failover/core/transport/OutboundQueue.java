package org.dhcpv6.failover.core.transport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Framed messages waiting to be written, with a cap on the octets waiting. Any thread may offer;
 * only the I/O thread writes. Each frame is one queue entry, so frames offered by different
 * threads never interleave, and frames from one thread keep their order.
 */
final class OutboundQueue {

    private final Queue<ByteBuffer> frames = new ConcurrentLinkedQueue<>();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final long maxQueuedBytes;

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
     * Writes as much as the channel takes without blocking.
     *
     * @return true if the queue is now empty, false if the channel's buffer filled first
     */
    boolean writeTo(WritableByteChannel channel) throws IOException {
        ByteBuffer head;
        while ((head = frames.peek()) != null) {
            int written = channel.write(head);
            queuedBytes.addAndGet(-written);
            if (head.hasRemaining()) {
                return false;
            }
            frames.poll();
        }
        return true;
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
