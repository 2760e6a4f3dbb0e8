package org.dhcpv6.failover.tls.internal;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.SecureRandom;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.bouncycastle.tls.TlsClientProtocol;
import org.bouncycastle.tls.TlsProtocol;
import org.bouncycastle.tls.TlsServerProtocol;
import org.dhcpv6.failover.api.Transport.ConnectionHandler;
import org.dhcpv6.failover.core.wire.FailoverMessage;
import org.dhcpv6.failover.core.wire.MalformedMessageException;
import org.dhcpv6.failover.core.wire.StartTls;
import org.dhcpv6.failover.core.wire.StartTlsReply;
import org.dhcpv6.failover.core.wire.StatusCode;
import org.dhcpv6.failover.core.wire.StatusCodeOption;
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
        TlsClientProtocol protocol;
        try {
            prepare(socket, timeoutMs);
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            int xid = RANDOM.nextInt(1 << 24);
            PlainExchange.write(out, StartTls.of(xid));
            String refused = checkReply(readReply(in, timedOut), xid);
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
        } catch (IOException | MalformedMessageException | RuntimeException e) {
            deadline.cancel(false);
            runtime.untrack(socket);
            closeQuietly(socket);
            String reason = e instanceof Refused ? e.getMessage()
                    : e instanceof MalformedMessageException ? "partner answered STARTTLS with a malformed message: "
                            + e.getMessage()
                    : Reasons.handshake(e, client.rejection(), timedOut.get(), runtime.settings().handshakeTimeout());
            LOG.warn("tls {}: secure connection failed: {}", remote, reason);
            handler.onConnectFailed(remote, reason);
            return;
        }
        serve(socket, protocol, handler, () -> { });
    }

    /**
     * Serves a connection accepted by a secure listener as secondary. {@code release} runs once
     * when the connection ends or is refused (it frees the per-address slot).
     */
    public void runServer(Socket socket, ConnectionHandler handler, Runnable release) {
        InetSocketAddress remote = (InetSocketAddress) socket.getRemoteSocketAddress();
        if (!runtime.track(socket)) {
            closeQuietly(socket);
            release.run();
            return;
        }
        AtomicBoolean timedOut = new AtomicBoolean();
        ScheduledFuture<?> deadline = runtime.deadline(socket, timedOut);
        FailoverTlsServer server = new FailoverTlsServer(runtime.crypto(), runtime.settings(), runtime.validator());
        TlsServerProtocol protocol;
        AtomicBoolean startTlsSeen = new AtomicBoolean();
        try {
            prepare(socket, runtime.settings().handshakeTimeout().toMillis());
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            FailoverMessage first = PlainExchange.read(in);
            if (!(first instanceof StartTls startTls)) {
                throw new Refused("first message was " + first.type().rfcName()
                        + ", not STARTTLS; this listener accepts TLS partners only (plaintext peer?)");
            }
            startTlsSeen.set(true);
            PlainExchange.write(out, StartTlsReply.accept(startTls.transactionId()));
            protocol = new TlsServerProtocol(in, out);
            protocol.accept(server);
            if (!server.partnerAccepted()) {
                throw new Refused("no certificate sent by partner");
            }
            if (!deadline.cancel(false) || timedOut.get()) {
                throw new IOException("deadline passed");
            }
        } catch (IOException | MalformedMessageException | RuntimeException e) {
            deadline.cancel(false);
            runtime.untrack(socket);
            closeQuietly(socket);
            release.run();
            String reason = e instanceof Refused ? e.getMessage()
                    : e instanceof MalformedMessageException
                            ? "first message was not STARTTLS (" + e.getMessage() + "); plaintext or TLS-first peer?"
                    : e instanceof EOFException && !startTlsSeen.get()
                            ? "partner closed the connection before STARTTLS"
                    : Reasons.handshake(e, server.rejection(), timedOut.get(), runtime.settings().handshakeTimeout());
            LOG.warn("tls {}: refused partner connection: {}", remote, reason);
            return;
        }
        serve(socket, protocol, handler, release);
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

    private FailoverMessage readReply(InputStream in, AtomicBoolean timedOut)
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
        LOG.info("tls {}: partner accepted, TLS connection open", remote);
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

    static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            LOG.debug("closing socket: {}", e.toString());
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
