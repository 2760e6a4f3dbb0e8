package org.dhcpv6.failover.core.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.dhcpv6.failover.api.ClientIdentity;
import org.dhcpv6.failover.api.IaType;
import org.dhcpv6.failover.api.LeaseDecision;
import org.dhcpv6.failover.api.LeaseDecision.Outcome;
import org.dhcpv6.failover.api.MessageKind;
import org.dhcpv6.failover.api.Resource;
import org.dhcpv6.failover.core.internal.binding.EndpointHooks;

/**
 * One simulated DHCPv6 client with one IA (RFC 8415 §18, at the level the hooks see): SOLICIT to
 * every server, REQUEST to the one it picks among the advertisers, RENEW to that server at T1 and
 * every 10-30 s after, REBIND to every server at T2 and every 10-30 s after, and at the end of the
 * valid lifetime it stops using the resource. Sometimes it RELEASEs at T1 or DECLINEs an address
 * just leased. A definite refusal (IN_USE, NOT_OWNED, NOT_IN_POOL) takes the resource away; no
 * answer (server down, unresponsive, TOO_SHORT, NOT_COMMITTED) is a lost REPLY and is retried.
 * Of several REBIND answers the client takes a grant if any (it waits for its retransmission
 * timer before acting on a refusal). Every scheduled step carries the lease generation, so steps
 * of a lease already gone do nothing.
 */
final class SimClient {

    final int id;
    final ClientIdentity identity;
    final int desiredSeconds;
    private final String name;
    private final SimClients env;
    private Resource resource;
    private int serverSide = -1;
    private int grantEpoch;
    private long t2AtNanos;
    private long validUntilNanos;
    private int generation;

    SimClient(int id, ClientIdentity identity, int desiredSeconds, SimClients env) {
        this.id = id;
        this.identity = identity;
        this.desiredSeconds = desiredSeconds;
        this.env = env;
        this.name = "client " + id;
    }

    /** Whether {@code side} granted the current lease and has kept its store since. */
    boolean grantedBy(int side, int storeEpoch) {
        return resource != null && side == serverSide && storeEpoch == grantEpoch;
    }

    /** Schedules a step of the current lease; {@code what} is a string or an {@link EventLog#lazy} text. */
    private void later(long delayNanos, Object what, Runnable step) {
        int gen = generation;
        env.queue.after(delayNanos, EventLog.lazy(name, " ", what), () -> {
            if (gen == generation) {
                step.run();
            }
        });
    }

    /** SOLICIT: every server that answers offers what it would lease; the client picks one. */
    void solicit() {
        if (resource != null) {
            return;
        }
        List<SimClients.Answer> offers = new ArrayList<>();
        int first = env.random.nextInt(2);
        for (int i = 0; i < 2; i++) {
            int side = (first + i) % 2;
            Optional<Resource> candidate = env.servers[side].hooks().flatMap(this::nextFree);
            if (candidate.isPresent()) {
                SimClients.Answer a = env.ask(side, this, MessageKind.SOLICIT, candidate.get(), false);
                if (a != null && a.decision().outcome() == Outcome.GRANTED) {
                    offers.add(a);
                }
            }
        }
        if (offers.isEmpty()) {
            later(env.between(5, 60), "SOLICIT again", this::solicit);
            return;
        }
        SimClients.Answer chosen = offers.get(env.random.nextInt(offers.size()));
        Resource r = chosen.decision().request().resource();
        later(env.between(0.01, 0.2), EventLog.lazy("REQUEST ", r, " from ", env.servers[chosen.side()].label),
                () -> request(chosen.side(), r));
    }

    private Optional<Resource> nextFree(EndpointHooks hooks) {
        if (!hooks.clientService().allows(false)) {
            return Optional.empty();
        }
        return identity.iaType() == IaType.IA_PD ? hooks.nextFreePrefix().<Resource>map(p -> p)
                : hooks.nextFreeAddress().<Resource>map(a -> a);
    }

    private void request(int side, Resource r) {
        SimClients.Answer a = env.ask(side, this, MessageKind.REQUEST, r, true);
        if (a != null && a.decision().outcome() == Outcome.GRANTED) {
            bind(side, a.decision());
            if (identity.iaType() == IaType.IA_NA && env.random.nextInt(50) == 0) {
                later(env.between(0.5, 2), EventLog.lazy("DECLINE ", r), this::decline);
            }
            return;
        }
        later(env.between(1, 10), "SOLICIT again", this::solicit);
    }

    private void bind(int side, LeaseDecision d) {
        long now = env.queue.now();
        generation++;
        resource = d.request().resource();
        serverSide = side;
        grantEpoch = env.servers[side].storeEpoch();
        t2AtNanos = now + env.seconds(d.t2Seconds());
        validUntilNanos = now + env.seconds(d.validSeconds());
        env.ledger.hold(resource, id, env.servers[side].label, now, validUntilNanos);
        env.log.note(now, EventLog.lazy(name, " holds ", resource, " from ", env.servers[side].label, " for ",
                d.validSeconds(), " s (", d.request().kind(), ")"));
        boolean releases = env.random.nextInt(20) == 0;
        later(env.seconds(d.t1Seconds()), EventLog.lazy(releases ? "RELEASE " : "RENEW ", resource),
                releases ? this::release : this::renew);
        later(env.seconds(d.t2Seconds()), EventLog.lazy("REBIND ", resource), this::rebind);
        later(env.seconds(d.validSeconds()), EventLog.lazy("lease of ", resource, " ends"), () -> lose(true));
    }

    /** Stops using the resource; with {@code again} the client asks for a new lease soon. */
    private void lose(boolean again) {
        env.ledger.drop(resource, id);
        resource = null;
        generation++;
        if (again && env.arriving()) {
            later(env.between(1, 60), "SOLICIT again", this::solicit);
        }
    }

    private void renew() {
        if (env.queue.now() >= t2AtNanos) {
            return;
        }
        SimClients.Answer a = env.ask(serverSide, this, MessageKind.RENEW, resource, true);
        if (!settled(a == null ? List.of() : List.of(a))) {
            later(env.between(10, 30), EventLog.lazy("RENEW ", resource, " again"), this::renew);
        }
    }

    private void rebind() {
        List<SimClients.Answer> answers = new ArrayList<>();
        int first = env.random.nextInt(2);
        for (int i = 0; i < 2; i++) {
            SimClients.Answer a = env.ask((first + i) % 2, this, MessageKind.REBIND, resource, false);
            if (a != null) {
                answers.add(a);
            }
        }
        if (!settled(answers) && env.queue.now() < validUntilNanos) {
            later(env.between(10, 30), EventLog.lazy("REBIND ", resource, " again"), this::rebind);
        }
    }

    /** Acts on the answers to a RENEW or REBIND; false when there was none worth acting on. */
    private boolean settled(List<SimClients.Answer> answers) {
        for (SimClients.Answer a : answers) {
            if (a.decision().outcome() == Outcome.GRANTED) {
                bind(a.side(), a.decision());
                return true;
            }
        }
        for (SimClients.Answer a : answers) {
            Outcome o = a.decision().outcome();
            if (o == Outcome.IN_USE || o == Outcome.NOT_OWNED || o == Outcome.NOT_IN_POOL) {
                env.log.note(env.queue.now(), EventLog.lazy(name, " loses ", resource, ": ", o));
                lose(true);
                return true;
            }
        }
        return false;
    }

    private void release() {
        Resource r = resource;
        int side = serverSide;
        // RFC 8415 §18.2.7: the client stops using the resource before it sends RELEASE.
        lose(false);
        env.ask(side, this, MessageKind.RELEASE, r, true);
        if (env.random.nextBoolean() && env.arriving()) {
            later(env.between(1, 600), "SOLICIT again", this::solicit);
        }
    }

    private void decline() {
        Resource r = resource;
        int side = serverSide;
        lose(true);
        env.ask(side, this, MessageKind.DECLINE, r, true);
    }
}
