package org.dhcpv6.failover.examples.hostsrv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.dhcpv6.failover.api.FailoverListener;
import org.dhcpv6.failover.api.RelationshipConfig;
import org.dhcpv6.failover.api.Role;
import org.dhcpv6.failover.api.ServerState;
import org.dhcpv6.failover.core.runtime.FailoverServer;
import org.dhcpv6.failover.core.store.InMemoryLeaseStore;
import org.dhcpv6.failover.core.transport.TcpTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The control socket round trip against a real primary, with its secondary in the same JVM. */
class ControlSocketTest {

    private static final String NAME = "campus";

    @TempDir
    Path dir;

    private FailoverServer primary;
    private FailoverServer secondary;
    private ControlSocketServer control;

    @AfterEach
    void tearDown() {
        if (control != null) {
            control.close();
        }
        if (secondary != null) {
            secondary.close();
        }
        if (primary != null) {
            primary.close();
        }
    }

    private static FailoverServer server(Role role, InetSocketAddress secondaryAddress) throws Exception {
        RelationshipConfig.Builder b = RelationshipConfig.builder(NAME, role).mclt(Duration.ofSeconds(60))
                .keepalive(Duration.ofSeconds(3)).startupTime(Duration.ofMillis(500))
                .connectRetry(Duration.ofMillis(100), Duration.ofMillis(500));
        if (role == Role.PRIMARY) {
            b.partnerAddress(secondaryAddress);
        } else {
            b.partnerAddress(new InetSocketAddress(secondaryAddress.getAddress(), 647)).localAddress(secondaryAddress);
        }
        return FailoverServer.builder().transport(TcpTransport.insecurePlaintext())
                .relationship(b.build(), new InMemoryLeaseStore(), new LoggingListener()).build();
    }

    private static void await(String what, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!done.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out: " + what);
            Thread.sleep(20);
        }
    }

    @Test
    void statusAndPartnerDownOverTheSocket() throws Exception {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        InetSocketAddress secondaryAddress;
        try (ServerSocket probe = new ServerSocket(0, 1, loopback)) {
            secondaryAddress = new InetSocketAddress(loopback, probe.getLocalPort());
        }
        primary = server(Role.PRIMARY, secondaryAddress);
        secondary = server(Role.SECONDARY, secondaryAddress);
        primary.start();
        secondary.start();
        await("NORMAL", () -> primary.status(NAME).state() == ServerState.NORMAL
                && secondary.status(NAME).state() == ServerState.NORMAL);
        Path socket = dir.resolve("control.sock");
        control = ControlSocketServer.start(socket, new ServerCommands(() -> List.of("dhcp test"), primary,
                name -> ", 0 bindings", () -> StatusJson.render(List.of("dhcp test"), primary,
                        org.dhcpv6.failover.api.ClockSource.SYSTEM,
                        name -> java.util.Optional.of(new StatusJson.BindingCounts(3, 2)))));

        List<String> status = ControlClient.send(socket, "status");
        assertEquals("dhcp test", status.get(0));
        assertEquals(2, status.size(), status.toString());
        assertTrue(status.get(1).startsWith(NAME + " PRIMARY NORMAL since "), status.get(1));
        // The primary may have been refused once before the secondary listened: the status keeps it.
        assertTrue(status.get(1).contains("(connected), skew " + primary.status(NAME).skew().toMillis() + " ms"),
                status.get(1));
        assertTrue(status.get(1).endsWith(", clients responsive, 0 bindings"), status.get(1));

        List<String> json = ControlClient.send(socket, "status-json");
        assertEquals(1, json.size(), json.toString());
        String j = json.get(0);
        assertTrue(j.startsWith("{\"server\":[\"dhcp test\"],\"relationships\":[{\"name\":\"" + NAME
                + "\",\"role\":\"PRIMARY\",\"state\":\"NORMAL\",\"stateCode\":2,"), j);
        for (String field : List.of("\"partnerState\":\"NORMAL\"", "\"partnerStateCode\":2", "\"connected\":true",
                "\"skewMillis\":" + primary.status(NAME).skew().toMillis(), "\"clientService\":\"RESPONSIVE\"",
                "\"partnerDownSince\":null", "\"bindings\":3,\"activeBindings\":2",
                "\"queues\":{\"bindings\":0,\"queuedUpdates\":0,\"updatesAwaitingAck\":0,",
                "\"oldestAwaitingAckMillis\":0,\"updatesAcknowledged\":0,\"conflicts\":0,\"communicationsUp\":1")) {
            assertTrue(j.contains(field), field + " in " + j);
        }

        secondary.close();
        secondary = null;
        await("COMMUNICATIONS-INTERRUPTED",
                () -> primary.status(NAME).state() == ServerState.COMMUNICATIONS_INTERRUPTED);
        List<String> down = ControlClient.send(socket, "partner-down");
        assertEquals(List.of(NAME + ": partner-down accepted, state COMMUNICATIONS-INTERRUPTED -> PARTNER-DOWN"), down);
        assertEquals(ServerState.PARTNER_DOWN, primary.status(NAME).state());

        List<String> again = ControlClient.send(socket, "partner-down");
        assertTrue(again.get(0).startsWith(ControlHandler.ERROR + NAME + ": partner-down not applied in state "
                + "PARTNER-DOWN"), again.toString());
        assertTrue(ControlClient.send(socket, "reboot").get(0).startsWith("error: unknown command 'reboot'"));
    }

    @Test
    void standaloneHasNoPartnerToDeclareDown() throws Exception {
        Path socket = dir.resolve("c.sock");
        control = ControlSocketServer.start(socket, new ServerCommands(() -> List.of("dhcp", "standalone"), null,
                name -> ""));
        assertEquals(List.of("dhcp", "standalone"), ControlClient.send(socket, "status"));
        assertTrue(ControlClient.send(socket, "partner-down").get(0).startsWith("error: failover is disabled"));
    }

    @Test
    void aStaleSocketFileIsReplacedButALiveServerIsNot() throws Exception {
        Path socket = dir.resolve("s.sock");
        Files.writeString(socket, "left over by a crash");
        control = ControlSocketServer.start(socket, c -> List.of("pong"));
        assertEquals(List.of("pong"), ControlClient.send(socket, "ping"));
        IOException e = assertThrows(IOException.class, () -> ControlSocketServer.start(socket, c -> List.of()));
        assertTrue(e.getMessage().contains("another server is answering"), e.getMessage());
        control.close();
        assertFalse(Files.exists(socket), "close removes the socket file");
        control = null;
    }

    @Test
    void aThrowingHandlerAnswersWithAnErrorLine() throws Exception {
        Path socket = dir.resolve("t.sock");
        control = ControlSocketServer.start(socket, c -> {
            throw new IllegalStateException("boom");
        });
        assertEquals(List.of("error: java.lang.IllegalStateException: boom"), ControlClient.send(socket, "status"));
    }
}
