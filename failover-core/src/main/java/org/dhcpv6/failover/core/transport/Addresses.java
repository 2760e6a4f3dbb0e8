package org.dhcpv6.failover.core.transport;

import com.google.common.net.HostAndPort;
import com.google.common.net.InetAddresses;
import java.net.InetSocketAddress;

/** Prints socket addresses the way people write them: {@code [::1]:647}, {@code 192.0.2.1:647}. */
final class Addresses {

    private Addresses() {
    }

    static String describe(InetSocketAddress address) {
        if (address == null) {
            return "(unknown)";
        }
        String host = address.isUnresolved()
                ? address.getHostString()
                : InetAddresses.toAddrString(address.getAddress());
        return HostAndPort.fromParts(host, address.getPort()).toString();
    }
}
