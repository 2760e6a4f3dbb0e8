package org.dhcpv6.failover.core.internal.sync;

import java.time.Duration;
import java.time.Instant;
import org.dhcpv6.failover.api.Binding;
import org.dhcpv6.failover.api.BindingStatus;
import org.dhcpv6.failover.api.FailoverListener;
import org.dhcpv6.failover.api.LeaseStoreException;
import org.dhcpv6.failover.api.Resource;
import org.dhcpv6.failover.core.internal.binding.BindingTable;
import org.dhcpv6.failover.core.internal.binding.ExpiryQueue;
import org.dhcpv6.failover.core.internal.binding.ReuseRules;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the leases whose time has come (RFC 8156 §7.2): ACTIVE past its end becomes EXPIRED and
 * is reported to the partner; EXPIRED, RELEASED and RESET become free once the partner
 * acknowledged them or, in PARTNER-DOWN, once MCLT has passed since they entered that status.
 */
public final class ExpiryProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(ExpiryProcessor.class);

    private final String name;
    private final BindingTable table;
    private final ExpiryQueue queue;
    private final FailoverListener listener;
    private final PartnerSync sync;

    /** A processor for one endpoint's table. */
    public ExpiryProcessor(String name, BindingTable table, ExpiryQueue queue, FailoverListener listener,
            PartnerSync sync) {
        this.name = name;
        this.table = table;
        this.queue = queue;
        this.listener = listener;
        this.sync = sync;
    }

    /** Queues every binding that will need attention, at startup. */
    public void scheduleAll(Duration mclt) {
        table.forEach(b -> {
            if (b.status() == BindingStatus.ACTIVE) {
                queue.add(b.resource(), b.stateExpirationTime());
            } else if (endedStatus(b.status())) {
                queue.add(b.resource(), b.startTimeOfState().plus(mclt));
            }
        });
    }

    /** Handles everything due at {@code now}. */
    public void run(Instant now, Instant partnerDownSince, Duration mclt) {
        for (Resource r : queue.takeDue(now)) {
            try (BindingTable.Locked lock = table.lock(r)) {
                Binding b = table.get(r);
                if (b == null) {
                    continue;
                }
                if (b.status() == BindingStatus.ACTIVE && b.stateExpirationTime() != null
                        && !now.isBefore(b.stateExpirationTime())) {
                    // Dated when the lease ended, not when we noticed: a late look would make our
                    // expiry newer than the partner's renewal made meanwhile (docs/decisions/0011).
                    Binding expired = b.withStatus(BindingStatus.EXPIRED, b.stateExpirationTime(), null)
                            .withPartnerUpdatePending(true);
                    table.commit(expired);
                    listener.bindingChanged(name, expired);
                    sync.changed(r);
                    queue.add(r, now.plus(mclt));
                } else if (b.status() == BindingStatus.ACTIVE && b.stateExpirationTime() != null) {
                    // Renewed since this look was asked for: the queue keeps only the earliest look.
                    queue.add(r, b.stateExpirationTime());
                } else if (endedStatus(b.status()) && ReuseRules.mayFree(b, partnerDownSince, mclt, now)) {
                    // In PARTNER-DOWN the partner has not heard yet: keep the flag so it learns on return.
                    Binding free = b.withStatus(ReuseRules.freeStatusFor(r), now, null);
                    table.commit(free);
                    listener.bindingChanged(name, free);
                } else if (endedStatus(b.status())) {
                    // Waiting for the partner's ack (which frees it directly) or for the MCLT in PARTNER-DOWN.
                    Instant mcltEnd = partnerDownSince == null ? b.startTimeOfState().plus(mclt)
                            : ReuseRules.partnerDownReuseTime(b, partnerDownSince, mclt);
                    Instant recheck = now.plusSeconds(60);
                    queue.add(r, mcltEnd.isAfter(now) && mcltEnd.isBefore(recheck) ? mcltEnd : recheck);
                }
            } catch (LeaseStoreException e) {
                LOG.error("{}: could not store the expiry of {}: {}", name, r, e.getMessage());
                queue.add(r, now.plusSeconds(5));
            }
        }
    }

    private static boolean endedStatus(BindingStatus s) {
        return s == BindingStatus.EXPIRED || s == BindingStatus.RELEASED || s == BindingStatus.RESET;
    }
}
