package org.dhcpv6.failover.tls.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.bouncycastle.tls.TlsProtocol;
import org.dhcpv6.failover.api.Transport;
import org.dhcpv6.failover.core.internal.wire.FrameDecoder;
import org.dhcpv6.failover.core.internal.wire.Frames;
import org.dhcpv6.failover.core.internal.wire.MalformedMessageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One open, authenticated TLS connection to the partner. Two threads serve it: the reader (the
 * thread that did the handshake) decodes frames and calls the handler; the writer takes framed
 * messages from one queue and writes them in batches of up to one TLS record. Bouncy Castle's
 * blocking protocol allows one reader and one writer at once (its record writes are locked).
 */
final class TlsConnection implements Transport.Connection {

    private static final Logger LOG = LoggerFactory.getLogger(TlsConnection.class);
    /** A partner that stops reading must not make us hold unbounded memory. */
    static final long MAX_QUEUED_BYTES = 32L << 20;
    private static final int RECORD = 16384;
    private static final byte[][] CLOSE = new byte[0][];
    private static final byte[][] STOP = new byte[0][];

    private final Socket socket;
    private final TlsProtocol protocol;
    private final Transport.ConnectionHandler handler;
    private final InetSocketAddress remote;
    private final InetSocketAddress local;
    private final Duration idleTimeout;
    private final Runnable onFinish;
    /** Groups of message bodies, each group handed over at once (one wake-up of the writer). */
    private final BlockingQueue<byte[][]> outbound = new LinkedBlockingQueue<>();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicBoolean finished = new AtomicBoolean();
    private final AtomicReference<String> localReason = new AtomicReference<>();
    private volatile boolean closing;

    TlsConnection(Socket socket, TlsProtocol protocol, Transport.ConnectionHandler handler,
            Duration idleTimeout, Runnable onFinish) {
        this.socket = socket;
        this.protocol = protocol;
        this.handler = handler;
        this.remote = (InetSocketAddress) socket.getRemoteSocketAddress();
        this.local = (InetSocketAddress) socket.getLocalSocketAddress();
        this.idleTimeout = idleTimeout;
        this.onFinish = onFinish;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return remote;
    }

    @Override
    public InetSocketAddress localAddress() {
        return local;
    }

    @Override
    public void send(byte[] message) {
        enqueue(new byte[][] {message});
    }

    @Override
    public void sendAll(List<byte[]> messages) {
        if (!messages.isEmpty()) {
            enqueue(messages.toArray(new byte[0][]));
        }
    }

    private void enqueue(byte[][] messages) {
        if (closing) {
            return;
        }
        long bytes = 0;
        for (byte[] message : messages) {
            if (message.length > Frames.MAX_BODY) {
                // The same refusal Frames.frame gives; the size prefix is added by the writer thread.
                throw new IllegalArgumentException("message too long for one frame: " + message.length + " octets");
            }
            bytes += Frames.PREFIX_LENGTH + message.length;
        }
        if (queuedBytes.addAndGet(bytes) > MAX_QUEUED_BYTES) {
            abort("partner is not reading: more than " + MAX_QUEUED_BYTES + " octets waiting to be sent");
            return;
        }
        outbound.add(messages);
    }

    @Override
    public void close() {
        if (!closing) {
            closing = true;
            localReason.compareAndSet(null, "closed by this side");
            outbound.add(CLOSE);
        }
    }

    @Override
    public boolean isOpen() {
        return !closing && !finished.get();
    }

    /** Closes at once without sending what is queued; the reader then reports {@code reason}. */
    void abort(String reason) {
        closing = true;
        localReason.compareAndSet(null, reason);
        closeSocket();
    }

    /**
     * Writes queued messages, each behind its size prefix, until close or failure. Runs on its own
     * thread. The queue holds message bodies and the prefix is written straight into the batch, so
     * no framed copy of each message is made; a batch is written when the next frame would not fit
     * in one TLS record, or when the queue is empty.
     */
    void writeLoop() {
        OutputStream out = protocol.getOutputStream();
        byte[] batch = new byte[RECORD];
        try {
            while (true) {
                byte[][] group = outbound.take();
                int filled = 0;
                while (group != null) {
                    if (group == STOP) {
                        return;
                    }
                    if (group == CLOSE) {
                        out.write(batch, 0, filled);
                        // Sends close_notify, then closes the socket; the reader reports onClose.
                        protocol.close();
                        return;
                    }
                    long bytes = 0;
                    for (byte[] body : group) {
                        int frameLength = Frames.PREFIX_LENGTH + body.length;
                        bytes += frameLength;
                        if (filled + frameLength > batch.length) {
                            out.write(batch, 0, filled);
                            filled = 0;
                        }
                        if (frameLength > batch.length) {
                            out.write(Frames.frame(body));
                        } else {
                            batch[filled] = (byte) (body.length >>> 8);
                            batch[filled + 1] = (byte) body.length;
                            System.arraycopy(body, 0, batch, filled + Frames.PREFIX_LENGTH, body.length);
                            filled += frameLength;
                        }
                    }
                    queuedBytes.addAndGet(-bytes);
                    group = outbound.poll();
                }
                out.write(batch, 0, filled);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abort("transport closed");
        } catch (IOException e) {
            abort("cannot send to partner: " + Reasons.describe(e));
        }
    }

    /** Reads and delivers messages until the connection ends, then reports onClose once. */
    void readLoop() {
        FrameDecoder decoder = new FrameDecoder();
        InputStream in = protocol.getInputStream();
        byte[] buffer = new byte[RECORD];
        String reason;
        try {
            while (true) {
                int n = in.read(buffer);
                if (n < 0) {
                    reason = localReason.get() != null ? localReason.get() : "partner closed the connection";
                    break;
                }
                for (byte[] message : decoder.feed(ByteBuffer.wrap(buffer, 0, n))) {
                    handler.onMessage(this, message);
                }
            }
        } catch (MalformedMessageException e) {
            reason = "partner sent a bad frame: " + e.getMessage();
        } catch (SocketTimeoutException e) {
            reason = Reasons.connection(e, idleTimeout);
        } catch (IOException e) {
            String mine = localReason.get();
            reason = mine != null ? mine
                    : Reasons.isTimeout(e) ? Reasons.connection(new SocketTimeoutException(), idleTimeout)
                    : Reasons.connection(e, idleTimeout);
        } catch (RuntimeException e) {
            LOG.error("{}: tls {}: connection handler threw; closing the connection", handler.logContext(), remote,
                    e);
            reason = "connection handler failed: " + Reasons.describe(e);
        }
        finish(reason);
    }

    private void finish(String reason) {
        if (!finished.compareAndSet(false, true)) {
            return;
        }
        closing = true;
        outbound.add(STOP);
        closeSocket();
        onFinish.run();
        LOG.info("{}: tls {}: connection closed: {}", handler.logContext(), remote, reason);
        handler.onClose(this, reason);
    }

    private void closeSocket() {
        try {
            socket.close();
        } catch (IOException e) {
            LOG.debug("{}: tls {}: closing socket: {}", handler.logContext(), remote, e.toString());
        }
    }

    @Override
    public String toString() {
        return "TlsConnection[" + local + " -> " + remote + "]";
    }
}
