package org.dhcpv6.failover.core.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import org.dhcpv6.failover.api.FailoverListener;
import org.dhcpv6.failover.api.Ipv6Address;
import org.dhcpv6.failover.api.RelationshipConfig;
import org.dhcpv6.failover.api.Role;
import org.dhcpv6.failover.api.ServerState;
import org.dhcpv6.failover.core.store.InMemoryLeaseStore;
import org.dhcpv6.failover.core.testfixtures.PairScenarioContractTest;
import org.dhcpv6.failover.core.transport.TcpTransport;
import org.dhcpv6.failover.core.internal.wire.BndUpd;
import org.dhcpv6.failover.core.internal.wire.Frames;
import org.dhcpv6.failover.core.internal.wire.IaPrefixOption;
import org.dhcpv6.failover.core.internal.wire.MessageCodec;
import org.junit.jupiter.api.Test;

/**
 * Bad input from the network costs at most its connection: a secondary fed garbage, a lying
 * length and a BNDUPD before CONNECT drops each connection and still pairs with the real primary.
 */
class GarbageFromPartnerTest {

    @Test
    void garbageCostsOnlyTheConnection() throws Exception {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        InetSocketAddress secondaryAddress;
        try (ServerSocket s = new ServerSocket(0, 1, loopback)) {
            secondaryAddress = new InetSocketAddress(loopback, s.getLocalPort());
        }
        RelationshipConfig.Builder common = RelationshipConfig.builder("garbage", Role.SECONDARY)
                .keepalive(Duration.ofSeconds(2)).startupTime(Duration.ofMillis(300));
        try (FailoverServer secondary = FailoverServer.builder().transport(TcpTransport.insecurePlaintext())
                .relationship(common.partnerAddress(new InetSocketAddress(loopback, 647)).localAddress(secondaryAddress)
                        .build(), new InMemoryLeaseStore(), FailoverListener.NONE).build()) {
            secondary.start();
            byte[] bndupdFirst = Frames.frame(MessageCodec.encode(BndUpd.of(1, 0,
                    new IaPrefixOption(0, 0, 56, Ipv6Address.parse("2001:db8::"), java.util.List.of()))));
            byte[][] attacks = {
                {0x00, 0x05, 1, 2, 3, 4, 5},                   // a 5-octet "message": too short for a header
                {0x00, 0x20, 0x1f, 0, 0, 1},                   // a size that lies: 32 announced, 4 sent, then close
                {(byte) 0xff, (byte) 0xff, 0x22, 0x00},        // a 65535-octet frame that never comes
                bndupdFirst,                                   // a well-formed BNDUPD before CONNECT
            };
            for (byte[] attack : attacks) {
                try (Socket s = new Socket(secondaryAddress.getAddress(), secondaryAddress.getPort())) {
                    s.setSoTimeout(5000);
                    s.getOutputStream().write(attack);
                    s.shutdownOutput();
                    InputStream in = s.getInputStream();
                    assertEquals(-1, in.read(), "the secondary closes the connection");
                }
            }
            try (FailoverServer primary = FailoverServer.builder().transport(TcpTransport.insecurePlaintext())
                    .relationship(RelationshipConfig.builder("garbage", Role.PRIMARY).keepalive(Duration.ofSeconds(2))
                            .startupTime(Duration.ofMillis(300)).connectRetry(Duration.ofMillis(100), Duration.ofMillis(300))
                            .partnerAddress(secondaryAddress).build(), new InMemoryLeaseStore(), FailoverListener.NONE)
                    .build()) {
                primary.start();
                PairScenarioContractTest.await("the pair still reaches NORMAL", Duration.ofSeconds(10),
                        () -> primary.status("garbage").state() == ServerState.NORMAL
                                && secondary.status("garbage").state() == ServerState.NORMAL);
            }
        }
    }
}
