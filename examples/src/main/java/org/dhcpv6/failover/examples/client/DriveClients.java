package org.dhcpv6.failover.examples.client;

import java.net.InetSocketAddress;
import java.time.Duration;
import org.dhcpv6.failover.api.Ipv6Address;

/**
 * Runs a few simulated DHCPv6 clients (an address and a prefix each) against one server until all
 * are bound, for scripts that need real leases (e.g. {@code examples/it/capture-check.sh}).
 *
 * <p>Usage: {@code DriveClients ADDRESS PORT CLIENTS SECONDS}; exits 0 when every client got its
 * leases within SECONDS, 1 otherwise.
 */
public final class DriveClients {

    private DriveClients() {
    }

    /** Runs the clients; see the class comment. */
    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: DriveClients ADDRESS PORT CLIENTS SECONDS");
            System.exit(2);
        }
        InetSocketAddress server = new InetSocketAddress(
                Ipv6Address.parse(args[0]).toInet6Address(), Integer.parseInt(args[1]));
        int count = Integer.parseInt(args[2]);
        try (DhcpClientDriver clients = DhcpClientDriver.builder().server(server).clients(count)
                .want(true, true).seed(11).retransmit(Duration.ofSeconds(1), 5).build()) {
            clients.start();
            boolean all = clients.awaitAllBound(Duration.ofSeconds(Long.parseLong(args[3])));
            System.out.println("clients: " + clients.holdings().size() + " of " + count + " bound");
            System.exit(all ? 0 : 1);
        }
    }
}
