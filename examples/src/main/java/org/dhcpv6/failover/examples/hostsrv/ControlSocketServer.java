package org.dhcpv6.failover.examples.hostsrv;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.dhcpv6.failover.core.transport.AcceptBackoff;
import org.dhcpv6.failover.core.transport.LogLimiter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's side door into a running server: a UNIX domain socket that takes one command
 * line per connection and answers with one or more lines, then closes. Only the owner may use
 * it (file mode 0600 where the file system has POSIX permissions), because partner-down can
 * make two servers lease the same resources if the partner is in fact alive.
 *
 * <p>Connections are served by at most {@link #WORKERS} threads with {@link #QUEUED} more
 * waiting; beyond that a connection is closed at once. A client must send its line and take the
 * answer within the read timeout (default {@link #DEFAULT_READ_TIMEOUT}), or it is closed. A
 * failed accept pauses with a back-off instead of spinning.
 */
public final class ControlSocketServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ControlSocketServer.class);

    /** Longest command accepted; real commands are a few words. */
    static final int MAX_COMMAND = 1024;
    /** Threads answering commands at once. */
    static final int WORKERS = 2;
    /** Connections waiting for a worker before further ones are closed. */
    static final int QUEUED = 8;
    /** Time a client has to send its command and read the answer. */
    static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(5);

    private final Path path;
    private final ServerSocketChannel channel;
    private final ControlHandler handler;
    private final Thread acceptor;
    private final Duration readTimeout;
    private final ThreadPoolExecutor workers = new ThreadPoolExecutor(WORKERS, WORKERS, 30, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(QUEUED), r -> daemon(r, "control-client"));
    private final ScheduledThreadPoolExecutor deadlines = new ScheduledThreadPoolExecutor(1,
            r -> daemon(r, "control-deadline"));
    private final LogLimiter troubleLog = new LogLimiter(Duration.ofSeconds(10));

    private ControlSocketServer(Path path, ServerSocketChannel channel, ControlHandler handler,
            Duration readTimeout) {
        this.path = path;
        this.channel = channel;
        this.handler = handler;
        this.readTimeout = readTimeout;
        workers.allowCoreThreadTimeOut(true);
        deadlines.setRemoveOnCancelPolicy(true);
        this.acceptor = new Thread(this::acceptLoop, "control-socket");
        this.acceptor.setDaemon(true);
    }

    /**
     * Binds {@code path} and starts answering. A socket file left by a crashed server is removed;
     * one that a live server still answers on is an error.
     *
     * @throws IOException if the socket cannot be bound or another server answers on it
     */
    public static ControlSocketServer start(Path path, ControlHandler handler) throws IOException {
        return start(path, handler, DEFAULT_READ_TIMEOUT);
    }

    /** As {@link #start(Path, ControlHandler)} with another read timeout (tests). */
    static ControlSocketServer start(Path path, ControlHandler handler, Duration readTimeout) throws IOException {
        Objects.requireNonNull(handler, "handler");
        UnixDomainSocketAddress address = UnixDomainSocketAddress.of(path);
        if (Files.exists(path)) {
            if (isAnswering(address)) {
                throw new IOException("another server is answering on control socket " + path);
            }
            Files.delete(path);
        }
        Files.createDirectories(path.toAbsolutePath().getParent());
        ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            ch.bind(address);
            try {
                Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                LOG.debug("control socket {}: no POSIX permissions on this file system", path);
            }
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        ControlSocketServer server = new ControlSocketServer(path, ch, handler, readTimeout);
        server.acceptor.start();
        LOG.info("control socket listening on {}", path);
        return server;
    }

    private static boolean isAnswering(UnixDomainSocketAddress address) {
        try (SocketChannel probe = SocketChannel.open(address)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The socket's path. */
    public Path path() {
        return path;
    }

    private void acceptLoop() {
        AcceptBackoff backoff = new AcceptBackoff();
        while (channel.isOpen()) {
            SocketChannel client;
            try {
                client = channel.accept();
            } catch (ClosedChannelException e) {
                break;
            } catch (IOException e) {
                long pause = backoff.nextDelayMillis();
                logTrouble("control socket accept failed: " + e.getMessage() + "; retrying in " + pause + " ms");
                sleep(pause);
                continue;
            }
            backoff.reset();
            try {
                workers.execute(() -> serve(client));
            } catch (RejectedExecutionException e) {
                logTrouble("control socket busy: " + (WORKERS + QUEUED) + " connections pending; closed one");
                closeQuietly(client);
            }
        }
    }

    private void serve(SocketChannel client) {
        // Closing the channel ends a blocked read: that is the read timeout.
        ScheduledFuture<?> deadline = deadlines.schedule(() -> closeQuietly(client),
                readTimeout.toMillis(), TimeUnit.MILLISECONDS);
        try (client) {
            String command = readLine(client);
            List<String> lines;
            try {
                lines = handler.handle(command.trim());
            } catch (RuntimeException e) {
                LOG.warn("control command '{}' failed", command, e);
                lines = List.of(ControlHandler.ERROR + e);
            }
            ByteBuffer out = ByteBuffer.wrap((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
            while (out.hasRemaining()) {
                client.write(out);
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.debug("control client went away or timed out: {}", e.toString());
        } finally {
            deadline.cancel(false);
        }
    }

    private void logTrouble(String line) {
        long held = troubleLog.tryLog();
        if (held >= 0) {
            LOG.warn("{}{}", line, LogLimiter.heldBack(held));
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(SocketChannel client) {
        try {
            client.close();
        } catch (IOException e) {
            LOG.debug("closing control client: {}", e.toString());
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** Reads up to the first newline or end of input, at most {@link #MAX_COMMAND} octets. */
    static String readLine(SocketChannel ch) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(MAX_COMMAND);
        while (buf.hasRemaining()) {
            int before = buf.position();
            if (ch.read(buf) < 0) {
                break;
            }
            for (int i = before; i < buf.position(); i++) {
                if (buf.get(i) == '\n') {
                    return new String(buf.array(), 0, i, StandardCharsets.UTF_8);
                }
            }
        }
        return new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8);
    }

    /** Stops accepting and removes the socket file. */
    @Override
    public void close() {
        try {
            channel.close();
            acceptor.join(2000);
            workers.shutdownNow();
            deadlines.shutdownNow();
        } catch (IOException e) {
            LOG.debug("closing control socket: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            LOG.debug("removing control socket {}: {}", path, e.toString());
        }
    }
}
