package org.dhcpv6.failover.examples.hostsrv;

import java.util.List;

/**
 * Answers one operator command received on the control socket. A line starting with
 * {@code error: } tells the client the command failed.
 */
@FunctionalInterface
public interface ControlHandler {

    /** Prefix of a response line that reports a failure. */
    String ERROR = "error: ";

    /**
     * Answers {@code command} (one line, trimmed, e.g. {@code status}) with one or more lines.
     * May block briefly (partner-down waits for the failover event loop); must not throw.
     */
    List<String> handle(String command);
}
