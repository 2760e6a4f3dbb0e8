package org.dhcpv6.failover.core.internal.engine;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.dhcpv6.failover.api.RelationshipMetrics;
import org.dhcpv6.failover.core.internal.binding.PoolTally;
import org.dhcpv6.failover.core.internal.metrics.EndpointCounters;

/** Puts an endpoint's snapshot, counters and queue figures together as {@link RelationshipMetrics}. */
final class EndpointMetrics {

    private EndpointMetrics() {
    }

    static RelationshipMetrics of(EndpointSnapshot s, EndpointCounters c, Now now, Optional<Duration> uncertainty,
            int queued, int awaitingAck, Duration oldestAwaitingAck, List<PoolTally.Balance> pools) {
        Duration inState = Duration.between(s.stateEnteredAt(), now.wall());
        Map<Integer, Long> rejected = c.rejectedByStatus();
        Map<Integer, Long> refused = c.refusedByStatus();
        long conflicts = rejected.values().stream().mapToLong(Long::longValue).sum()
                + refused.values().stream().mapToLong(Long::longValue).sum();
        return new RelationshipMetrics(s.relationship(), s.state(), s.partnerState(),
                inState.isNegative() ? Duration.ZERO : inState, s.communicationsOk(),
                c.sinceLastReceived(now.nanos()), s.skew(), uncertainty.orElse(null), c.sentByType(),
                c.receivedByType(), c.acknowledged(), rejected, refused, queued, awaitingAck, oldestAwaitingAck,
                c.communicationsUpCount(), c.connectionLosses(), c.stateChangeCount(), conflicts, c.decisions(),
                c.commitLatency(), c.commitLatencyTotal(), s.storeAvailable(), pools.stream()
                        .map(b -> new RelationshipMetrics.PoolBalance(b.pool(), b.free(), b.freeBackup())).toList());
    }
}
