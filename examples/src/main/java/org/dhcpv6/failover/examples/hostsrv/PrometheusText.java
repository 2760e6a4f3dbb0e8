package org.dhcpv6.failover.examples.hostsrv;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import org.dhcpv6.failover.api.LeaseDecision;
import org.dhcpv6.failover.api.PrefixPool;
import org.dhcpv6.failover.api.RelationshipMetrics;

/**
 * Writes {@link RelationshipMetrics} in the Prometheus text exposition format (version 0.0.4).
 * Every metric has the label {@code relationship}; the names are listed in
 * {@code examples/README-SERVER.md}.
 */
public final class PrometheusText {

    private static final String P = "dhcpv6_failover_";

    private final StringBuilder out = new StringBuilder(4096);

    private PrometheusText() {
    }

    /**
     * The exposition of every relationship's metrics, with binding counts where the store gives them.
     */
    public static String render(List<RelationshipMetrics> all,
            Function<String, Optional<StatusJson.BindingCounts>> counts) {
        PrometheusText t = new PrometheusText();
        t.gauge("state", "This server's state, RFC 8156 code (1 STARTUP, 2 NORMAL, 3 COMMUNICATIONS-INTERRUPTED,"
                + " 4 PARTNER-DOWN, 5 POTENTIAL-CONFLICT, 6 RECOVER, 7 RECOVER-WAIT, 8 RECOVER-DONE,"
                + " 9 RESOLUTION-INTERRUPTED, 10 CONFLICT-DONE).", all, m -> (double) m.state().code());
        t.gauge("partner_state", "The partner's last reported state, RFC 8156 code, 0 if never heard.", all,
                m -> (double) (m.partnerState() == null ? 0 : m.partnerState().code()));
        t.gauge("state_seconds", "Seconds since this server entered its state.", all, m -> seconds(m.timeInState()));
        t.gauge("connected", "1 when communications with the partner are OK.", all, m -> m.connected() ? 1.0 : 0.0);
        t.gauge("store_available", "1 while the lease store takes writes; 0 while it fails them (no client answered,"
                + " the partner kept away).", all, m -> m.storeAvailable() ? 1.0 : 0.0);
        t.gauge("last_received_seconds", "Seconds since the last message from the partner.", all,
                m -> m.sinceLastReceived() == null ? null : seconds(m.sinceLastReceived()));
        t.gauge("skew_seconds", "The partner's clock minus ours, as estimated.", all, m -> seconds(m.skew()));
        t.gauge("skew_uncertainty_seconds", "How far the skew may lie above the estimate, as round trips bound it.",
                all, m -> m.skewUncertainty() == null ? null : seconds(m.skewUncertainty()));
        t.labelled("messages_sent_total", "counter", "Failover messages sent, by type.", all, "type",
                RelationshipMetrics::messagesSent);
        t.labelled("messages_received_total", "counter", "Failover messages received, by type.", all, "type",
                RelationshipMetrics::messagesReceived);
        t.gauge("bndupd_acknowledged_total", "counter", "BNDREPLYs received that refused nothing.", all,
                m -> (double) m.updatesAcknowledged());
        t.labelled("bndupd_rejected_total", "counter", "BNDREPLYs received that refused something, by status code.",
                all, "status", RelationshipMetrics::updatesRejected);
        t.labelled("bndupd_refused_total", "counter", "BNDREPLYs we sent that refused something, by status code.",
                all, "status", RelationshipMetrics::updatesRefused);
        t.gauge("conflicts_total", "counter", "Binding updates refused by either side.", all,
                m -> (double) m.conflicts());
        t.gauge("updates_queued", "Resources waiting to be sent to the partner.", all,
                m -> (double) m.updatesQueued());
        t.gauge("updates_awaiting_ack", "BNDUPDs sent and not yet answered.", all,
                m -> (double) m.updatesAwaitingAck());
        t.gauge("oldest_awaiting_ack_seconds", "Seconds the partner has made no progress answering BNDUPDs.", all,
                m -> seconds(m.oldestAwaitingAck()));
        t.gauge("communications_up_total", "counter", "How often communications became OK (first time and reconnects).",
                all, m -> (double) m.communicationsUp());
        t.labelled("connection_losses_total", "counter", "Connections lost or refused, by reason.", all, "reason",
                RelationshipMetrics::connectionLosses);
        t.gauge("state_changes_total", "counter", "State transitions of this server.", all,
                m -> (double) m.stateChanges());
        t.labelled("hook_decisions_total", "counter", "Lease hook decisions, by outcome (NOT_COMMITTED: commit failed).",
                all, "outcome", m -> outcomes(m.hookDecisions()));
        t.commitHistogram(all);
        t.labelled("pool_free", "gauge", "Prefixes of a prefix pool free for the primary (FREE, counting never bound).",
                all, "pool", m -> pools(m, RelationshipMetrics.PoolBalance::free));
        t.labelled("pool_free_backup", "gauge", "Prefixes of a prefix pool free for the secondary (FREE-BACKUP).", all,
                "pool", m -> pools(m, RelationshipMetrics.PoolBalance::freeBackup));
        t.gauge("bindings", "Bindings in the lease store.", all,
                m -> counts.apply(m.relationship()).map(c -> (double) c.all()).orElse(null));
        t.gauge("bindings_active", "ACTIVE bindings in the lease store.", all,
                m -> counts.apply(m.relationship()).map(c -> (double) c.active()).orElse(null));
        return t.out.toString();
    }

    private static Map<String, Long> outcomes(Map<LeaseDecision.Outcome, Long> decisions) {
        Map<String, Long> out = new java.util.TreeMap<>();
        decisions.forEach((k, v) -> out.put(k.name(), v));
        return out;
    }

    /** A pool's label: the {@code pool.prefixes} notation, {@code 2001:db8:100::/48=56}. */
    public static String poolLabel(PrefixPool pool) {
        return pool.delegable() + "=" + pool.delegatedLength();
    }

    private static Map<String, Long> pools(RelationshipMetrics m, ToLongFunction<RelationshipMetrics.PoolBalance> v) {
        Map<String, Long> out = new java.util.LinkedHashMap<>();
        m.poolBalance().forEach(b -> out.put(poolLabel(b.pool()), v.applyAsLong(b)));
        return out;
    }

    private static Double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }

    private void gauge(String name, String help, List<RelationshipMetrics> all, Function<RelationshipMetrics, Double> v) {
        gauge(name, "gauge", help, all, v);
    }

    private void gauge(String name, String type, String help, List<RelationshipMetrics> all,
            Function<RelationshipMetrics, Double> v) {
        header(name, type, help);
        for (RelationshipMetrics m : all) {
            Double value = v.apply(m);
            if (value != null) {
                sample(name, label(m) + "}", value);
            }
        }
    }

    private <K> void labelled(String name, String type, String help, List<RelationshipMetrics> all, String key,
            Function<RelationshipMetrics, Map<K, Long>> values) {
        header(name, type, help);
        for (RelationshipMetrics m : all) {
            values.apply(m).forEach((k, v) -> sample(name, label(m) + "," + key + "=\"" + escape(String.valueOf(k))
                    + "\"}", v.doubleValue()));
        }
    }

    private void commitHistogram(List<RelationshipMetrics> all) {
        String name = "commit_seconds";
        header(name, "histogram", "Time a lease hook took to commit a binding to the table and store.");
        for (RelationshipMetrics m : all) {
            long cumulative = 0;
            List<Duration> bounds = RelationshipMetrics.COMMIT_LATENCY_BOUNDS;
            for (int i = 0; i <= bounds.size(); i++) {
                cumulative += m.commitLatency().get(i);
                String le = i < bounds.size() ? number(seconds(bounds.get(i))) : "+Inf";
                sample(name + "_bucket", label(m) + ",le=\"" + le + "\"}", cumulative);
            }
            sample(name + "_sum", label(m) + "}", seconds(m.commitLatencyTotal()));
            sample(name + "_count", label(m) + "}", cumulative);
        }
    }

    private void header(String name, String type, String help) {
        out.append("# HELP ").append(P).append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(P).append(name).append(' ').append(type).append('\n');
    }

    private void sample(String name, String labels, double value) {
        out.append(P).append(name).append(labels).append(' ').append(number(value)).append('\n');
    }

    private static String label(RelationshipMetrics m) {
        return "{relationship=\"" + escape(m.relationship()) + "\"";
    }

    private static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, "%.9g", v).replaceAll("0+$", "").replaceAll("\\.$", "");
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
