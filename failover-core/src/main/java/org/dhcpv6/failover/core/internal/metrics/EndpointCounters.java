package org.dhcpv6.failover.core.internal.metrics;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import org.dhcpv6.failover.api.LeaseDecision;
import org.dhcpv6.failover.api.RelationshipMetrics;
import org.dhcpv6.failover.core.internal.wire.ContainerOption;
import org.dhcpv6.failover.core.internal.wire.FailoverMessage;
import org.dhcpv6.failover.core.internal.wire.MessageType;
import org.dhcpv6.failover.core.internal.wire.Option;
import org.dhcpv6.failover.core.internal.wire.StatusCodeOption;

/**
 * The counters of one endpoint. The event loop records messages, connection losses and listener
 * events; host threads record hook decisions and commit times. Any thread may read.
 *
 * <p>The host threads' counters are atomic arrays, not {@link LongAdder}s: an adder's first
 * contended add (a receive thread and the store's flusher, at some moment under load) makes the
 * JIT compiler throw away every compiled caller that inlined the uncontended path, the whole
 * lease path with it. One atomic add per decision costs less than that recompilation.
 */
public final class EndpointCounters {

    private static final int TYPES = 36;
    private static final long[] LATENCY_BOUNDS_NANOS = RelationshipMetrics.COMMIT_LATENCY_BOUNDS.stream()
            .mapToLong(Duration::toNanos).toArray();

    private final AtomicLongArray sent = new AtomicLongArray(TYPES);
    private final AtomicLongArray received = new AtomicLongArray(TYPES);
    private final LongAdder acknowledged = new LongAdder();
    private final Map<Integer, LongAdder> rejected = new ConcurrentHashMap<>();
    private final Map<Integer, LongAdder> refused = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> losses = new ConcurrentHashMap<>();
    private final LongAdder communicationsUp = new LongAdder();
    private final LongAdder stateChanges = new LongAdder();
    private final AtomicLongArray decisions = new AtomicLongArray(LeaseDecision.Outcome.values().length);
    private final AtomicLongArray latency = new AtomicLongArray(LATENCY_BOUNDS_NANOS.length + 1);
    private final AtomicLong latencyTotalNanos = new AtomicLong();
    private volatile long lastReceivedNanos;
    private volatile boolean anyReceived;

    /** A message went to the partner; our BNDREPLYs are also sorted by what they refused. */
    public void sent(FailoverMessage message) {
        sent.incrementAndGet(message.type().code());
        if (message.type() == MessageType.BNDREPLY) {
            int status = firstRefusal(message.options());
            if (status != 0) {
                count(refused, status);
            }
        }
    }

    /**
     * A message of {@code type} went to the partner already encoded: counted as {@link #sent}
     * counts it. Never a BNDREPLY, whose refusals are counted from its options.
     */
    public void sent(MessageType type) {
        if (type == MessageType.BNDREPLY) {
            throw new IllegalArgumentException("a BNDREPLY is counted with its options");
        }
        sent.incrementAndGet(type.code());
    }

    /** A message came from the partner at {@code monotonicNanos}; BNDREPLYs are sorted too. */
    public void received(FailoverMessage message, long monotonicNanos) {
        received.incrementAndGet(message.type().code());
        lastReceivedNanos = monotonicNanos;
        anyReceived = true;
        if (message.type() == MessageType.BNDREPLY) {
            int status = firstRefusal(message.options());
            if (status == 0) {
                acknowledged.increment();
            } else {
                count(rejected, status);
            }
        }
    }

    /** A connection was lost or refused; {@code reason} is one of a small fixed set of keys. */
    public void connectionLost(String reason) {
        losses.computeIfAbsent(reason, k -> new LongAdder()).increment();
    }

    /** Communications became OK. */
    public void communicationsUp() {
        communicationsUp.increment();
    }

    /** The endpoint changed state. */
    public void stateChanged() {
        stateChanges.increment();
    }

    /** A hook decision was returned to the host. */
    public void decided(LeaseDecision.Outcome outcome) {
        decisions.incrementAndGet(outcome.ordinal());
    }

    /** A hook's commit to the table and store took {@code nanos}. */
    public void committed(long nanos) {
        int bucket = 0;
        while (bucket < LATENCY_BOUNDS_NANOS.length && nanos > LATENCY_BOUNDS_NANOS[bucket]) {
            bucket++;
        }
        latency.incrementAndGet(bucket);
        latencyTotalNanos.addAndGet(Math.max(0, nanos));
    }

    /** Messages sent, by RFC name (only types sent at least once). */
    public Map<String, Long> sentByType() {
        return byType(sent);
    }

    /** Messages received, by RFC name. */
    public Map<String, Long> receivedByType() {
        return byType(received);
    }

    /** BNDREPLYs received that refused nothing. */
    public long acknowledged() {
        return acknowledged.sum();
    }

    /** BNDREPLYs received that refused something, by status code. */
    public Map<Integer, Long> rejectedByStatus() {
        return sums(rejected);
    }

    /** BNDREPLYs we sent that refused something, by status code. */
    public Map<Integer, Long> refusedByStatus() {
        return sums(refused);
    }

    /** Connections lost, by reason key. */
    public Map<String, Long> connectionLosses() {
        return sums(losses);
    }

    /** How often communications became OK. */
    public long communicationsUpCount() {
        return communicationsUp.sum();
    }

    /** State transitions. */
    public long stateChangeCount() {
        return stateChanges.sum();
    }

    /** Hook decisions by outcome (only outcomes seen). */
    public Map<LeaseDecision.Outcome, Long> decisions() {
        Map<LeaseDecision.Outcome, Long> out = new EnumMap<>(LeaseDecision.Outcome.class);
        for (LeaseDecision.Outcome o : LeaseDecision.Outcome.values()) {
            long n = decisions.get(o.ordinal());
            if (n > 0) {
                out.put(o, n);
            }
        }
        return out;
    }

    /** Commit counts per latency bucket ({@link RelationshipMetrics#COMMIT_LATENCY_BOUNDS} plus one). */
    public List<Long> commitLatency() {
        Long[] out = new Long[latency.length()];
        for (int i = 0; i < out.length; i++) {
            out[i] = latency.get(i);
        }
        return List.of(out);
    }

    /** The time all counted commits took. */
    public Duration commitLatencyTotal() {
        return Duration.ofNanos(latencyTotalNanos.get());
    }

    /** How long since the last message from the partner, or null if none came. */
    public Duration sinceLastReceived(long nowNanos) {
        return anyReceived ? Duration.ofNanos(Math.max(0, nowNanos - lastReceivedNanos)) : null;
    }

    /**
     * The first non-success status code in a BNDREPLY's options, at any level (RFC 8156 §7.6: a
     * status at the top refuses everything, inside an IA that IA, inside a lease that lease), or 0.
     */
    static int firstRefusal(List<Option> options) {
        for (int i = 0, n = options.size(); i < n; i++) {
            Option o = options.get(i);
            if (o instanceof StatusCodeOption s && s.statusCode() != 0) {
                return s.statusCode();
            }
            if (o instanceof ContainerOption c) {
                int inner = firstRefusal(c.options());
                if (inner != 0) {
                    return inner;
                }
            }
        }
        return 0;
    }

    private static void count(Map<Integer, LongAdder> map, int key) {
        map.computeIfAbsent(key, k -> new LongAdder()).increment();
    }

    private static <K extends Comparable<K>> Map<K, Long> sums(Map<K, LongAdder> map) {
        Map<K, Long> out = new TreeMap<>();
        map.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    private static Map<String, Long> byType(AtomicLongArray counts) {
        Map<String, Long> out = new TreeMap<>();
        for (int code = 0; code < TYPES; code++) {
            long n = counts.get(code);
            if (n > 0) {
                String name = MessageType.fromCode(code).map(MessageType::rfcName).orElse("type " + code);
                out.put(name, n);
            }
        }
        return out;
    }
}
