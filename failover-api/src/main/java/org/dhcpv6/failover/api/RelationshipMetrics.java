package org.dhcpv6.failover.api;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A snapshot of one relationship's health and counters, for monitoring (a Prometheus endpoint, a
 * status page). Counters start at zero when the server starts and only grow; gauges describe the
 * moment the snapshot was taken. Maps hold only the keys that were counted at least once.
 *
 * @param relationship the relationship name
 * @param state this server's state (RFC 8156 code: {@link ServerState#code()})
 * @param partnerState the partner's last reported state, or null if never heard
 * @param timeInState how long ago the state was entered, by this server's wall clock
 * @param connected whether communications are OK (the partner's STATE came on the current connection)
 * @param sinceLastReceived how long since the last message from the partner, or null if none came
 *        since the server started
 * @param skew the partner's clock minus ours, as estimated
 * @param skewUncertainty how far the skew may lie above the estimate, as round trips bound it, or
 *        null while no round trip bounds it
 * @param messagesSent failover messages sent, by RFC name ({@code BNDUPD}, {@code CONTACT}, ...)
 * @param messagesReceived failover messages received, by RFC name
 * @param updatesAcknowledged BNDREPLYs received that refused nothing
 * @param updatesRejected BNDREPLYs received that refused something, by the first non-success
 *        status code (16 AddressInUse, 17 ConfigurationConflict, 18 MissingBindingInformation,
 *        19 OutdatedBindingInformation, ...)
 * @param updatesRefused BNDREPLYs we sent that refused something, by the same rule
 * @param updatesQueued resources waiting to be sent to the partner
 * @param updatesAwaitingAck BNDUPDs sent and not yet answered
 * @param oldestAwaitingAck how long the partner has made no progress answering them (zero when
 *        nothing is outstanding)
 * @param communicationsUp how often communications became OK (the first time and every reconnect)
 * @param connectionLosses connections lost or refused, by reason ({@code keepalive_timeout},
 *        {@code ack_timeout}, {@code connect_failed}, {@code connect_rejected},
 *        {@code disconnect_received}, {@code transport_closed}, {@code skew_strict},
 *        {@code message_error}, {@code protocol}, {@code replaced})
 * @param stateChanges state transitions of this server
 * @param conflicts binding updates refused by either side (each a conflict the table of RFC 8156
 *        §7.5.4 resolved)
 * @param hookDecisions the host hooks' decisions, by outcome: grants, records, refusals by reason
 *        and commit failures ({@link LeaseDecision.Outcome#NOT_COMMITTED})
 * @param commitLatency how many binding commits of the hooks took at most each bound of
 *        {@link #COMMIT_LATENCY_BOUNDS} (not cumulative; the last entry counts the slower ones)
 * @param commitLatencyTotal the time all those commits took together
 * @param storeAvailable false while the lease store fails writes (the server then answers no
 *        client and keeps the partner away until a probe write works)
 * @param poolBalance per prefix pool, in configuration order, how many prefixes are free on
 *        either side (RFC 8156 §4.2.2: FREE, the primary's, counting prefixes never bound, and
 *        FREE-BACKUP, the secondary's), as this server's binding table holds them
 */
public record RelationshipMetrics(
        String relationship,
        ServerState state,
        ServerState partnerState,
        Duration timeInState,
        boolean connected,
        Duration sinceLastReceived,
        Duration skew,
        Duration skewUncertainty,
        Map<String, Long> messagesSent,
        Map<String, Long> messagesReceived,
        long updatesAcknowledged,
        Map<Integer, Long> updatesRejected,
        Map<Integer, Long> updatesRefused,
        long updatesQueued,
        long updatesAwaitingAck,
        Duration oldestAwaitingAck,
        long communicationsUp,
        Map<String, Long> connectionLosses,
        long stateChanges,
        long conflicts,
        Map<LeaseDecision.Outcome, Long> hookDecisions,
        List<Long> commitLatency,
        Duration commitLatencyTotal,
        boolean storeAvailable,
        List<PoolBalance> poolBalance) {

    /** Upper bounds of the commit latency buckets; one more bucket counts everything slower. */
    public static final List<Duration> COMMIT_LATENCY_BOUNDS = List.of(Duration.ofNanos(100_000),
            Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(25), Duration.ofMillis(100),
            Duration.ofSeconds(1));

    /** Checks the required parts and copies the collections. */
    public RelationshipMetrics {
        Objects.requireNonNull(relationship, "relationship");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(timeInState, "timeInState");
        Objects.requireNonNull(skew, "skew");
        Objects.requireNonNull(oldestAwaitingAck, "oldestAwaitingAck");
        Objects.requireNonNull(commitLatencyTotal, "commitLatencyTotal");
        messagesSent = Map.copyOf(messagesSent);
        messagesReceived = Map.copyOf(messagesReceived);
        updatesRejected = Map.copyOf(updatesRejected);
        updatesRefused = Map.copyOf(updatesRefused);
        connectionLosses = Map.copyOf(connectionLosses);
        hookDecisions = Map.copyOf(hookDecisions);
        commitLatency = List.copyOf(commitLatency);
        poolBalance = List.copyOf(poolBalance);
        if (commitLatency.size() != COMMIT_LATENCY_BOUNDS.size() + 1) {
            throw new IllegalArgumentException("commitLatency needs " + (COMMIT_LATENCY_BOUNDS.size() + 1)
                    + " buckets, not " + commitLatency.size());
        }
    }

    /**
     * Free prefixes of one prefix pool on either side.
     *
     * @param pool the pool
     * @param free prefixes FREE (the primary's to delegate), including those never bound
     * @param freeBackup prefixes FREE-BACKUP (the secondary's to delegate)
     */
    public record PoolBalance(PrefixPool pool, long free, long freeBackup) {

        /** Checks the pool is given. */
        public PoolBalance {
            Objects.requireNonNull(pool, "pool");
        }
    }

    /** The number of hook decisions with this outcome. */
    public long decisions(LeaseDecision.Outcome outcome) {
        return hookDecisions.getOrDefault(outcome, 0L);
    }

    /** The number of failover messages of this type (RFC name) sent. */
    public long sent(String messageType) {
        return messagesSent.getOrDefault(messageType, 0L);
    }

    /** The number of failover messages of this type (RFC name) received. */
    public long received(String messageType) {
        return messagesReceived.getOrDefault(messageType, 0L);
    }
}
