package org.dhcpv6.failover.tls.internal;

import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.bouncycastle.tls.TlsClientProtocol;
import org.bouncycastle.tls.TlsProtocol;
import org.bouncycastle.tls.TlsServerProtocol;
import org.dhcpv6.failover.api.Transport.ConnectionHandler;
import org.dhcpv6.failover.core.transport.LogLimiter;
import org.dhcpv6.failover.core.internal.wire.FailoverMessage;
import org.dhcpv6.failover.core.internal.wire.MalformedMessageException;
import org.dhcpv6.failover.core.internal.wire.StartTls;
import org.dhcpv6.failover.core.internal.wire.StartTlsReply;
import org.dhcpv6.failover.core.internal.wire.StatusCode;
import org.dhcpv6.failover.core.internal.wire.StatusCodeOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The two ways a secure connection starts (RFC 7653 §8.2 as RFC 8156 §10 requires): the
 * primary connects, sends STARTTLS and, on a REPLY without status, runs the TLS client; the
 * secondary takes a connection whose first message must be STARTTLS, answers REPLY and runs the
 * TLS server. Each runs on one thread from start to the end of the connection, which after a
 * successful handshake becomes the connection's reader. Everything before the partner is
 * accepted runs under the handshake deadline.
 */
public final class Handshakes {

    private static final Logger LOG = LoggerFactory.getLogger(Handshakes.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Longest wait for a refused partner to read our alert and close; see lingerThenClose. */
    private static final Duration ALERT_LINGER = Duration.ofSeconds(2);

    private final TransportRuntime runtime;

    /** Handshakes for the transport whose shared parts are {@code runtime}. */
    public Handshakes(TransportRuntime runtime) {
        this.runtime = runtime;
    }

    /** Connects to {@code remote} as primary and serves the connection until it ends. */
    public void runClient(InetSocketAddress remote, ConnectionHandler handler) {
        Socket socket = new Socket();
        if (!runtime.track(socket)) {
            handler.onConnectFailed(remote, "transport closed");
            return;
        }
        long timeoutMs = runtime.settings().handshakeTimeout().toMillis();
        try {
            socket.connect(remote, (int) Math.min(Integer.MAX_VALUE, timeoutMs));
        } catch (IOException e) {
            runtime.untrack(socket);
            closeQuietly(socket);
            handler.onConnectFailed(remote, "cannot connect to " + remote + ": " + Reasons.describe(e));
            return;
        }
        AtomicBoolean timedOut = new AtomicBoolean();
        ScheduledFuture<?> deadline = runtime.deadline(socket, timedOut);
        FailoverTlsClient client = new FailoverTlsClient(runtime.crypto(), runtime.settings(), runtime.validator());
        HandshakeStreams streams = new HandshakeStreams(socket);
        TlsClientProtocol protocol;
        try {
            prepare(socket, timeoutMs);
            InputStream in = streams.input();
            OutputStream out = streams.output();
            int xid = RANDOM.nextInt(1 << 24);
            writeStartTls(socket, out, xid);
            String refused = checkReply(readReply(socket, in, timedOut), xid);
            if (refused != null) {
                throw new Refused(refused);
            }
            protocol = new TlsClientProtocol(in, out);
            protocol.connect(client);
            if (!client.partnerAccepted()) {
                throw new Refused("no certificate sent by partner");
            }
            if (!deadline.cancel(false) || timedOut.get()) {
                throw new IOException("deadline passed");
            }
            streams.handshakeDone();
        } catch (IOException | MalformedMessageException | RuntimeException e) {
            deadline.cancel(false);
            lingerThenClose(socket);
            runtime.untrack(socket);
            String reason = e instanceof Refused ? e.getMessage()
                    : e instanceof MalformedMessageException ? "partner answered STARTTLS with a malformed message: "
                            + e.getMessage()
                    : Reasons.handshake(e, client.rejection(), timedOut.get(), runtime.settings().handshakeTimeout());
            LOG.warn("{}: tls {}: secure connection failed: {}", handler.logContext(), remote, reason);
            handler.onConnectFailed(remote, reason);
            return;
        }
        serve(socket, protocol, handler, () -> { });
    }

    /**
     * Runs the handshake of a connection accepted by a secure listener as secondary (on the
     * bounded handshake pool), then hands the authenticated connection to a thread of its own.
     * {@code release} runs once the connection is authenticated or refused (it frees the
     * listener's slot for unauthenticated connections).
     */
    public void runServer(Socket socket, ConnectionHandler handler, Runnable release) {
        runServer(socket, handler, release, () -> { }, () -> false);
    }

    /**
     * As above; {@code startTlsRead} runs once the peer's STARTTLS has arrived, and
     * {@code displaced} tells whether the listener closed the socket to make room for a newer
     * connection from the partner's address (so the log says that, not "Socket closed").
     */
    void runServer(Socket socket, ConnectionHandler handler, Runnable release, Runnable startTlsRead,
            java.util.function.BooleanSupplier displaced) {
        InetSocketAddress remote = (InetSocketAddress) socket.getRemoteSocketAddress();
        if (!runtime.track(socket)) {
            closeQuietly(socket);
            release.run();
            return;
        }
        AtomicBoolean timedOut = new AtomicBoolean();
        ScheduledFuture<?> deadline = runtime.deadline(socket, timedOut);
        FailoverTlsServer server = new FailoverTlsServer(runtime.crypto(), runtime.settings(), runtime.validator());
        HandshakeStreams streams = new HandshakeStreams(socket);
        TlsServerProtocol protocol;
        AtomicBoolean startTlsSeen = new AtomicBoolean();
        try {
            prepare(socket, runtime.settings().handshakeTimeout().toMillis());
            InputStream in = streams.input();
            OutputStream out = streams.output();
            FailoverMessage first = PlainExchange.read(in);
            if (!(first instanceof StartTls startTls)) {
                throw new Refused("first message was " + first.type().rfcName()
                        + ", not STARTTLS; this listener accepts TLS partners only (plaintext peer?)");
            }
            startTlsSeen.set(true);
            startTlsRead.run();
            PlainExchange.write(out, StartTlsReply.accept(startTls.transactionId()));
            protocol = new TlsServerProtocol(in, out);
            protocol.accept(server);
            if (!server.partnerAccepted()) {
                throw new Refused("no certificate sent by partner");
            }
            if (!deadline.cancel(false) || timedOut.get()) {
                throw new IOException("deadline passed");
            }
            streams.handshakeDone();
        } catch (IOException | MalformedMessageException | RuntimeException e) {
            deadline.cancel(false);
            lingerThenClose(socket);
            runtime.untrack(socket);
            release.run();
            String reason = displaced.getAsBoolean()
                    ? "closed unauthenticated to make room for a newer connection from the partner's address"
                    : e instanceof Refused ? e.getMessage()
                    : e instanceof MalformedMessageException
                            ? "first message was not STARTTLS (" + e.getMessage() + "); plaintext or TLS-first peer?"
                    : e instanceof EOFException && !startTlsSeen.get()
                            ? "partner closed the connection before STARTTLS"
                    : Reasons.handshake(e, server.rejection(), timedOut.get(), runtime.settings().handshakeTimeout());
            long held = runtime.handshakeLog().tryLog();
            if (held >= 0) {
                LOG.warn("{}: tls {}: refused partner connection: {}{}", handler.logContext(), remote, reason,
                        LogLimiter.heldBack(held));
            }
            return;
        }
        release.run();
        TlsServerProtocol authenticated = protocol;
        if (!runtime.execute(() -> serve(socket, authenticated, handler, () -> { }))) {
            runtime.untrack(socket);
            closeQuietly(socket);
        }
    }

    private String checkReply(FailoverMessage reply, int xid) {
        if (!(reply instanceof StartTlsReply answer)) {
            return "partner answered STARTTLS with " + reply.type().rfcName() + " instead of REPLY";
        }
        if (answer.isRefusal()) {
            int code = answer.status().map(StatusCodeOption::statusCode).orElse(-1);
            String name = StatusCode.fromCode(code).map(StatusCode::rfcName).orElse("status " + code);
            String text = answer.status().map(StatusCodeOption::message).filter(m -> !m.isBlank())
                    .map(m -> ": " + m).orElse("");
            return "partner refused TLS (" + name + ")" + text;
        }
        if (answer.transactionId() != xid) {
            return "partner's REPLY does not answer our STARTTLS (transaction-id " + answer.transactionId()
                    + ", expected " + xid + ")";
        }
        return null;
    }

    /**
     * Sends STARTTLS. A peer that is already gone (a listener closing as we connected) shows here
     * as a reset or broken pipe; that is reported as such at once.
     */
    private static void writeStartTls(Socket socket, OutputStream out, int xid) throws IOException {
        try {
            PlainExchange.write(out, StartTls.of(xid));
        } catch (SocketException e) {
            if (socket.isClosed()) {
                throw e; // closed here (transport closed), not by the partner
            }
            throw new Refused("partner closed the connection before STARTTLS (" + Reasons.describe(e) + ")");
        }
    }

    /**
     * Reads the answer to STARTTLS. A peer that closes, with FIN or with a reset, ends the wait at
     * once; only a silent peer waits for the handshake deadline.
     */
    private FailoverMessage readReply(Socket socket, InputStream in, AtomicBoolean timedOut)
            throws IOException, MalformedMessageException {
        try {
            return PlainExchange.read(in);
        } catch (EOFException e) {
            throw new Refused("partner closed the connection instead of answering STARTTLS");
        } catch (IOException e) {
            if (timedOut.get() || Reasons.isTimeout(e)) {
                throw new Refused("partner did not answer STARTTLS within "
                        + runtime.settings().handshakeTimeout());
            }
            if (e instanceof SocketException && !socket.isClosed()) {
                throw new Refused("partner closed the connection instead of answering STARTTLS ("
                        + Reasons.describe(e) + ")");
            }
            throw e;
        }
    }

    private void serve(Socket socket, TlsProtocol protocol, ConnectionHandler handler, Runnable release) {
        InetSocketAddress remote = (InetSocketAddress) socket.getRemoteSocketAddress();
        TlsConnection connection = new TlsConnection(socket, protocol, handler,
                runtime.settings().idleTimeout(), () -> {
                    runtime.untrack(socket);
                    release.run();
                });
        try {
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, runtime.settings().idleTimeout().toMillis()));
        } catch (IOException e) {
            connection.abort("cannot set idle timeout: " + Reasons.describe(e));
        }
        runtime.register(connection);
        LOG.info("{}: tls {}: partner accepted, TLS connection open", handler.logContext(), remote);
        if (!runtime.startWriter(connection)) {
            runtime.unregister(connection);
            runtime.untrack(socket);
            closeQuietly(socket);
            release.run();
            return;
        }
        handler.onOpen(connection);
        connection.readLoop();
        runtime.unregister(connection);
    }

    private static void prepare(Socket socket, long timeoutMs) throws IOException {
        socket.setTcpNoDelay(true);
        socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, timeoutMs));
    }

    /**
     * Closes a connection we are giving up on without throwing away what we last sent. Closing at
     * once while the partner is still sending (its Certificate, CertificateVerify and Finished
     * come in separate records) makes the kernel answer with a reset, and the partner's next
     * write then fails with "Broken pipe" or "Connection reset" before it reads the alert that
     * says why it was refused. So: send FIN after the alert, discard the partner's input until it
     * closes or {@link #ALERT_LINGER} passes, then close. The socket stays tracked meanwhile, so
     * closing the transport ends the wait at once.
     */
    static void lingerThenClose(Socket socket) {
        long end = System.nanoTime() + ALERT_LINGER.toNanos();
        try {
            socket.shutdownOutput();
            InputStream in = socket.getInputStream();
            byte[] discard = new byte[4096];
            long left;
            while ((left = TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime())) > 0) {
                socket.setSoTimeout((int) left);
                if (in.read(discard) < 0) {
                    break;
                }
            }
        } catch (IOException e) {
            // Closed already (deadline, transport close), reset, or the linger ran out: done.
            LOG.debug("linger before close ended: {}", e.toString());
        }
        closeQuietly(socket);
    }

    static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            LOG.debug("closing socket: {}", e.toString());
        }
    }

    /**
     * The socket's streams as Bouncy Castle sees them during the handshake. On a failed handshake
     * it writes its alert and then closes both streams, which for a socket means closing it with
     * the partner's records still unread; until the handshake is done that close is left to
     * {@link #lingerThenClose}. Afterwards a close goes through, as {@code protocol.close()} after
     * close_notify relies on it.
     */
    private static final class HandshakeStreams {
        private final Socket socket;
        private volatile boolean handshakeDone;

        HandshakeStreams(Socket socket) {
            this.socket = socket;
        }

        void handshakeDone() {
            handshakeDone = true;
        }

        InputStream input() throws IOException {
            return new FilterInputStream(socket.getInputStream()) {
                @Override
                public void close() throws IOException {
                    if (handshakeDone) {
                        super.close();
                    }
                }
            };
        }

        OutputStream output() throws IOException {
            OutputStream out = socket.getOutputStream();
            return new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    out.write(b);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                }

                @Override
                public void flush() throws IOException {
                    out.flush();
                }

                @Override
                public void close() throws IOException {
                    if (handshakeDone) {
                        out.close();
                    }
                }
            };
        }
    }

    /** A refusal whose message is already the sentence to report. */
    private static final class Refused extends IOException {
        private static final long serialVersionUID = 1L;

        Refused(String reason) {
            super(reason);
        }
    }
}
