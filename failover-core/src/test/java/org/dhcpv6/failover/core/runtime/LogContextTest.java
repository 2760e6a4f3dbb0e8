package org.dhcpv6.failover.core.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.atomic.AtomicBoolean;
import org.dhcpv6.failover.api.AddressPool;
import org.dhcpv6.failover.api.Binding;
import org.dhcpv6.failover.api.ClientIdentity;
import org.dhcpv6.failover.api.Duid;
import org.dhcpv6.failover.api.FailoverListener;
import org.dhcpv6.failover.api.IaType;
import org.dhcpv6.failover.api.Ipv6Address;
import org.dhcpv6.failover.api.LeaseDecision;
import org.dhcpv6.failover.api.LeaseDecision.Outcome;
import org.dhcpv6.failover.api.LeaseHooks;
import org.dhcpv6.failover.api.LeaseRequest;
import org.dhcpv6.failover.api.LeaseStore;
import org.dhcpv6.failover.api.LeaseStoreException;
import org.dhcpv6.failover.api.MessageKind;
import org.dhcpv6.failover.api.RelationshipConfig;
import org.dhcpv6.failover.api.Role;
import org.dhcpv6.failover.api.ServerState;
import org.dhcpv6.failover.core.store.InMemoryLeaseStore;
import org.dhcpv6.failover.core.testfixtures.ForwardingLeaseStore;
import org.dhcpv6.failover.core.testfixtures.PairScenarioContractTest;
import org.dhcpv6.failover.core.transport.TcpTransport;
import org.junit.jupiter.api.Test;

/**
 * Lines written on threads that are not the event loop (whose name says which server it is) name
 * the relationship and the role themselves: a host's request thread, a transport's I/O thread.
 * Two servers of one relationship run in this JVM, so the role is what tells them apart.
 */
class LogContextTest {

    private static final String REL = "logged";
    private static final long DAY = Duration.ofDays(1).toSeconds();

    /** A store whose writes fail once {@link #failing} is set. */
    static final class BreakableStore extends ForwardingLeaseStore {
        final AtomicBoolean failing = new AtomicBoolean();

        @Override
        public void put(Binding binding) throws LeaseStoreException {
            check();
            super.put(binding);
        }

        @Override
        public void putAll(Collection<Binding> bindings) throws LeaseStoreException {
            check();
            super.putAll(bindings);
        }

        private void check() throws LeaseStoreException {
            if (failing.get()) {
                throw new LeaseStoreException("disk full (test)");
            }
        }
    }

    @Test
    void hostAndTransportThreadLinesNameTheRelationshipAndRole() throws Exception {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        InetSocketAddress secondaryAddress;
        try (ServerSocket probe = new ServerSocket(0, 1, loopback)) {
            secondaryAddress = new InetSocketAddress(loopback, probe.getLocalPort());
        }
        BreakableStore store = new BreakableStore();
        FailoverServer primary = start(config(Role.PRIMARY, secondaryAddress), store);
        FailoverServer secondary = start(config(Role.SECONDARY, secondaryAddress), new InMemoryLeaseStore());
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try {
            assertTrue(primary.awaitState(REL, ServerState.NORMAL, Duration.ofSeconds(10)), primary.status(REL)::describe);
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));

            // On this (host) thread: the commit fails and the hook logs it.
            store.failing.set(true);
            LeaseHooks hooks = primary.hooks(REL);
            Ipv6Address a = hooks.nextFreeAddress().orElseThrow();
            ClientIdentity client = new ClientIdentity(Duid.parseHex("000100010000cafe"), 1, IaType.IA_NA);
            LeaseDecision d = hooks.beforeReply(LeaseRequest.of(MessageKind.REQUEST, client, a, DAY, DAY, false));
            assertEquals(Outcome.NOT_COMMITTED, d.outcome(), d::reason);

            // On the secondary's I/O thread: a stranger's connection is refused at accept.
            try (Socket stranger = new Socket()) {
                stranger.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.3"), 0));
                stranger.connect(secondaryAddress, 2000);
                stranger.setSoTimeout(2000);
                assertEquals(-1, stranger.getInputStream().read(), "the listener closes a stranger's connection");
            } catch (java.net.SocketException reset) {
                // Refused with a reset: just as good.
            }
            PairScenarioContractTest.await("the refusal logged", Duration.ofSeconds(5),
                    () -> captured.toString(StandardCharsets.UTF_8).contains("refused connection from 127.0.0.3"));
        } finally {
            System.setErr(err);
            primary.close();
            secondary.close();
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        assertLineWith(log, "could not commit " + "2001:db8:1::", REL + "/primary: ");
        assertLineWith(log, "refused connection from 127.0.0.3", REL + "/secondary: ");
    }

    private static void assertLineWith(String log, String text, String context) {
        String line = log.lines().filter(l -> l.contains(text)).findFirst().orElse(null);
        assertTrue(line != null, () -> "no line with '" + text + "' in:\n" + log);
        assertTrue(line.contains(context), () -> "'" + context + "' missing from: " + line);
        assertTrue(!line.contains("failover-event-loop"), () -> "not written on the event loop: " + line);
    }

    private static RelationshipConfig config(Role role, InetSocketAddress secondaryAddress) {
        RelationshipConfig.Builder b = RelationshipConfig.builder(REL, role).mclt(Duration.ofSeconds(60))
                .keepalive(Duration.ofSeconds(2)).startupTime(Duration.ofMillis(500))
                .connectRetry(Duration.ofMillis(100), Duration.ofMillis(400))
                .addressPool(AddressPool.parse("2001:db8:1::/64"));
        if (role == Role.PRIMARY) {
            return b.partnerAddress(secondaryAddress).build();
        }
        return b.partnerAddress(secondaryAddress.getAddress()).localAddress(secondaryAddress).build();
    }

    private static FailoverServer start(RelationshipConfig config, LeaseStore store) throws Exception {
        FailoverServer server = FailoverServer.builder().transport(TcpTransport.insecurePlaintext())
                .relationship(config, store, FailoverListener.NONE).build();
        server.start();
        return server;
    }
}
