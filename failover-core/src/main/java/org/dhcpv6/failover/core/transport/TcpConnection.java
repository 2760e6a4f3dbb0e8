package org.dhcpv6.failover.core.transport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.dhcpv6.failover.api.Transport.Connection;
import org.dhcpv6.failover.api.Transport.ConnectionHandler;
import org.dhcpv6.failover.core.internal.wire.FrameDecoder;
import org.dhcpv6.failover.core.internal.wire.Frames;
import org.dhcpv6.failover.core.internal.wire.MalformedMessageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One TCP connection of a {@link TcpTransport}. Channel state belongs to the I/O thread;
 * {@link #send} and {@link #close} may come from any thread and only queue work for it.
 *
 * <p>Life: CONNECTING (outgoing only) then OPEN, then CLOSING while a local close flushes, then
 * CLOSED. {@code onClose} is reported once, on the move to CLOSED, and only if {@code onOpen} was.
 * After a local close the socket lingers half-closed until the partner closes or the linger time
 * passes: closing at once with unread input would make the kernel send a reset, and a reset may
 * throw away data the partner has not read yet.
 *
 * <p>An accepted connection holds an {@link AdmissionGate} ticket until its first whole frame
 * arrives, and is closed if that takes longer than the first-frame timeout; until then its
 * opening and closing are logged at DEBUG only, so a flood of them cannot flood the log.
 */
final class TcpConnection implements Connection, IoEndpoint {

    private static final Logger log = LoggerFactory.getLogger(TcpConnection.class);

    private enum State { CONNECTING, OPEN, CLOSING, CLOSED }

    private final SelectorLoop loop;
    private final SocketChannel channel;
    private final ConnectionHandler handler;
    private final TcpSettings settings;
    private final InetSocketAddress remote;
    private final FrameDecoder decoder;
    private final OutboundQueue outbound;
    private final AtomicReference<State> state;
    private final AtomicBoolean flushScheduled = new AtomicBoolean();
    /** Set before CLOSING when the close is a failure rather than a request to flush and close. */
    private volatile String failure;
    private volatile InetSocketAddress local;
    private SelectionKey key;
    private boolean opened;
    /** Held by an accepted connection until its first whole frame; I/O thread only. */
    private AdmissionGate.Ticket ticket;
    private LogLimiter pendingLog;

    private TcpConnection(SelectorLoop loop, SocketChannel channel, InetSocketAddress remote,
            ConnectionHandler handler, TcpSettings settings, State initial) {
        this.loop = loop;
        this.channel = channel;
        this.remote = remote;
        this.handler = handler;
        this.settings = settings;
        this.decoder = new FrameDecoder(settings.maxFrameSize());
        this.outbound = new OutboundQueue(settings.maxQueuedBytes());
        this.state = new AtomicReference<>(initial);
    }

    /** Starts an outgoing connection; I/O thread only. Failure goes to {@code onConnectFailed}. */
    static void connect(SelectorLoop loop, InetSocketAddress remote, ConnectionHandler handler,
            TcpSettings settings) {
        if (remote.isUnresolved()) {
            safely(handler.logContext(),
                    () -> handler.onConnectFailed(remote, "cannot resolve " + remote.getHostString()));
            return;
        }
        SocketChannel channel;
        try {
            channel = SocketChannel.open();
        } catch (IOException e) {
            safely(handler.logContext(),
                    () -> handler.onConnectFailed(remote, "cannot open a socket: " + e.getMessage()));
            return;
        }
        TcpConnection connection =
                new TcpConnection(loop, channel, remote, handler, settings, State.CONNECTING);
        try {
            configure(channel);
            connection.key = loop.register(channel, 0, connection);
            if (channel.connect(remote)) {
                connection.becomeOpen();
            } else {
                connection.key.interestOps(SelectionKey.OP_CONNECT);
                loop.schedule(settings.connectTimeout().toNanos(), connection::checkConnectTimeout);
            }
        } catch (IOException e) {
            connection.abort(ConnectFailures.describe(e, remote));
        }
    }

    /**
     * Takes over a channel a listener accepted and admitted with {@code ticket}; I/O thread only.
     * {@code pendingLog} limits the lines about connections that never sent a whole frame.
     */
    static TcpConnection accepted(SelectorLoop loop, SocketChannel channel, InetSocketAddress remote,
            ConnectionHandler handler, TcpSettings settings, AdmissionGate.Ticket ticket,
            LogLimiter pendingLog) throws IOException {
        TcpConnection connection =
                new TcpConnection(loop, channel, remote, handler, settings, State.OPEN);
        connection.ticket = ticket;
        connection.pendingLog = pendingLog;
        configure(channel);
        connection.key = loop.register(channel, 0, connection);
        loop.schedule(settings.firstFrameTimeout().toNanos(), connection::checkFirstFrame);
        connection.becomeOpen();
        return connection;
    }

    private void checkFirstFrame() {
        if (ticket == null || state.get() == State.CLOSED) {
            return;
        }
        long held = pendingLog.tryLog();
        if (held >= 0) {
            log.warn("{}: no whole frame within {} ms of accept; closing{}", this,
                    settings.firstFrameTimeout().toMillis(), LogLimiter.heldBack(held));
        }
        abort("no whole frame within " + settings.firstFrameTimeout().toMillis() + " ms of accept");
    }

    /** The first whole frame arrived: the connection no longer counts as unauthenticated. */
    private void releaseTicket() {
        if (ticket != null) {
            ticket.release();
            ticket = null;
        }
    }

    private static void configure(SocketChannel channel) throws IOException {
        channel.configureBlocking(false);
        // Failover is request and reply with small messages; Nagle's delay would only add latency.
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
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
    public boolean isOpen() {
        return state.get() == State.OPEN;
    }

    @Override
    public void send(byte[] message) {
        if (state.get() != State.OPEN) {
            return;
        }
        if (!outbound.offer(Frames.frame(message))) {
            fail("outbound queue limit of " + outbound.maxQueuedBytes()
                    + " octets exceeded: the partner is not reading");
            return;
        }
        scheduleFlush();
    }

    @Override
    public void close() {
        if (state.compareAndSet(State.OPEN, State.CLOSING)) {
            scheduleFlush();
        }
    }

    /** Closes without flushing, from any thread, reporting {@code reason}. */
    private void fail(String reason) {
        failure = reason;
        if (state.compareAndSet(State.OPEN, State.CLOSING)) {
            loop.execute(() -> abort(reason));
        }
    }

    @Override
    public void onReady(SelectionKey readyKey) {
        if (readyKey.isValid() && readyKey.isConnectable()) {
            finishConnect();
        }
        if (readyKey.isValid() && readyKey.isReadable()) {
            read();
        }
        if (readyKey.isValid() && readyKey.isWritable()) {
            flush();
        }
    }

    @Override
    public void abort(String reason) {
        boolean quiet = ticket != null;
        State previous = state.getAndSet(State.CLOSED);
        closeChannel();
        outbound.clear();
        if (previous == State.CLOSED) {
            return; // lingering after a local close: already reported
        }
        if (opened) {
            if (quiet) {
                log.debug("{} closed before its first frame: {}", this, reason);
            } else {
                log.info("{} closed: {}", this, reason);
            }
            safely(this, () -> handler.onClose(this, reason));
        } else {
            log.info("{}: connect to {} failed: {}", handler.logContext(), Addresses.describe(remote), reason);
            safely(this, () -> handler.onConnectFailed(remote, reason));
        }
    }

    private void finishConnect() {
        try {
            if (channel.finishConnect()) {
                becomeOpen();
            }
        } catch (IOException e) {
            abort(ConnectFailures.describe(e, remote));
        }
    }

    private void checkConnectTimeout() {
        if (state.get() == State.CONNECTING) {
            abort("no answer from " + Addresses.describe(remote) + " within "
                    + settings.connectTimeout().toMillis() + " ms");
        }
    }

    private void becomeOpen() throws IOException {
        local = (InetSocketAddress) channel.getLocalAddress();
        state.compareAndSet(State.CONNECTING, State.OPEN);
        key.interestOps(SelectionKey.OP_READ);
        opened = true;
        if (ticket != null) {
            log.debug("{} accepted", this);
        } else {
            log.info("{} open", this);
        }
        safely(this, () -> handler.onOpen(this));
    }

    private void read() {
        ByteBuffer buffer = loop.readBuffer();
        buffer.clear();
        int count;
        try {
            count = channel.read(buffer);
        } catch (IOException e) {
            abort(ioReason(e));
            return;
        }
        if (count < 0) {
            abort("closed by peer");
            return;
        }
        if (state.get() != State.OPEN) {
            return; // closing or lingering: input is no longer wanted
        }
        buffer.flip();
        List<byte[]> messages;
        try {
            messages = decoder.feed(buffer);
        } catch (MalformedMessageException e) {
            abort("malformed frame at offset " + e.offset() + ": " + e.reason());
            return;
        }
        if (!messages.isEmpty()) {
            releaseTicket();
        }
        for (byte[] message : messages) {
            if (state.get() != State.OPEN) {
                return; // the handler closed the connection; the rest is not wanted
            }
            safely(this, () -> handler.onMessage(this, message));
        }
    }

    private void scheduleFlush() {
        if (flushScheduled.compareAndSet(false, true)) {
            loop.execute(this::flush);
        }
    }

    private void flush() {
        flushScheduled.set(false);
        State now = state.get();
        if (now == State.CLOSED || now == State.CONNECTING) {
            return;
        }
        boolean drained;
        try {
            drained = outbound.writeTo(channel);
        } catch (IOException e) {
            abort(ioReason(e));
            return;
        }
        if (!drained) {
            key.interestOps(key.interestOps() | SelectionKey.OP_WRITE);
            return;
        }
        key.interestOps(key.interestOps() & ~SelectionKey.OP_WRITE);
        if (now == State.CLOSING) {
            finishLocalClose();
        }
    }

    private void finishLocalClose() {
        String reason = failure;
        if (reason != null) {
            abort(reason);
            return;
        }
        state.set(State.CLOSED);
        releaseTicket();
        log.info("{} closed: closed locally", this);
        safely(this, () -> handler.onClose(this, "closed locally"));
        try {
            // FIN after the last queued octet; read() discards input until the partner's FIN.
            channel.shutdownOutput();
            key.interestOps(SelectionKey.OP_READ);
            loop.schedule(settings.closeLinger().toNanos(), this::closeChannel);
        } catch (IOException e) {
            closeChannel();
        }
    }

    private void closeChannel() {
        releaseTicket();
        if (key != null) {
            key.cancel();
        }
        try {
            channel.close();
        } catch (IOException e) {
            log.debug("{}: close failed", this, e);
        }
    }

    private static String ioReason(IOException e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    private static void safely(Object where, Runnable callback) {
        try {
            callback.run();
        } catch (RuntimeException e) {
            log.warn("{}: connection handler threw; the connection carries on", where, e);
        }
    }

    @Override
    public String toString() {
        // The handler's context first: these lines are written on the I/O thread, which names no server.
        return handler.logContext() + ": tcp " + Addresses.describe(local) + " <-> " + Addresses.describe(remote);
    }
}
