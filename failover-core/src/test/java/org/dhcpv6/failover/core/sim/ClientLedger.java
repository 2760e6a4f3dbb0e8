package org.dhcpv6.failover.core.sim;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.dhcpv6.failover.api.Binding;
import org.dhcpv6.failover.api.BindingStatus;
import org.dhcpv6.failover.api.LeaseDecision;
import org.dhcpv6.failover.api.LeaseDecision.Outcome;
import org.dhcpv6.failover.api.Resource;
import org.dhcpv6.failover.api.ServerState;
import org.dhcpv6.failover.core.internal.engine.EndpointSnapshot;

/**
 * What the simulated clients were told, and the client invariants (1) to (3) judged on it at the
 * moment each REPLY is handed out (nothing else changes what clients hold, so checking there is
 * checking after every event). {@link #check} reports the first violation recorded.
 *
 * <p>(1) No resource held by two clients at once. A holding lasts, in true time, from the REPLY to
 * the end of the granted valid lifetime as the client counts it. Servers count with their own
 * clocks, so a server may end a lease early by its drift (at most 200 ppm each way) and by any
 * wall-clock step made since the grant: the window of a holding is shortened by 1 s, by 400 ppm of
 * the lifetime and by the size of every step either server made since the client's unbroken run
 * of grants on the resource began (a renewal is capped by times stored earlier in the run, which
 * a step moves as much as the grant itself). A clock that
 * jumps ahead ends leases early in any DHCP server; that is a fault of the clock, not of failover.
 * Every resource is exempt once PARTNER-DOWN's premise was broken in the run (a server in
 * PARTNER-DOWN while its partner was up and responsive): both may then delegate the primary's
 * free prefixes, and a server in PARTNER-DOWN renews the clients of the partner's address half
 * (RFC 8156 §8.4: every lease) while the partner, serving on its side of the partition, reuses
 * them. That is the documented price of the operator's command or auto-partner-down during a
 * partition ("if one server is in PARTNER-DOWN the other MUST NOT be operating"); such runs are
 * counted and reported apart. New leases still never cross the bit-127 split (docs/architecture.md §9).
 * Faults never destroy the only record of a lease: {@link FaultSchedule} keeps the store of a
 * crash while the partner's store is still lost, or while the crashing server was in PARTNER-DOWN
 * since the two last talked (what it granted there, for any lifetime, exists nowhere else).
 *
 * <p>(2) Outside PARTNER-DOWN no grant's valid lifetime exceeds what the partner acknowledged
 * plus MCLT (RFC 8156 §4.4): {@code valid <= max(acked - now, 0) + MCLT}, with {@code acked}
 * the binding's ackedPartnerLifetime read from the server's table just before the call and the
 * state, MCLT and {@code now} from the same server at that instant. Checked for every GRANTED
 * answer, SOLICIT offers included.
 *
 * <p>(3) Lease stability: a RENEW or REBIND sent while the client's lease lasts, answered by a
 * server that is responsive to it, must not be refused IN_USE or NOT_OWNED when that server knew
 * the lease: its table held the resource for this very client (not ABANDONED, not free) just before the
 * call, or it is the server that granted the lease and it has not lost its store since. Refusals
 * that stay legitimate: NOT_RESPONSIVE (STARTUP, RECOVER, RECOVER-WAIT, POTENTIAL-CONFLICT, and a
 * renew-responsive server asked by a REBIND), TOO_SHORT and NOT_COMMITTED (the client hears
 * nothing and retries), and IN_USE / NOT_OWNED from a server that never heard of the lease (the
 * lazy update was lost with its sender; RFC 8156 bounds the damage by MCLT). A lifetime cut by
 * the MCLT cap is a grant, not a refusal. A client that reaches only unresponsive servers gets no
 * answer and is not covered: it keeps its lease until the lease ends. Every resource is exempt
 * once PARTNER-DOWN's premise was broken, as for (1). The lease lasts for (3) as for (1): until its end
 * less the same slack, since a server whose clock stepped ahead ends it early, and may lease it to
 * another client, which (1) then accepts; the refusal that follows is its consequence.
 */
final class ClientLedger implements ClientInvariant {

    /** Which client invariant a check belongs to; a mutation test may switch one off. */
    enum Check { EXCLUSIVE, MCLT_CAP, STABILITY, AGREEMENT }

    /**
     * One client's hold on a resource, in true time; {@code stepsAtGrant} is the clocks' step total
     * when the client's unbroken run of grants on the resource began; {@code contested} that
     * another client was given the resource inside the run (a clock step's accepted consequence).
     */
    private record Holding(int client, long grantedAtNanos, long validUntilNanos, long stepsAtGrant,
            boolean contested) {
    }

    private static final long SECOND = 1_000_000_000L;

    private final Set<Check> enabled;
    private final SimClock[] clocks;
    private final Map<Resource, Holding> held = new HashMap<>();
    /** A holding another client's grant took over inside its slack window, while it still lasted. */
    private final Map<Resource, Holding> displaced = new HashMap<>();
    /** Each client's current holding (a client holds one resource at a time), for (3). */
    private final Map<Integer, Holding> byClient = new HashMap<>();
    private String violation;
    private long grants;
    private boolean partnerDownPremiseBroken;
    /** Whether each server was in PARTNER-DOWN since the two last talked. */
    private final boolean[] partnerDownSinceContact = new boolean[2];

    ClientLedger(Set<Check> enabled, SimClock primaryClock, SimClock secondaryClock) {
        this.enabled = enabled.isEmpty() ? EnumSet.noneOf(Check.class) : EnumSet.copyOf(enabled);
        this.clocks = new SimClock[] {primaryClock, secondaryClock};
    }

    @Override
    public Optional<String> check(SimServer primary, SimServer secondary, long nowNanos) {
        if (talking(primary) && talking(secondary)) {
            // A server may stay in PARTNER-DOWN while a recovering partner talks to it; what it
            // grants then reaches the partner by BNDUPD, so it counts from the end of the talk.
            partnerDownSinceContact[0] = false;
            partnerDownSinceContact[1] = false;
        } else {
            partnerDownSinceContact[0] |= primary.state() == ServerState.PARTNER_DOWN;
            partnerDownSinceContact[1] |= secondary.state() == ServerState.PARTNER_DOWN;
        }
        if (!partnerDownPremiseBroken && (servesBesidePartnerDown(primary, secondary)
                || servesBesidePartnerDown(secondary, primary)
                || (partnerDownSinceContact[0] && partnerDownSinceContact[1]))) {
            // The last case: each went to PARTNER-DOWN (auto-partner-down) while the other was
            // down, and they never talked in between; each then served what the other could not see.
            partnerDownPremiseBroken = true;
        }
        return Optional.ofNullable(violation);
    }

    private static boolean talking(SimServer server) {
        return server.up() && server.snapshot().orElseThrow().communicationsOk();
    }

    /**
     * PARTNER-DOWN's premise is that the partner serves no client; with the operator's command or
     * auto-partner-down during a partition (or a partner rebooted into a responsive state while
     * cut off) it does, and both may then delegate the primary's free prefixes (RFC 8156 §4.2.2).
     */
    private static boolean servesBesidePartnerDown(SimServer pd, SimServer other) {
        return pd.state() == ServerState.PARTNER_DOWN && other.up()
                && other.snapshot().orElseThrow().clientService() == org.dhcpv6.failover.api.ClientService.RESPONSIVE;
    }

    /** Whether the server on {@code side} (0 primary, 1 secondary) was in PARTNER-DOWN since the two last talked. */
    boolean partnerDownSinceContact(int side) {
        return partnerDownSinceContact[side];
    }

    /** Whether a server was in PARTNER-DOWN while its partner served (split brain by command or timer). */
    boolean partnerDownPremiseBroken() {
        return partnerDownPremiseBroken;
    }

    private void violated(String what) {
        if (violation == null) {
            violation = what;
        }
    }

    private long steps() {
        return clocks[0].absoluteStepsNanos() + clocks[1].absoluteStepsNanos();
    }

    /** (1): client {@code client} now holds {@code r} until {@code validUntilNanos} (true time). */
    void hold(Resource r, int client, String server, long nowNanos, long validUntilNanos) {
        grants++;
        Holding other = held.get(r);
        boolean waived = partnerDownPremiseBroken;
        Holding earlier = displaced.get(r);
        // The client whose lease a server ended early by a clock step (accepted below) still
        // holds it by its own count and renews it where the record still names it: the step's
        // consequence, not a second fault (seed 131: the primary's clock jumped 94 s ahead, it
        // gave a prefix away, and the secondary renewed it for the old client 0.2 s later).
        boolean stepConsequence = earlier != null && earlier.client() == client && earlier.validUntilNanos() > nowNanos;
        if (other != null && other.client() != client && enabled.contains(Check.EXCLUSIVE) && !waived
                && !stepConsequence) {
            long slack = slack(other);
            if (other.validUntilNanos() - slack > nowNanos) {
                violated("(1) " + r + " granted to client " + client + " by " + server + " while client "
                        + other.client() + " holds it for " + (other.validUntilNanos() - nowNanos) / SECOND
                        + " s more (slack " + slack / SECOND + " s)");
            }
        }
        // A renewal inside the lease continues the holding: the server capped it with times it
        // stored earlier in the chain (the partner's acknowledgement), and a step since then moves
        // those as much as one after the grant (seed 2426: the primary's clock stepped back 61 s
        // between the acknowledgement and a REBIND; it granted 61 s past what the partner knew).
        boolean continues = other != null && other.client() == client && other.validUntilNanos() > nowNanos;
        long stepsAtStart = continues ? other.stepsAtGrant() : steps();
        boolean displacing = other != null && other.client() != client && other.validUntilNanos() > nowNanos;
        boolean contested = stepConsequence || displacing || (continues && other.contested());
        Holding h = new Holding(client, nowNanos, validUntilNanos, stepsAtStart, contested);
        if (displacing) {
            displaced.put(r, other);
        } else if (other == null || other.client() != client) {
            displaced.remove(r);
        }
        held.put(r, h);
        byClient.put(client, h);
    }

    /**
     * How much earlier than the client a server may count a holding's end: 1 s, 400 ppm of the
     * lifetime (two drifting clocks) and every clock step either server made since the holding's
     * run of grants began.
     */
    private long slack(Holding h) {
        long lifetime = h.validUntilNanos() - h.grantedAtNanos();
        return SECOND + lifetime / 2_500 + (steps() - h.stepsAtGrant());
    }

    /** The client stopped using {@code r} (lease ended, released, declined, refused). */
    void drop(Resource r, int client) {
        Holding h = held.get(r);
        if (h != null && h.client() == client) {
            held.remove(r);
        }
        Holding d = displaced.get(r);
        if (d != null && d.client() == client) {
            displaced.remove(r);
        }
        byClient.remove(client);
    }

    /**
     * (2) for one answer, from what the server showed just before it.
     *
     * @param before the server's binding of the resource before the call, or null
     * @param snapshot the server's state before the call
     * @param wallNow the server's wall clock at the call
     */
    void checkCap(String server, EndpointSnapshot snapshot, Binding before, Instant wallNow, LeaseDecision d) {
        if (d.outcome() != Outcome.GRANTED || snapshot.state() == ServerState.PARTNER_DOWN
                || !enabled.contains(Check.MCLT_CAP)) {
            return;
        }
        Instant acked = before == null ? null : before.ackedPartnerLifetime();
        long remaining = acked == null || !acked.isAfter(wallNow) ? 0 : Duration.between(wallNow, acked).toSeconds();
        long cap = remaining + snapshot.mclt().toSeconds();
        if (d.validSeconds() > cap) {
            violated("(2) " + server + " in " + snapshot.state().rfcName() + " granted " + d.request().kind() + " "
                    + d.request().resource() + " for " + d.validSeconds() + " s, beyond acked partner lifetime + MCLT = "
                    + cap + " s");
        }
    }

    /**
     * (3) for one RENEW or REBIND answer given while the client's lease lasts.
     *
     * @param before the server's binding of the resource before the call, or null
     * @param grantedHere whether this server granted the lease and kept its store since
     */
    void checkStability(String server, int client, long nowNanos, Binding before, boolean sameClientBefore,
            boolean grantedHere, LeaseDecision d) {
        boolean waived = partnerDownPremiseBroken;
        if (!enabled.contains(Check.STABILITY) || waived
                || (d.outcome() != Outcome.IN_USE && d.outcome() != Outcome.NOT_OWNED)) {
            return;
        }
        Holding h = byClient.get(client);
        if (h != null && h.contested()) {
            // Two clients were given the resource by a clock step's early end; the servers now
            // settle who keeps it, and the one refused is the step's consequence (seed 131).
            return;
        }
        if (h != null && h.validUntilNanos() - slack(h) <= nowNanos) {
            // Within the window (1) allows: the server's clock may already count the lease ended
            // (drift, or a step since the grant), and it may have leased it to another client.
            return;
        }
        // A free record (FREE, FREE-BACKUP, PENDING-FREE) is of a lease both servers agreed had
        // ended, not of the one the client renews: this server never heard of that one. RFC 8156
        // §4.2.1 and §4.2.2 forbid it to lease the partner's free resource, even to its last client
        // (seed 8322: doing so let the owner lease it to another client at the same time).
        BindingStatus was = before == null ? null : before.status();
        boolean ended = was != null && (was.isFree() || was == BindingStatus.PENDING_FREE);
        boolean knew = sameClientBefore && was != BindingStatus.ABANDONED && !ended;
        if (knew || grantedHere) {
            violated("(3) " + server + " refused " + d.request().kind() + " of client " + client + " for its own "
                    + d.request().resource() + " with " + d.outcome() + " (" + d.reason() + "); its binding was "
                    + (before == null ? "none" : before.status().rfcName() + " of " + before.client())
                    + (grantedHere ? "; it granted the lease itself" : ""));
        }
    }

    /** Whether invariant (4), {@link BindingAgreement}, is judged in this run. */
    boolean judges(Check c) {
        return enabled.contains(c);
    }

    /** How many leases clients took, for the summary. */
    long grants() {
        return grants;
    }
}
