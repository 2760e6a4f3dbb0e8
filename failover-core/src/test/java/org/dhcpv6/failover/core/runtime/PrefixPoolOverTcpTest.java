package org.dhcpv6.failover.core.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.dhcpv6.failover.api.BindingStatus;
import org.dhcpv6.failover.api.ClientIdentity;
import org.dhcpv6.failover.api.Duid;
import org.dhcpv6.failover.api.FailoverListener;
import org.dhcpv6.failover.api.IaType;
import org.dhcpv6.failover.api.Ipv6Prefix;
import org.dhcpv6.failover.api.LeaseDecision;
import org.dhcpv6.failover.api.LeaseHooks;
import org.dhcpv6.failover.api.LeaseRequest;
import org.dhcpv6.failover.api.MessageKind;
import org.dhcpv6.failover.api.PrefixPool;
import org.dhcpv6.failover.api.RelationshipConfig;
import org.dhcpv6.failover.api.Role;
import org.dhcpv6.failover.api.ServerState;
import org.dhcpv6.failover.core.store.InMemoryLeaseStore;
import org.dhcpv6.failover.core.testfixtures.PairScenarioContractTest;
import org.dhcpv6.failover.core.transport.TcpTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A /48 delegating /56s between two servers over loopback TCP: the secondary gets its share as
 * FREE-BACKUP, both delegate alone while the link is cut and never the same prefix, and after
 * the link heals both are NORMAL and the pool is balanced again.
 */
class PrefixPoolOverTcpTest {

    private static final String NAME = "prefixes";
    private static final PrefixPool POOL = PrefixPool.of(Ipv6Prefix.parse("2001:db8:100::/48"), 56);
    private FailoverServer primary;
    private FailoverServer secondary;
    private CuttableProxy link;

    @AfterEach
    void stop() throws Exception {
        if (primary != null) {
            primary.close();
        }
        if (secondary != null) {
            secondary.close();
        }
        if (link != null) {
            link.close();
        }
    }

    private static RelationshipConfig.Builder config(Role role) {
        return RelationshipConfig.builder(NAME, role).mclt(Duration.ofSeconds(30)).keepalive(Duration.ofSeconds(2))
                .startupTime(Duration.ofMillis(300)).connectRetry(Duration.ofMillis(100), Duration.ofMillis(300))
                .prefixPool(POOL);
    }

    private static long count(FailoverServer s, BindingStatus status) {
        LeaseHooks hooks = s.hooks(NAME);
        long n = 0;
        for (int i = 0; i < POOL.prefixCount(); i++) {
            BindingStatus st = hooks.binding(POOL.prefixAt(i)).map(b -> b.status()).orElse(BindingStatus.FREE);
            if (st == status) {
                n++;
            }
        }
        return n;
    }

    private static int delegateAll(LeaseHooks hooks, int firstClient, Set<Ipv6Prefix> seen) {
        int n = 0;
        for (Optional<Ipv6Prefix> p = hooks.nextFreePrefix(); p.isPresent(); p = hooks.nextFreePrefix()) {
            ClientIdentity c = new ClientIdentity(Duid.parseHex(String.format("00010001%08x", firstClient + n)),
                    1, IaType.IA_PD);
            LeaseDecision d = hooks.beforeReply(LeaseRequest.of(MessageKind.REQUEST, c, p.get(), 600, 600, false));
            hooks.afterReply(d);
            assertEquals(LeaseDecision.Outcome.GRANTED, d.outcome(), d.reason());
            assertTrue(seen.add(p.get()), "delegated twice: " + p.get());
            n++;
        }
        return n;
    }

    @Test
    void shareIsGivenBothServeAloneAndTheyRebalanceAfterHealing() throws Exception {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        InetSocketAddress secondaryAddress = freeLoopbackPort(loopback);
        link = new CuttableProxy(loopback, secondaryAddress);
        secondary = FailoverServer.builder().transport(TcpTransport.insecurePlaintext())
                .relationship(config(Role.SECONDARY).partnerAddress(new InetSocketAddress(loopback, 647))
                        .localAddress(secondaryAddress).build(), new InMemoryLeaseStore(), FailoverListener.NONE)
                .build();
        primary = FailoverServer.builder().transport(TcpTransport.insecurePlaintext())
                .relationship(config(Role.PRIMARY).partnerAddress(link.address()).build(), new InMemoryLeaseStore(),
                        FailoverListener.NONE)
                .build();
        secondary.start();
        primary.start();
        PairScenarioContractTest.await("both NORMAL", Duration.ofSeconds(10), () -> bothIn(ServerState.NORMAL));
        PairScenarioContractTest.await("the secondary holds its share", Duration.ofSeconds(10),
                () -> count(secondary, BindingStatus.FREE_BACKUP) == 128);

        link.cut();
        PairScenarioContractTest.await("both COMMUNICATIONS-INTERRUPTED", Duration.ofSeconds(5),
                () -> bothIn(ServerState.COMMUNICATIONS_INTERRUPTED));
        Set<Ipv6Prefix> seen = new HashSet<>();
        assertEquals(128, delegateAll(primary.hooks(NAME), 1000, seen), "the primary runs out of its own");
        assertEquals(128, delegateAll(secondary.hooks(NAME), 5000, seen), "the secondary runs out of its own");

        // Half of the primary's clients leave while the link is down: 64 prefixes come back FREE.
        LeaseHooks p = primary.hooks(NAME);
        int released = 0;
        for (Ipv6Prefix prefix : seen) {
            var b = p.binding(prefix).orElseThrow();
            if (b.status() == BindingStatus.ACTIVE && released < 64) {
                LeaseDecision d = p.beforeReply(LeaseRequest.of(MessageKind.RELEASE, b.client(), prefix, 0, 0, true));
                p.afterReply(d);
                released++;
            }
        }
        link.heal();
        PairScenarioContractTest.await("both NORMAL again", Duration.ofSeconds(15), () -> bothIn(ServerState.NORMAL));
        // 64 freed prefixes go back to the primary, then about half of them to the secondary: within
        // the 15% threshold of 32, since balancing may run while the frees are still arriving.
        PairScenarioContractTest.await("rebalanced", Duration.ofSeconds(30), () -> {
            long backup = count(primary, BindingStatus.FREE_BACKUP);
            return count(primary, BindingStatus.FREE) + backup == 64 && Math.abs(backup - 32) <= 10
                    && count(secondary, BindingStatus.FREE_BACKUP) == backup;
        });
        assertEquals(192, count(primary, BindingStatus.ACTIVE));
        assertEquals(192, count(secondary, BindingStatus.ACTIVE));
    }

    private static InetSocketAddress freeLoopbackPort(InetAddress loopback) throws java.io.IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, loopback)) {
            return new InetSocketAddress(loopback, s.getLocalPort());
        }
    }

    private boolean bothIn(ServerState state) {
        return primary.status(NAME).state() == state && secondary.status(NAME).state() == state;
    }
}
