package org.dhcpv6.failover.examples;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.dhcpv6.failover.api.FailoverListener;
import org.dhcpv6.failover.api.LeaseStore;
import org.dhcpv6.failover.api.RelationshipConfig;
import org.dhcpv6.failover.api.Role;
import org.dhcpv6.failover.api.ServerState;
import org.dhcpv6.failover.core.runtime.FailoverServer;
import org.dhcpv6.failover.core.store.InMemoryLeaseStore;
import org.dhcpv6.failover.tls.CertificateAuthority;
import org.dhcpv6.failover.tls.IssuedCertificate;
import org.dhcpv6.failover.tls.TlsSettings;
import org.dhcpv6.failover.tls.TlsTransport;

/**
 * The quickest look at the library working: a primary and a secondary in one process, talking
 * RFC 8156 over mutually authenticated TLS on loopback. They reach NORMAL, the secondary stops,
 * the primary notices, the secondary comes back, and both return to NORMAL. Prints every state
 * change and exits 0 only if the whole story happened.
 */
public final class PairDemo {

    private static final String RELATIONSHIP = "demo";
    private static final Instant START = Instant.now();
    private static final List<String> EVENTS = Collections.synchronizedList(new ArrayList<>());

    private PairDemo() {
    }

    /** Runs the demo; exit status 0 on success, 1 if a step did not happen in time. */
    public static void main(String[] args) throws Exception {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        InetSocketAddress secondaryAddress;
        try (ServerSocket probe = new ServerSocket(0, 1, loopback)) {
            secondaryAddress = new InetSocketAddress(loopback, probe.getLocalPort());
        }
        CertificateAuthority ca = CertificateAuthority.create("dhcpv6-failover demo CA");
        IssuedCertificate a = ca.issue("dhcp-a.example").dnsNames("dhcp-a.example").sign();
        IssuedCertificate b = ca.issue("dhcp-b.example").dnsNames("dhcp-b.example").sign();

        LeaseStore secondaryStore = new InMemoryLeaseStore();
        FailoverServer primary = server(Role.PRIMARY, a, "dhcp-b.example", ca, secondaryAddress, new InMemoryLeaseStore());
        FailoverServer secondary = server(Role.SECONDARY, b, "dhcp-a.example", ca, secondaryAddress, secondaryStore);
        boolean ok = true;
        try {
            primary.start();
            secondary.start();
            ok &= await("both servers reach NORMAL", () -> isNormal(primary) && isNormal(secondary));
            secondary.close();
            ok &= await("primary notices the secondary is gone",
                    () -> primary.status(RELATIONSHIP).state() == ServerState.COMMUNICATIONS_INTERRUPTED);
            FailoverServer restarted = server(Role.SECONDARY, b, "dhcp-a.example", ca, secondaryAddress, secondaryStore);
            restarted.start();
            ok &= await("both back in NORMAL", () -> isNormal(primary) && isNormal(restarted));
            System.out.println(primary.status(RELATIONSHIP).describe());
            System.out.println(restarted.status(RELATIONSHIP).describe());
            restarted.close();
        } finally {
            primary.close();
        }
        System.out.println("pair-demo: " + (ok ? "OK" : "FAILED") + ", " + EVENTS.size() + " state changes over TLS");
        System.exit(ok ? 0 : 1);
    }

    private static boolean isNormal(FailoverServer s) {
        return s.status(RELATIONSHIP).state() == ServerState.NORMAL;
    }

    private static FailoverServer server(Role role, IssuedCertificate identity, String partnerName,
            CertificateAuthority ca, InetSocketAddress secondaryAddress, LeaseStore store) throws Exception {
        RelationshipConfig.Builder config = RelationshipConfig.builder(RELATIONSHIP, role)
                .mclt(Duration.ofSeconds(60))
                .keepalive(Duration.ofSeconds(3))
                .startupTime(Duration.ofSeconds(1))
                .connectRetry(Duration.ofMillis(200), Duration.ofSeconds(1));
        if (role == Role.PRIMARY) {
            config.partnerAddress(secondaryAddress);
        } else {
            config.partnerAddress(new InetSocketAddress(secondaryAddress.getAddress(), 647))
                    .localAddress(secondaryAddress);
        }
        TlsSettings tls = TlsSettings.builder().identity(identity).trustAnchors(List.of(ca.certificate()))
                .partnerName(partnerName).build();
        String who = role == Role.PRIMARY ? "primary  " : "secondary";
        FailoverListener log = new FailoverListener() {
            @Override
            public void stateChanged(String relationship, ServerState from, ServerState to) {
                String line = String.format("%6.2f s  %s  %-26s -> %s",
                        Duration.between(START, Instant.now()).toMillis() / 1000.0, who, from.rfcName(), to.rfcName());
                EVENTS.add(line);
                System.out.println(line);
            }
        };
        return FailoverServer.builder().transport(TlsTransport.create(tls)).relationship(config.build(), store, log)
                .build();
    }

    private static boolean await(String step, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                System.out.println("        FAILED: " + step);
                return false;
            }
            Thread.sleep(20);
        }
        System.out.println("        ok: " + step);
        return true;
    }
}
