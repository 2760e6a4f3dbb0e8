package org.dhcpv6.failover.examples.soak;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.dhcpv6.failover.api.FailoverListener;
import org.dhcpv6.failover.api.LeaseStore;
import org.dhcpv6.failover.api.RelationshipConfig;
import org.dhcpv6.failover.api.Role;
import org.dhcpv6.failover.api.ServerState;
import org.dhcpv6.failover.api.Transport;
import org.dhcpv6.failover.core.runtime.FailoverServer;
import org.dhcpv6.failover.core.store.InMemoryLeaseStore;
import org.dhcpv6.failover.core.transport.TcpTransport;
import org.dhcpv6.failover.tls.CertificateAuthority;
import org.dhcpv6.failover.tls.InsecureStartTlsRefuser;
import org.dhcpv6.failover.tls.IssuedCertificate;
import org.dhcpv6.failover.tls.TlsSettings;
import org.dhcpv6.failover.tls.TlsTransport;

/**
 * One real failover pair of {@link FloodSoak} on 127.0.0.1: a secondary listening on a free port
 * (TLS, or plaintext behind {@link InsecureStartTlsRefuser}) with the primary at 127.0.0.1 as its
 * configured partner, and a primary that can be restarted on its store.
 */
final class SoakPair implements AutoCloseable {

    static final String RELATIONSHIP = "soak";

    private final String name;
    private final InetSocketAddress secondaryAddress;
    private final Supplier<Transport> primaryTransport;
    private final LeaseStore primaryStore = new InMemoryLeaseStore();
    private final FailoverServer secondary;
    private volatile FailoverServer primary;

    private SoakPair(String name, Supplier<Transport> primaryTransport, Transport secondaryTransport)
            throws Exception {
        this.name = name;
        this.primaryTransport = primaryTransport;
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        try (ServerSocket probe = new ServerSocket(0, 1, loopback)) {
            secondaryAddress = new InetSocketAddress(loopback, probe.getLocalPort());
        }
        RelationshipConfig config = config(Role.SECONDARY).partnerAddress(new InetSocketAddress(loopback, 647))
                .localAddress(secondaryAddress).build();
        secondary = FailoverServer.builder().transport(secondaryTransport)
                .relationship(config, new InMemoryLeaseStore(), FailoverListener.NONE).build();
    }

    static SoakPair tls() throws Exception {
        CertificateAuthority ca = CertificateAuthority.create("flood-soak CA");
        IssuedCertificate a = ca.issue("dhcp-a.example").dnsNames("dhcp-a.example").sign();
        IssuedCertificate b = ca.issue("dhcp-b.example").dnsNames("dhcp-b.example").sign();
        TlsSettings primary = TlsSettings.builder().identity(a).trustAnchors(List.of(ca.certificate()))
                .partnerName("dhcp-b.example").build();
        TlsSettings secondary = TlsSettings.builder().identity(b).trustAnchors(List.of(ca.certificate()))
                .partnerName("dhcp-a.example").build();
        return new SoakPair("tls", () -> TlsTransport.create(primary), TlsTransport.create(secondary));
    }

    static SoakPair plain() throws Exception {
        return new SoakPair("plain", TcpTransport::insecurePlaintext,
                InsecureStartTlsRefuser.wrap(TcpTransport.insecurePlaintext()));
    }

    private static RelationshipConfig.Builder config(Role role) {
        return RelationshipConfig.builder(RELATIONSHIP, role).mclt(Duration.ofSeconds(60))
                .keepalive(Duration.ofSeconds(10)).startupTime(Duration.ofSeconds(1))
                .connectRetry(Duration.ofMillis(200), Duration.ofSeconds(2));
    }

    String name() {
        return name;
    }

    int port() {
        return secondaryAddress.getPort();
    }

    void start() throws Exception {
        secondary.start();
        startPrimary();
    }

    /** Closes the primary (DISCONNECT) and starts a new one on the same store. */
    void restartPrimary() throws Exception {
        primary.close();
        startPrimary();
    }

    private void startPrimary() throws Exception {
        RelationshipConfig config = config(Role.PRIMARY).partnerAddress(secondaryAddress).build();
        FailoverServer p = FailoverServer.builder().transport(primaryTransport.get())
                .relationship(config, primaryStore, FailoverListener.NONE).build();
        p.start();
        primary = p;
    }

    ServerState primaryState() {
        return primary.status(RELATIONSHIP).state();
    }

    ServerState secondaryState() {
        return secondary.status(RELATIONSHIP).state();
    }

    boolean bothNormal() {
        return primaryState() == ServerState.NORMAL && secondaryState() == ServerState.NORMAL;
    }

    @Override
    public void close() {
        primary.close();
        secondary.close();
    }
}
