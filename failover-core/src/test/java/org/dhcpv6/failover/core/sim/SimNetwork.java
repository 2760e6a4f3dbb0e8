package org.dhcpv6.failover.core.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * The virtual network between the primary (side 0) and the secondary (side 1). Connections are
 * TCP-like: each direction is a pipe that delivers whole frames in order after a delay plus
 * jitter. Faults: partitions (both ways or one way), resets, delay spikes and a receiver that
 * stops reading. A direction hit by a partition stalls for good, as a TCP stream whose segments
 * stop arriving does, until keepalive or a reset ends the connection.
 */
final class SimNetwork {

    /** What a server does with the network's news; each call is one input to its engine. */
    interface Side {
        boolean acceptsConnections();

        int incarnation();

        void opened(long connectionId);

        void connectFailed(String reason);

        void received(long connectionId, byte[] frame);

        void closed(long connectionId, String reason);
    }

    /** One direction of a connection. */
    static final class Pipe {
        long lastArrivalNanos;
        int inFlight;
        boolean stalledForGood;
    }

    /** One connection; the same id names it on both sides. */
    final class Link {
        final long id;
        final int[] incarnations;
        final Pipe[] pipes = {new Pipe(), new Pipe()};
        final boolean[] closedBy = new boolean[2];
        boolean dead;

        Link(long id) {
            this.id = id;
            this.incarnations = new int[] {sides[0].incarnation(), sides[1].incarnation()};
        }

        boolean reaches(int side) {
            return !dead && !closedBy[side] && incarnations[side] == sides[side].incarnation();
        }
    }

    private final EventQueue queue;
    private final SplittableRandom random;
    private final Swarm swarm;
    private final Side[] sides = new Side[2];
    /** Ordered by id, so anything that walks the links does so in the same order every run. */
    private final TreeMap<Long, Link> links = new TreeMap<>();
    private final boolean[] blocked = new boolean[2];
    private final long[] stalledUntil = new long[2];
    private long extraDelayNanos;
    private long nextId = 1;
    private long dropped;

    SimNetwork(EventQueue queue, SplittableRandom random, Swarm swarm) {
        this.queue = queue;
        this.random = random;
        this.swarm = swarm;
    }

    void attach(int side, Side s) {
        sides[side] = s;
    }

    private long delay() {
        long jitter = swarm.jitterNanos() == 0 ? 0 : random.nextLong(swarm.jitterNanos() + 1);
        return swarm.baseDelayNanos() + jitter + extraDelayNanos;
    }

    /** The primary asks for a connection; it opens only when the secondary is up and reachable. */
    void connect() {
        int primaryIncarnation = sides[0].incarnation();
        boolean reachable = !blocked[0] && !blocked[1];
        long d = reachable ? 3 * delay() : 1_000_000_000L + random.nextLong(2_000_000_000L);
        queue.after(d, "connect attempt", () -> {
            if (sides[0].incarnation() != primaryIncarnation) {
                return;
            }
            if (!blocked[0] && !blocked[1] && sides[1].acceptsConnections()) {
                Link link = new Link(nextId++);
                links.put(link.id, link);
                sides[0].opened(link.id);
            } else {
                sides[0].connectFailed(blocked[0] || blocked[1] ? "timed out (partition)" : "connection refused");
            }
        });
    }

    /** A frame sent by {@code from} on a connection; in order behind the frames sent before it. */
    void send(int from, long id, byte[] frame, String what) {
        Link link = links.get(id);
        if (link == null || !link.reaches(from) || !link.reaches(1 - from)) {
            dropped++;
            return;
        }
        Pipe pipe = link.pipes[from];
        if (blocked[from]) {
            pipe.stalledForGood = true;
        }
        if (pipe.stalledForGood) {
            dropped++;
            return;
        }
        int to = 1 - from;
        long arrival = Math.max(queue.now() + delay(), pipe.lastArrivalNanos);
        arrival = Math.max(arrival, stalledUntil[to]);
        pipe.lastArrivalNanos = arrival;
        pipe.inFlight++;
        queue.at(arrival, EventLog.lazy(what, from == 0 ? " P->S conn " : " S->P conn ", id), () -> {
            pipe.inFlight--;
            // Frames already on the way arrive even if the sender has since closed or died.
            if (link.reaches(to)) {
                sides[to].received(id, frame);
            }
        });
    }

    /** {@code from} closes a connection: the other side hears of it after what was already sent. */
    void close(int from, long id, String reason) {
        Link link = links.get(id);
        if (link == null || link.closedBy[from] || link.dead) {
            return;
        }
        link.closedBy[from] = true;
        Pipe pipe = link.pipes[from];
        int to = 1 - from;
        if (!link.reaches(to)) {
            forget(link);
            return;
        }
        if (pipe.stalledForGood || blocked[from]) {
            // The FIN is lost with the rest: the partner's keepalive will end its side.
            return;
        }
        long arrival = Math.max(queue.now() + delay(), pipe.lastArrivalNanos);
        queue.at(arrival, "FIN " + (from == 0 ? "P->S" : "S->P") + " conn " + id, () -> {
            if (link.reaches(to)) {
                forget(link);
                sides[to].closed(id, "partner closed the connection: " + reason);
            }
        });
    }

    /** Resets every open connection; each live side hears of it after a delay. */
    void resetAll(String reason) {
        for (Link link : new ArrayList<>(links.values())) {
            reset(link, reason);
        }
    }

    private void forget(Link link) {
        link.dead = true;
        links.remove(link.id);
    }

    /** Side {@code side} vanished: its partner hears a reset only when {@code notifyPartner}. */
    void sideCrashed(int side, boolean notifyPartner) {
        for (Link link : new ArrayList<>(links.values())) {
            if (link.closedBy[side]) {
                // Closed before going away (a graceful shutdown): the FIN is already on its way.
                continue;
            }
            if (notifyPartner) {
                reset(link, "connection reset by peer");
            } else {
                // A dead host sends nothing: the partner finds out by keepalive.
                link.pipes[0].stalledForGood = true;
                link.pipes[1].stalledForGood = true;
            }
        }
    }

    /** Ends a connection at once: frames in flight are lost; each side still on it is told. */
    private void reset(Link link, String reason) {
        if (link.dead) {
            return;
        }
        List<Integer> told = new ArrayList<>();
        for (int s = 0; s < 2; s++) {
            if (link.reaches(s)) {
                told.add(s);
            }
        }
        forget(link);
        for (int s : told) {
            int incarnation = link.incarnations[s];
            queue.after(delay(), "RST to " + (s == 0 ? "P" : "S") + " conn " + link.id, () -> {
                if (sides[s].incarnation() == incarnation) {
                    sides[s].closed(link.id, reason);
                }
            });
        }
    }

    void partition(boolean fromPrimary, boolean fromSecondary) {
        blocked[0] |= fromPrimary;
        blocked[1] |= fromSecondary;
    }

    /** {@code side} stops reading until {@code untilNanos}; frames to it queue up meanwhile. */
    void stall(int side, long untilNanos) {
        stalledUntil[side] = Math.max(stalledUntil[side], untilNanos);
    }

    void delaySpike(long extraNanos) {
        extraDelayNanos = extraNanos;
    }

    /** Ends every network fault (stalled connections stay stalled until they are closed). */
    void heal() {
        blocked[0] = false;
        blocked[1] = false;
        extraDelayNanos = 0;
        stalledUntil[0] = Math.min(stalledUntil[0], queue.now());
        stalledUntil[1] = Math.min(stalledUntil[1], queue.now());
    }

    boolean healthy() {
        return !blocked[0] && !blocked[1];
    }

    /** The most frames waiting in any one direction of any connection. */
    int maxInFlight() {
        int max = 0;
        for (Link link : links.values()) {
            max = Math.max(max, Math.max(link.pipes[0].inFlight, link.pipes[1].inFlight));
        }
        return max;
    }

    int openLinks() {
        return links.size();
    }
}
