package org.dhcpv6.failover.core.internal.sync;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.dhcpv6.failover.api.Binding;
import org.dhcpv6.failover.api.FailoverListener;
import org.dhcpv6.failover.api.LeaseStoreException;
import org.dhcpv6.failover.api.Resource;
import org.dhcpv6.failover.api.Role;
import org.dhcpv6.failover.core.internal.binding.BindingTable;
import org.dhcpv6.failover.core.internal.binding.ExpiryQueue;
import org.dhcpv6.failover.core.internal.binding.StoreFailureLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the partner's answers (BNDREPLY, RFC 8156 §7.7) to our own BNDUPDs: the acknowledged
 * partner lifetime is recorded, an acknowledged end of a lease frees it, and a binding that
 * changed while its BNDUPD was in flight is sent again. Applying the partner's own BNDUPDs is
 * {@link BindingReceiver}'s.
 */
final class OwnUpdateAcks {

    private static final Logger LOG = LoggerFactory.getLogger(OwnUpdateAcks.class);
    private final StoreFailureLog failures = new StoreFailureLog(LOG, "store the partner's acknowledgement of");

    private final String name;
    private final Role role;
    private final BindingTable table;
    private final ExpiryQueue expiries;
    private final FailoverListener listener;

    OwnUpdateAcks(String name, Role role, BindingTable table, ExpiryQueue expiries, FailoverListener listener) {
        this.name = name;
        this.role = role;
        this.table = table;
        this.expiries = expiries;
        this.listener = listener;
    }

    /**
     * Applies one acknowledgement of our BNDUPD of {@code sent}. Returns the resource if it must be
     * sent again now (it changed here while the BNDUPD was in flight).
     */
    Optional<Resource> apply(Binding sent, BindingMessages.Ack ack, Instant now) {
        try (BindingTable.Locked lock = table.lock(ack.resource())) {
            Binding current = table.get(ack.resource());
            if (current == null || !ack.accepted()) {
                // A refused one stays flagged; the periodic scan sends it again (no storms).
                return Optional.empty();
            }
            Instant acked = UpdateRule.later(current.ackedPartnerLifetime(), ack.partnerLifetimeSentOrNull());
            boolean unchanged = current.equals(sent);
            if (role == Role.SECONDARY && crossedAndTaken(sent, current)) {
                Binding mine = UpdateRule.freeIfEnded(sent.toBuilder()
                        .expirationTime(UpdateRule.later(sent.expirationTime(), current.expirationTime()))
                        .ackedPartnerLifetime(acked).partnerLifetime(null).partnerUpdatePending(false).build(), now);
                table.commit(mine);
                expiries.add(mine.resource(), mine.stateExpirationTime());
                listener.bindingChanged(name, mine);
                return Optional.empty();
            }
            // Changed in flight: resend only a local change. The partner's own accepted BNDUPD
            // (not pending) is news to nobody; resending it bounced crossed updates for ever.
            boolean resend = !unchanged && current.partnerUpdatePending();
            Binding next = current.toBuilder().ackedPartnerLifetime(acked)
                    .partnerLifetime(resend ? current.partnerLifetime() : null).partnerUpdatePending(resend).build();
            if (unchanged) {
                next = UpdateRule.freeIfEnded(next, now);
            }
            // An answer that changes nothing (a binding sent for an UPDREQALL, say) writes nothing.
            if (!next.equals(current)) {
                if (resend || next.status() != current.status()) {
                    table.commit(next);
                } else {
                    // Only what we know of the partner changed. Lost in a crash, the store keeps an
                    // older, safe record: a flagged binding is sent again and the acknowledged
                    // lifetime falls back to an earlier one (docs/decisions/0020).
                    table.commitUnforced(next);
                }
            }
            return resend ? Optional.of(current.resource()) : Optional.empty();
        } catch (LeaseStoreException e) {
            failures.failed(name, ack.resource(), e.getMessage(), now);
            return Optional.empty();
        }
    }

    /**
     * Our BNDUPD of {@code sent} will get no answer (the connection is gone). If the partner's
     * crossed BNDUPD replaced it here unflagged, the secondary cannot tell whether the primary took
     * ours ({@link #apply} would have gone back to it) or refused it, and with nothing flagged on
     * either side the two records never meet again. The record we now hold goes to the partner
     * again, which decides by the table (docs/decisions/0017).
     */
    void unanswered(Binding sent, Instant now) {
        if (role != Role.SECONDARY) {
            return;
        }
        try (BindingTable.Locked lock = table.lock(sent.resource())) {
            Binding current = table.get(sent.resource());
            if (current != null && crossedAndTaken(sent, current)) {
                table.commit(current.withPartnerUpdatePending(true));
            }
        } catch (LeaseStoreException e) {
            failures.failed(name, sent.resource(), e.getMessage(), now);
        }
    }

    /**
     * Our BNDUPD and the partner's about the same lease crossed: we took the partner's (unflagged)
     * while ours was in flight, and the primary then accepted ours. The primary's acceptance is
     * the decision that counts (§7.5.4 accept(3)), so the secondary goes back to what it sent
     * (docs/decisions/0017). Only a different client or status counts: the same lease's times
     * converge through {@link UpdateRule#keepOurLongerLease}.
     */
    static boolean crossedAndTaken(Binding sent, Binding current) {
        return !current.partnerUpdatePending() && !current.equals(sent)
                && (current.status() != sent.status() || !Objects.equals(current.client(), sent.client()));
    }
}
