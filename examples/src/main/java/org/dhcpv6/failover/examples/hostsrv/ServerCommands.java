package org.dhcpv6.failover.examples.hostsrv;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.dhcpv6.failover.api.ClockSource;
import org.dhcpv6.failover.api.EndpointStatus;
import org.dhcpv6.failover.core.runtime.FailoverServer;

/**
 * The commands of the control socket: {@code status}, {@code status-json} (one line of JSON,
 * {@link StatusJson}), {@code partner-down} and {@code help}.
 * Works with or without a failover server, so a standalone server answers {@code status} too.
 */
public final class ServerCommands implements ControlHandler {

    private final Supplier<List<String>> header;
    private final FailoverServer failover;
    private final Function<String, String> leaseCounts;
    private final Supplier<String> statusJson;

    /**
     * @param header the lines that open a status answer (the DHCP socket, the mode)
     * @param failover the failover server, or {@code null} when failover is disabled
     * @param leaseCounts text appended to a relationship's status line, e.g. {@code ", 12 bindings"}
     */
    public ServerCommands(Supplier<List<String>> header, FailoverServer failover,
            Function<String, String> leaseCounts) {
        this(header, failover, leaseCounts,
                () -> StatusJson.render(header.get(), failover, ClockSource.SYSTEM, name -> Optional.empty()));
    }

    /**
     * @param header the lines that open a status answer (the DHCP socket, the mode)
     * @param failover the failover server, or {@code null} when failover is disabled
     * @param leaseCounts text appended to a relationship's status line, e.g. {@code ", 12 bindings"}
     * @param statusJson the answer to {@code status-json}, one line
     */
    public ServerCommands(Supplier<List<String>> header, FailoverServer failover,
            Function<String, String> leaseCounts, Supplier<String> statusJson) {
        this.header = header;
        this.failover = failover;
        this.leaseCounts = leaseCounts;
        this.statusJson = statusJson;
    }

    /** Answers {@code status}, {@code partner-down} and {@code help}; anything else is an error line. */
    @Override
    public List<String> handle(String command) {
        return switch (command.toLowerCase(Locale.ROOT)) {
            case "status" -> status();
            case "status-json" -> List.of(statusJson.get());
            case "partner-down" -> partnerDown();
            case "help" -> List.of("commands: status, status-json, partner-down, help");
            default -> List.of(ERROR + "unknown command '" + command
                    + "' (commands: status, status-json, partner-down, help)");
        };
    }

    private List<String> status() {
        List<String> lines = new ArrayList<>(header.get());
        if (failover != null) {
            for (EndpointStatus s : failover.statuses()) {
                lines.add(s.describe() + ", clients " + s.clientService().name().toLowerCase(Locale.ROOT)
                        + leaseCounts.apply(s.relationship()));
            }
        }
        return lines;
    }

    /**
     * RFC 8156 §8.4: the operator vouches that the partner is down. Applies in NORMAL,
     * COMMUNICATIONS-INTERRUPTED and RESOLUTION-INTERRUPTED; elsewhere it changes nothing and the
     * answer says so as an error, so scripts notice.
     */
    private List<String> partnerDown() {
        if (failover == null) {
            return List.of(ERROR + "failover is disabled (failover.enabled=false); there is no partner");
        }
        List<String> lines = new ArrayList<>();
        for (EndpointStatus s : failover.statuses()) {
            boolean changed;
            try {
                changed = failover.partnerDown(s.relationship());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                lines.add(ERROR + s.relationship() + ": interrupted while waiting for the failover event loop");
                continue;
            }
            EndpointStatus after = failover.status(s.relationship());
            if (changed) {
                lines.add(s.relationship() + ": partner-down accepted, state " + s.state().rfcName() + " -> "
                        + after.state().rfcName());
            } else {
                lines.add(ERROR + s.relationship() + ": partner-down not applied in state " + after.state().rfcName()
                        + " (it applies in NORMAL, COMMUNICATIONS-INTERRUPTED and RESOLUTION-INTERRUPTED)");
            }
        }
        return lines;
    }
}
