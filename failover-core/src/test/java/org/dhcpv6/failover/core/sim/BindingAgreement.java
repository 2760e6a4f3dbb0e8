package org.dhcpv6.failover.core.sim;

import java.util.Comparator;
import java.util.Optional;
import java.util.TreeMap;
import org.dhcpv6.failover.api.Binding;
import org.dhcpv6.failover.api.BindingStatus;
import org.dhcpv6.failover.api.Resource;
import org.dhcpv6.failover.core.internal.binding.BindingTable;
import org.dhcpv6.failover.core.internal.binding.ReuseRules;

/**
 * Client invariant (4), the liveness extension: once the faults have healed and both servers
 * have been NORMAL a while, their binding tables agree. Every resource either table knows is
 * compared (a missing binding counts as the resource's free status, RFC 8156 §4.2): the same
 * status; for a leased one the same client and the same expiry, both expiries mapped to true
 * time through each server's {@link SimClock}, within the ±5 s window of docs/architecture.md §9.
 *
 * <p>Skipped, because they are still moving rather than disagreeing: a binding whose partner
 * update is pending on either side (a BNDUPD queued or in flight), and a lease whose expiry is
 * within the window of now (each server expires it on its own timer). The window also grows by
 * the size of every wall-clock step of the run: a stored wall instant slides with its clock, and
 * RFC 8156 never re-translates it.
 *
 * <p>Not a disagreement either: the hold of a server that went through RECOVER. Having lost (or
 * distrusting) its own store, it cannot know whether it extended the lease while the partner could
 * not hear; the MCLT rule bounds any such extension by the partner lifetime the partner acknowledged
 * plus MCLT (RFC 8156 §4.4), which the partner sends as EXPIRATION_TIME. So the recovering server
 * keeps the lease until that time plus MCLT ({@code BindingReceiver.recovering}), recording the
 * acknowledged time as its ackedPartnerLifetime, while the partner keeps the last expiry it heard.
 * The two meet when the client renews or the hold runs out. Such a pair is accepted when the later
 * expiry is exactly that hold: its ackedPartnerLifetime plus MCLT, with ackedPartnerLifetime the
 * other side's expiration-time, both in true time within the window.
 */
final class BindingAgreement {

    private static final long WINDOW_NANOS = 5_000_000_000L;

    private BindingAgreement() {
    }

    static Optional<String> check(SimServer p, SimServer s, long nowNanos) {
        BindingTable a = p.bindings();
        BindingTable b = s.bindings();
        if (a == null || b == null) {
            return Optional.of("(4) a server is down at the agreement check");
        }
        // Walked in a fixed order so the first disagreement reported is the same every run.
        TreeMap<String, Resource> resources = new TreeMap<>(Comparator.naturalOrder());
        a.forEach(x -> resources.put(x.resource().toString(), x.resource()));
        b.forEach(x -> resources.put(x.resource().toString(), x.resource()));
        long window = WINDOW_NANOS + p.clock.absoluteStepsNanos() + s.clock.absoluteStepsNanos();
        for (Resource r : resources.values()) {
            Binding x = a.get(r);
            Binding y = b.get(r);
            if ((x != null && x.partnerUpdatePending()) || (y != null && y.partnerUpdatePending())) {
                continue;
            }
            BindingStatus sx = x == null ? ReuseRules.freeStatusFor(r) : x.status();
            BindingStatus sy = y == null ? ReuseRules.freeStatusFor(r) : y.status();
            if (sx != sy) {
                return disagree(r, x, y, "status " + sx.rfcName() + " vs " + sy.rfcName());
            }
            if (sx != BindingStatus.ACTIVE) {
                continue;
            }
            if (!x.client().equals(y.client())) {
                return disagree(r, x, y, "client " + x.client() + " vs " + y.client());
            }
            long ex = p.clock.trueNanosOf(x.stateExpirationTime());
            long ey = s.clock.trueNanosOf(y.stateExpirationTime());
            if (Math.abs(ex - nowNanos) <= window || Math.abs(ey - nowNanos) <= window) {
                continue;
            }
            if (ex > ey + window && recoveryHold(p, x, s, y, window)
                    || ey > ex + window && recoveryHold(s, y, p, x, window)) {
                continue;
            }
            if (Math.abs(ex - ey) > window) {
                return disagree(r, x, y, "expiry differs by " + (ex - ey) / 1_000_000 + " ms in true time");
            }
        }
        return Optional.empty();
    }

    /**
     * Whether {@code held}'s expiry is the recovery hold over {@code other}'s copy: the expiration
     * time {@code other} acknowledged (its EXPIRATION_TIME, which {@code held} stored as its
     * ackedPartnerLifetime) plus MCLT.
     */
    private static boolean recoveryHold(SimServer heldBy, Binding held, SimServer otherBy, Binding other,
            long window) {
        if (held.ackedPartnerLifetime() == null || other.expirationTime() == null) {
            return false;
        }
        long acked = heldBy.clock.trueNanosOf(held.ackedPartnerLifetime());
        long partnerExpiration = otherBy.clock.trueNanosOf(other.expirationTime());
        long heldUntil = heldBy.clock.trueNanosOf(held.stateExpirationTime());
        return Math.abs(acked - partnerExpiration) <= window
                && Math.abs(heldUntil - (acked + heldBy.config.mclt().toNanos())) <= window;
    }

    private static Optional<String> disagree(Resource r, Binding x, Binding y, String what) {
        return Optional.of("(4) binding tables disagree on " + r + ": " + what + "; primary " + x + "; secondary " + y);
    }
}
