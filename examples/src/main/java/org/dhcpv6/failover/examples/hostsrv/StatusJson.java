package org.dhcpv6.failover.examples.hostsrv;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.dhcpv6.failover.api.ClockSource;
import org.dhcpv6.failover.api.EndpointQueues;
import org.dhcpv6.failover.api.EndpointStatus;
import org.dhcpv6.failover.api.RelationshipMetrics;
import org.dhcpv6.failover.core.runtime.FailoverServer;
import org.dhcpv6.failover.examples.tools.Json;

/**
 * The {@code status --json} answer: one JSON object with the server lines and, per relationship,
 * the figures of the text status (state, partner state, connection, skew, client service, store
 * availability, binding counts) as fields, the RFC 8156 state codes, the time in state and the engine's queues.
 * Field names are listed in {@code examples/README-SERVER.md}.
 */
public final class StatusJson {

    /** Bindings in the store and how many of them are ACTIVE. */
    public record BindingCounts(long all, long active) {
    }

    private StatusJson() {
    }

    /**
     * Renders the status.
     *
     * @param header the server lines of the text status (DHCP socket, mode)
     * @param failover the failover server, or {@code null} when failover is off
     * @param clock the clock the failover server runs on (for the time in state)
     * @param counts binding counts per relationship, empty when the store cannot say
     */
    public static String render(List<String> header, FailoverServer failover, ClockSource clock,
            Function<String, Optional<BindingCounts>> counts) {
        Json json = new Json().open().openArray("server");
        header.forEach(json::element);
        json.closeArray().openArray("relationships");
        if (failover != null) {
            Instant now = clock.wallTime();
            for (EndpointStatus s : failover.statuses()) {
                relationship(json, s, now, queues(failover, s.relationship()), counts.apply(s.relationship()),
                        metrics(failover, s.relationship()));
            }
        }
        return json.closeArray().close().toString();
    }

    private static void relationship(Json json, EndpointStatus s, Instant now, EndpointQueues q,
            Optional<BindingCounts> counts, RelationshipMetrics m) {
        json.open().field("name", s.relationship()).field("role", s.role().name())
                .field("state", s.state().rfcName()).field("stateCode", s.state().code())
                .field("stateSince", s.stateEnteredAt().toString())
                .field("secondsInState", Math.max(0, Duration.between(s.stateEnteredAt(), now).toSeconds()))
                .field("partnerState", s.partnerState() == null ? null : s.partnerState().rfcName())
                .field("partnerStateCode", s.partnerState() == null ? 0 : s.partnerState().code())
                .field("connected", s.communicationsOk())
                .field("skewMillis", s.skew().toMillis())
                .field("mcltSeconds", s.mclt().toSeconds())
                .field("clientService", s.clientService().name())
                .field("storeAvailable", s.storeAvailable())
                .field("partnerDownSince", s.partnerDownSince() == null ? null : s.partnerDownSince().toString())
                .field("newPrefixesWithheld", s.newPrefixesWithheld())
                .field("newLeasesWithheld", s.newLeasesWithheld());
        counts.ifPresent(c -> json.field("bindings", c.all()).field("activeBindings", c.active()));
        if (m != null) {
            json.number("lastReceivedMillis", m.sinceLastReceived() == null ? null : m.sinceLastReceived().toMillis());
            json.number("skewUncertaintyMillis", m.skewUncertainty() == null ? null : m.skewUncertainty().toMillis());
            json.field("oldestAwaitingAckMillis", m.oldestAwaitingAck().toMillis())
                    .field("updatesAcknowledged", m.updatesAcknowledged()).field("conflicts", m.conflicts())
                    .field("communicationsUp", m.communicationsUp());
        }
        if (q != null) {
            json.openObject("queues").field("bindings", q.bindings()).field("queuedUpdates", q.queuedUpdates())
                    .field("updatesAwaitingAck", q.updatesAwaitingAck()).field("expiryEntries", q.expiryEntries())
                    .close();
        }
        json.close();
    }

    private static RelationshipMetrics metrics(FailoverServer failover, String relationship) {
        try {
            return failover.metrics(relationship);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (IllegalStateException e) {
            return null;
        }
    }

    private static EndpointQueues queues(FailoverServer failover, String relationship) {
        try {
            return failover.queues(relationship);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (IllegalStateException e) {
            return null; // the event loop did not answer in time; the rest still helps
        }
    }
}
