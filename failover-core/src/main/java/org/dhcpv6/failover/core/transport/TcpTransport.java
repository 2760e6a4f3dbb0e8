package org.dhcpv6.failover.core.transport;

import com.google.common.base.Preconditions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.dhcpv6.failover.api.Transport;
import org.dhcpv6.failover.api.TransportException;
import org.dhcpv6.failover.core.internal.wire.FrameDecoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Transport} over plain TCP, without TLS: messages cross the network readable and
 * unauthenticated. Use it for loopback tests and for networks protected in some other way; for
 * anything a user configures, the TLS transport of {@code failover-tls} is the default (RFC 8156
 * §10). That is why it can only be made through {@link #insecurePlaintext()} or
 * {@link #insecurePlaintextBuilder()}.
 *
 * <p>Frames are the 2-octet message-size of RFC 5460 §5.1. One thread, named
 * {@code failover-tcp-io}, runs every listener and connection of one transport and calls all
 * handlers. A partner that sends a malformed frame loses only its own connection. A partner that
 * stops reading loses its connection once more than {@link Builder#maxQueuedBytes} wait to be
 * sent to it, rather than letting the queue grow without bound.
 *
 * <p>A listener asks its handler's {@link ConnectionHandler#peerKind} right after accept and
 * closes a connection from an address that is no partner before reading anything. An accepted
 * connection must deliver its first whole frame within {@link Builder#firstFrameTimeout}; until
 * then it counts against {@link Builder#maxUnauthenticated} (the configured partner's address has
 * its own reserve of {@link Builder#maxPendingPerAddress}, see {@link AdmissionGate}). A failed
 * accept (no file descriptors left, say) pauses accepting with a growing back-off up to 2 s and
 * is logged at most once every 10 s; the listener never stops by itself.
 */
public final class TcpTransport implements Transport {

    private static final Logger log = LoggerFactory.getLogger(TcpTransport.class);

    /** The name of the I/O thread. */
    public static final String THREAD_NAME = "failover-tcp-io";

    private static final long STOP_WAIT_MILLIS = 5_000;

    private final SelectorLoop loop;
    private final TcpSettings settings;
    private final Acceptor acceptor;
    private final AtomicBoolean closed = new AtomicBoolean();

    private TcpTransport(TcpSettings settings, Acceptor acceptor) {
        this.settings = settings;
        this.acceptor = acceptor;
        try {
            this.loop = new SelectorLoop(THREAD_NAME);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector for the TCP transport", e);
        }
        loop.start();
        log.warn("plain TCP failover transport without TLS: only for loopback tests and "
                + "protected networks");
    }

    /**
     * A plain TCP transport with default limits; see the class description for why it is
     * insecure. Starts its I/O thread.
     *
     * @throws UncheckedIOException if the system cannot open a selector
     */
    public static TcpTransport insecurePlaintext() {
        return insecurePlaintextBuilder().build();
    }

    /** A builder for a plain TCP transport with limits other than the defaults. */
    public static Builder insecurePlaintextBuilder() {
        return new Builder();
    }

    /**
     * Binds {@code local} (with SO_REUSEADDR) and accepts connections on it.
     *
     * @return the running listener; closing it stops accepting
     * @throws TransportException if the address cannot be bound
     * @throws IllegalStateException if this transport is closed
     */
    @Override
    public ListenerHandle listen(InetSocketAddress local, ConnectionHandler handler)
            throws TransportException {
        Objects.requireNonNull(local, "local");
        Objects.requireNonNull(handler, "handler");
        checkOpen();
        return TcpListener.open(loop, local, handler, settings, acceptor);
    }

    /**
     * Starts connecting; the outcome reaches {@code handler} on the I/O thread. A failure reason
     * names the address, for example {@code "connection refused by [::1]:647"}.
     *
     * @throws IllegalStateException if this transport is closed
     */
    @Override
    public void connect(InetSocketAddress remote, ConnectionHandler handler) {
        Objects.requireNonNull(remote, "remote");
        Objects.requireNonNull(handler, "handler");
        checkOpen();
        loop.execute(() -> TcpConnection.connect(loop, remote, handler, settings));
    }

    /**
     * Closes every listener and connection without flushing (handlers hear
     * {@code "transport closed"}) and stops the I/O thread; returns once that thread has ended,
     * or after a few seconds if it is stuck in a handler. Later calls do nothing.
     */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            loop.shutdown(STOP_WAIT_MILLIS);
        }
    }

    /** The I/O thread, for tests that check it ends with {@link #close}. */
    Thread ioThread() {
        return loop.thread();
    }

    private void checkOpen() {
        Preconditions.checkState(!closed.get() && loop.isRunning(), "TCP transport is closed");
    }

    /** Sets the limits of a plain TCP transport; every setting is checked as it is made. */
    public static final class Builder {

        private int maxFrameSize = FrameDecoder.DEFAULT_MAX_FRAME;
        private long maxQueuedBytes = 16L * 1024 * 1024;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration closeLinger = Duration.ofSeconds(5);
        private Duration firstFrameTimeout = Duration.ofSeconds(10);
        private int maxUnauthenticated = 16;
        private int maxPendingPerAddress = 4;
        private Acceptor acceptor = Acceptor.SYSTEM;

        private Builder() {
        }

        /** Largest message accepted from a partner, 8..65535 octets; default 65535. */
        public Builder maxFrameSize(int octets) {
            Preconditions.checkArgument(octets >= 8 && octets <= FrameDecoder.DEFAULT_MAX_FRAME,
                    "maxFrameSize must be 8..65535: %s", octets);
            this.maxFrameSize = octets;
            return this;
        }

        /**
         * Most octets a connection may hold waiting to be sent; when a send would pass it, the
         * connection is closed. Default 16 MiB. Must leave room for one largest frame.
         */
        public Builder maxQueuedBytes(long octets) {
            Preconditions.checkArgument(octets >= FrameDecoder.DEFAULT_MAX_FRAME + 2,
                    "maxQueuedBytes must hold at least one 65537-octet frame: %s", octets);
            this.maxQueuedBytes = octets;
            return this;
        }

        /** How long a connect attempt may take before it is reported failed; default 10 s. */
        public Builder connectTimeout(Duration timeout) {
            Preconditions.checkArgument(timeout.compareTo(Duration.ofMillis(1)) >= 0,
                    "connectTimeout must be at least 1 ms: %s", timeout);
            this.connectTimeout = timeout;
            return this;
        }

        /**
         * After a local close has sent everything, how long to wait for the partner to close
         * before the socket is dropped; default 5 s. The wait keeps the last messages from being
         * lost to a TCP reset; handlers hear {@code onClose} before it starts.
         */
        public Builder closeLinger(Duration linger) {
            Preconditions.checkArgument(!linger.isNegative(), "closeLinger must not be negative: %s",
                    linger);
            this.closeLinger = linger;
            return this;
        }

        /**
         * How long an accepted connection may take to deliver its first whole frame before it is
         * closed; default 10 s.
         */
        public Builder firstFrameTimeout(Duration timeout) {
            Preconditions.checkArgument(timeout.compareTo(Duration.ofMillis(1)) >= 0,
                    "firstFrameTimeout must be at least 1 ms: %s", timeout);
            this.firstFrameTimeout = timeout;
            return this;
        }

        /**
         * Most accepted connections without a first frame at once, from addresses the handler
         * did not name as a partner; further ones are closed at accept. Default 16.
         */
        public Builder maxUnauthenticated(int max) {
            Preconditions.checkArgument(max >= 1, "maxUnauthenticated must be at least 1: %s", max);
            this.maxUnauthenticated = max;
            return this;
        }

        /**
         * Most accepted connections without a first frame from one address; for a configured
         * partner's address this is its reserve, and the oldest is closed to make room for a new
         * one. Default 4.
         */
        public Builder maxPendingPerAddress(int max) {
            Preconditions.checkArgument(max >= 1, "maxPendingPerAddress must be at least 1: %s", max);
            this.maxPendingPerAddress = max;
            return this;
        }

        /** Replaces the accept call, for tests that make it fail. */
        Builder acceptor(Acceptor replacement) {
            this.acceptor = replacement;
            return this;
        }

        /**
         * Makes the transport and starts its I/O thread.
         *
         * @throws UncheckedIOException if the system cannot open a selector
         */
        public TcpTransport build() {
            return new TcpTransport(
                    new TcpSettings(maxFrameSize, maxQueuedBytes, connectTimeout, closeLinger,
                            firstFrameTimeout, maxUnauthenticated, maxPendingPerAddress), acceptor);
        }
    }
}
