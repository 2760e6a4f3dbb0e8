package org.dhcpv6.failover.examples.micrometer;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;
import org.dhcpv6.failover.api.RelationshipMetrics;
import org.dhcpv6.failover.core.runtime.FailoverServer;
import org.dhcpv6.failover.examples.hostsrv.PrometheusText;

/**
 * Binds the {@link RelationshipMetrics} of every relationship of a {@link FailoverServer} to a
 * Micrometer registry, under the names and tags of the example server's Prometheus endpoint
 * (examples/README-SERVER.md) written the Micrometer way: {@code dhcpv6_failover_state} is
 * {@code dhcpv6.failover.state}, a counter {@code dhcpv6_failover_conflicts_total} is the function
 * counter {@code dhcpv6.failover.conflicts}, and the commit histogram is the function timer
 * {@code dhcpv6.failover.commit} (its count and total time; Micrometer takes no ready-made buckets).
 * Every meter has the tag {@code relationship}.
 *
 * <p>A scrape reads dozens of meters, and each metrics snapshot is a round trip to the failover
 * event loop, so each relationship keeps its last snapshot and takes a new one only when the kept
 * one is older than {@code maxAge}. Per-key families (messages by type, refusals by status,
 * connection losses by reason, hook decisions by outcome) get a meter for a key once the key has
 * been counted, as the Prometheus endpoint shows them; each prefix pool gets its two balance gauges
 * (tag {@code pool}, as {@code 2001:db8:100::/48=56}) with the first snapshot. When the event loop does not answer, the
 * gauges read NaN until it does and the counters keep their last values.
 */
public final class FailoverMetricsBinder implements MeterBinder {

    /** How old a kept snapshot may be before a meter read takes a new one, unless told otherwise. */
    public static final Duration DEFAULT_MAX_AGE = Duration.ofSeconds(1);

    private final FailoverServer failover;
    private final Duration maxAge;

    /** A binder that takes a new snapshot at most once per {@link #DEFAULT_MAX_AGE}. */
    public FailoverMetricsBinder(FailoverServer failover) {
        this(failover, DEFAULT_MAX_AGE);
    }

    /**
     * A binder that takes a new snapshot when the kept one is older than {@code maxAge} (zero: on
     * every meter read).
     */
    public FailoverMetricsBinder(FailoverServer failover, Duration maxAge) {
        this.failover = Objects.requireNonNull(failover, "failover");
        this.maxAge = Objects.requireNonNull(maxAge, "maxAge");
        if (maxAge.isNegative()) {
            throw new IllegalArgumentException("maxAge must not be negative: " + maxAge);
        }
    }

    /** Registers the meters of every relationship the server has now. */
    @Override
    public void bindTo(MeterRegistry registry) {
        for (String relationship : failover.relationships()) {
            RelationshipMeters meters = new RelationshipMeters(
                    new CachedMetrics(() -> failover.metrics(relationship), maxAge.toNanos()), registry, relationship);
            meters.bind();
        }
    }

    /** The meters of one relationship, over one kept snapshot. */
    private static final class RelationshipMeters {

        private static final String P = "dhcpv6.failover.";

        private final CachedMetrics cache;
        private final MeterRegistry registry;
        private final String relationship;
        /** Family and key of every per-key meter registered (Micrometer warns about a second registration). */
        private final Set<String> keysBound = new HashSet<>();

        RelationshipMeters(CachedMetrics cache, MeterRegistry registry, String relationship) {
            this.cache = cache;
            this.registry = registry;
            this.relationship = relationship;
        }

        void bind() {
            gauge("state", "This server's state, RFC 8156 code.", null, m -> m.state().code());
            gauge("partner.state", "The partner's last reported state, RFC 8156 code, 0 if never heard.", null,
                    m -> m.partnerState() == null ? 0 : m.partnerState().code());
            gauge("state.seconds", "Seconds since this server entered its state.", "seconds",
                    m -> seconds(m.timeInState()));
            gauge("connected", "1 when communications with the partner are OK.", null, m -> m.connected() ? 1 : 0);
            gauge("store.available", "1 while the lease store takes writes; 0 while it fails them.", null,
                    m -> m.storeAvailable() ? 1 : 0);
            gauge("last.received.seconds", "Seconds since the last message from the partner.", "seconds",
                    m -> m.sinceLastReceived() == null ? Double.NaN : seconds(m.sinceLastReceived()));
            gauge("skew.seconds", "The partner's clock minus ours, as estimated.", "seconds", m -> seconds(m.skew()));
            gauge("skew.uncertainty.seconds", "How far the skew may lie above the estimate.", "seconds",
                    m -> m.skewUncertainty() == null ? Double.NaN : seconds(m.skewUncertainty()));
            gauge("updates.queued", "Resources waiting to be sent to the partner.", null, m -> m.updatesQueued());
            gauge("updates.awaiting.ack", "BNDUPDs sent and not yet answered.", null, m -> m.updatesAwaitingAck());
            gauge("oldest.awaiting.ack.seconds", "Seconds the partner has made no progress answering BNDUPDs.",
                    "seconds", m -> seconds(m.oldestAwaitingAck()));
            counter("bndupd.acknowledged", "BNDREPLYs received that refused nothing.", null, null,
                    m -> m.updatesAcknowledged());
            counter("conflicts", "Binding updates refused by either side.", null, null, m -> m.conflicts());
            counter("communications.up", "How often communications became OK (first time and reconnects).", null,
                    null, m -> m.communicationsUp());
            counter("state.changes", "State transitions of this server.", null, null, m -> m.stateChanges());
            FunctionTimer.builder(P + "commit", cache, c -> (long) orZero(c.last(), RelationshipMeters::commits),
                    c -> orZero(c.last(), m -> m.commitLatencyTotal().toNanos()), TimeUnit.NANOSECONDS)
                    .description("Time a lease hook took to commit a binding to the table and store.")
                    .tag("relationship", relationship).register(registry);
            cache.onRefresh(this::bindKeys);
            cache.get();
        }

        /** Gives every key counted for the first time its meter; runs under the cache's lock. */
        private void bindKeys(RelationshipMetrics m) {
            keyed("messages.sent", "Failover messages sent, by type.", "type", m.messagesSent(),
                    RelationshipMetrics::messagesSent);
            keyed("messages.received", "Failover messages received, by type.", "type", m.messagesReceived(),
                    RelationshipMetrics::messagesReceived);
            keyed("bndupd.rejected", "BNDREPLYs received that refused something, by status code.", "status",
                    m.updatesRejected(), RelationshipMetrics::updatesRejected);
            keyed("bndupd.refused", "BNDREPLYs we sent that refused something, by status code.", "status",
                    m.updatesRefused(), RelationshipMetrics::updatesRefused);
            keyed("connection.losses", "Connections lost or refused, by reason.", "reason", m.connectionLosses(),
                    RelationshipMetrics::connectionLosses);
            for (RelationshipMetrics.PoolBalance b : m.poolBalance()) {
                String pool = PrometheusText.poolLabel(b.pool());
                if (keysBound.add("pool\0" + pool)) {
                    poolGauge("pool.free", "Prefixes of a prefix pool free for the primary (FREE).", pool,
                            RelationshipMetrics.PoolBalance::free);
                    poolGauge("pool.free.backup", "Prefixes of a prefix pool free for the secondary (FREE-BACKUP).",
                            pool, RelationshipMetrics.PoolBalance::freeBackup);
                }
            }
            keyed("hook.decisions", "Lease hook decisions, by outcome (NOT_COMMITTED: commit failed).", "outcome",
                    m.hookDecisions(), RelationshipMetrics::hookDecisions);
        }

        private <K> void keyed(String name, String help, String tag, Map<K, Long> now,
                Function<RelationshipMetrics, Map<K, Long>> family) {
            for (K key : now.keySet()) {
                if (!keysBound.add(name + '\0' + key)) {
                    continue;
                }
                counter(name, help, tag, String.valueOf(key), m -> family.apply(m).getOrDefault(key, 0L));
            }
        }

        private void poolGauge(String name, String help, String pool, ToLongFunction<RelationshipMetrics.PoolBalance> v) {
            Gauge.builder(P + name, cache, c -> {
                RelationshipMetrics m = c.fresh();
                return m == null ? Double.NaN : m.poolBalance().stream()
                        .filter(b -> PrometheusText.poolLabel(b.pool()).equals(pool))
                        .mapToDouble(v::applyAsLong).findFirst().orElse(Double.NaN);
            }).description(help).tag("relationship", relationship).tag("pool", pool).strongReference(true)
                    .register(registry);
        }

        private void gauge(String name, String help, String unit, ToDoubleFunction<RelationshipMetrics> value) {
            Gauge.builder(P + name, cache, c -> {
                RelationshipMetrics m = c.fresh();
                return m == null ? Double.NaN : value.applyAsDouble(m);
            })
                    .description(help).baseUnit(unit).tag("relationship", relationship).strongReference(true)
                    .register(registry);
        }

        private void counter(String name, String help, String tag, String key,
                ToDoubleFunction<RelationshipMetrics> value) {
            FunctionCounter.Builder<CachedMetrics> b = FunctionCounter.builder(P + name, cache,
                    c -> orZero(c.last(), value))
                    .description(help).tag("relationship", relationship);
            if (tag != null) {
                b.tag(tag, key);
            }
            b.register(registry);
        }

        private static double commits(RelationshipMetrics m) {
            return m.commitLatency().stream().mapToLong(Long::longValue).sum();
        }

        private static double orZero(RelationshipMetrics m, ToDoubleFunction<RelationshipMetrics> value) {
            return m == null ? 0 : value.applyAsDouble(m);
        }

        private static double seconds(Duration d) {
            return d.toNanos() / 1e9;
        }
    }
}
