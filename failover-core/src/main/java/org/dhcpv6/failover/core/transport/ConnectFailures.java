package org.dhcpv6.failover.core.transport;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.util.Locale;

/** Turns a failed connect into words a person can act on, naming the partner address. */
final class ConnectFailures {

    private ConnectFailures() {
    }

    static String describe(IOException e, InetSocketAddress remote) {
        String address = Addresses.describe(remote);
        String message = e.getMessage() == null ? "" : e.getMessage();
        if (e instanceof ConnectException && message.toLowerCase(Locale.ROOT).contains("refused")) {
            return "connection refused by " + address;
        }
        if (e instanceof NoRouteToHostException) {
            return "no route to " + address;
        }
        String detail = message.isBlank() ? e.getClass().getSimpleName() : message;
        return "cannot connect to " + address + ": " + detail;
    }
}
