package org.dhcpv6.failover.core.internal.sync;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.dhcpv6.failover.api.Binding;
import org.dhcpv6.failover.api.LeaseStoreException;
import org.dhcpv6.failover.api.Resource;
import org.dhcpv6.failover.core.internal.binding.BindingTable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flags for the partner its leases we stored with a skew estimate now known to be off, those still
 * as stored ({@link TranslatedCopies#sameLease}): the partner keeps the later expiry of the two
 * ({@link TranslatedCopies}). Two signs, both checked on every pump and free until one shows: the
 * first round trip to bound the estimate finds it in doubt (for the copies stored before it), or
 * the estimate moved away from the one that translated them.
 */
final class CopyResender {

    private static final Logger LOG = LoggerFactory.getLogger(CopyResender.class);

    private final String name;
    private final BindingTable table;
    private final BindingReceiver receiver;

    CopyResender(String name, BindingTable table, BindingReceiver receiver) {
        this.name = name;
        this.table = table;
        this.receiver = receiver;
    }

    /** Flags the copies to send back now; returns their resources, in order, to queue. */
    List<Resource> flagMistranslated(TimeTranslator times) {
        if (!receiver.holdsTranslatedCopies()) {
            // The usual case, checked on every pump: no skew to compute.
            return List.of();
        }
        Duration currentSkew = times.partnerAhead();
        List<Resource> flagged = new ArrayList<>(0);
        int unbounded = sendBack(receiver.takeUnboundedCopies(times), flagged);
        int moved = sendBack(receiver.takeMistranslatedCopies(currentSkew), flagged);
        if (unbounded > 0) {
            LOG.info("{}: first round trip shows the skew estimate in doubt; sending back {} partner leases "
                    + "stored before it", name, unbounded);
        }
        if (moved > 0) {
            LOG.info("{}: skew estimate now {} ms; sending back {} partner leases translated with another",
                    name, currentSkew.toMillis(), moved);
        }
        return flagged;
    }

    /** Flags each of {@code copies} still as stored and adds it to {@code flagged}; returns how many. */
    private int sendBack(List<Binding> copies, List<Resource> flagged) {
        int count = 0;
        for (Binding stored : copies) {
            try (BindingTable.Locked lock = table.lock(stored.resource())) {
                Binding current = table.get(stored.resource());
                if (TranslatedCopies.sameLease(stored, current)) {
                    if (!current.partnerUpdatePending()) {
                        table.commit(current.withPartnerUpdatePending(true));
                    }
                    flagged.add(current.resource());
                    count++;
                }
            } catch (LeaseStoreException e) {
                LOG.error("{}: could not flag {} for the partner: {}", name, stored.resource(), e.getMessage());
            }
        }
        return count;
    }
}
