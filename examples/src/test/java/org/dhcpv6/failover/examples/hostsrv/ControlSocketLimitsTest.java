package org.dhcpv6.failover.examples.hostsrv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17, finding 6: the control socket started a thread per connection and waited forever
 * for a client's line. Silent clients now cost a bounded number of threads and are closed after
 * the read timeout, and the operator's command gets through afterwards.
 */
class ControlSocketLimitsTest {

    @TempDir
    Path dir;

    private final List<SocketChannel> clients = new ArrayList<>();
    private ControlSocketServer control;

    @AfterEach
    void tearDown() throws IOException {
        for (SocketChannel c : clients) {
            c.close();
        }
        if (control != null) {
            control.close();
        }
    }

    @Test
    @Timeout(30)
    void silentClientsCostBoundedThreadsAndAreClosed() throws Exception {
        Path socket = dir.resolve("control.sock");
        control = ControlSocketServer.start(socket, command -> List.of("echo " + command), Duration.ofMillis(300));
        for (int i = 0; i < 20; i++) {
            clients.add(SocketChannel.open(UnixDomainSocketAddress.of(socket)));
        }
        Thread.sleep(200);
        long threads = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("control-client")).count();
        assertTrue(threads <= ControlSocketServer.WORKERS, threads + " control-client threads for 20 silent clients");
        // Each silent client hears end of input: closed by the server, at once or after its timeout.
        for (SocketChannel c : clients) {
            assertEquals(-1, c.read(ByteBuffer.allocate(64)));
        }
        assertEquals("echo status\n", ask(socket, "status"));
    }

    private static String ask(Path socket, String command) throws IOException {
        try (SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            c.write(ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.UTF_8)));
            ByteBuffer in = ByteBuffer.allocate(1024);
            while (c.read(in) >= 0) {
                // read to the end
            }
            return new String(in.array(), 0, in.position(), StandardCharsets.UTF_8);
        }
    }
}
