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
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's side door into a running server: a UNIX domain socket that takes one command
 * line per connection and answers with one or more lines, then closes. Only the owner may use
 * it (file mode 0600 where the file system has POSIX permissions), because partner-down can
 * make two servers lease the same resources if the partner is in fact alive.
 */
public final class ControlSocketServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ControlSocketServer.class);

    /** Longest command accepted; real commands are a few words. */
    static final int MAX_COMMAND = 1024;

    private final Path path;
    private final ServerSocketChannel channel;
    private final ControlHandler handler;
    private final Thread acceptor;

    private ControlSocketServer(Path path, ServerSocketChannel channel, ControlHandler handler) {
        this.path = path;
        this.channel = channel;
        this.handler = handler;
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
        ControlSocketServer server = new ControlSocketServer(path, ch, handler);
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
        while (channel.isOpen()) {
            SocketChannel client;
            try {
                client = channel.accept();
            } catch (ClosedChannelException e) {
                break;
            } catch (IOException e) {
                LOG.warn("control socket accept failed", e);
                continue;
            }
            // One thread per connection, so a client that never sends its line blocks only itself.
            Thread t = new Thread(() -> serve(client), "control-client");
            t.setDaemon(true);
            t.start();
        }
    }

    private void serve(SocketChannel client) {
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
            LOG.debug("control client went away: {}", e.toString());
        }
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
