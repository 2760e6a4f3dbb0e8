package org.dhcpv6.failover.examples.client;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import org.dhcpv6.failover.api.Duid;
import org.dhcpv6.failover.api.Ipv6Address;
import org.dhcpv6.failover.api.Ipv6Prefix;
import org.dhcpv6.failover.api.Resource;
import org.dhcpv6.failover.examples.dhcp.ClientServerMessage;
import org.dhcpv6.failover.examples.dhcp.DhcpOption;
import org.dhcpv6.failover.examples.dhcp.MessageType;
import org.dhcpv6.failover.examples.dhcp.Options;
import org.dhcpv6.failover.examples.dhcp.StatusCode;

/**
 * One simulated DHCPv6 client (RFC 8415 §18.2), reduced to what load and failover tests need:
 * SOLICIT to every server, REQUEST to the first that offers something, RENEW at T1 to that
 * server, REBIND at T2 to every server, back to SOLICIT when the lease runs out or a server says
 * NoBinding. Retransmission is a fixed interval with a bounded number of tries instead of the
 * randomized backoff of §15. Only ever touched on the driver's loop thread.
 */
final class SimulatedClient {

    private enum State { SOLICITING, REQUESTING, BOUND, RENEWING, REBINDING }

    private static final long IAID_NA = 1;
    private static final long IAID_PD = 2;

    /** A lease as the client sees it. */
    private record Held(Resource resource, long preferredSeconds, long validSeconds, Instant validUntil) {
    }

    private final DhcpClientDriver driver;
    private final Duid duid;
    private State state = State.SOLICITING;
    private int xid = -1;
    private int attempts;
    private long exchangeStartNanos;
    private ScheduledFuture<?> timer;
    private Duid serverDuid;
    private InetSocketAddress serverAddress;
    private Map<Resource.Kind, Resource> offered = new EnumMap<>(Resource.Kind.class);
    private Map<Resource.Kind, Held> held = new EnumMap<>(Resource.Kind.class);
    private Instant t2At = Instant.MAX;
    private Instant expiresAt = Instant.MAX;

    SimulatedClient(DhcpClientDriver driver, Duid duid) {
        this.driver = driver;
        this.duid = duid;
    }

    Duid duid() {
        return duid;
    }

    void start() {
        solicit();
    }

    private void solicit() {
        held = new EnumMap<>(Resource.Kind.class);
        offered = new EnumMap<>(Resource.Kind.class);
        publish();
        begin(State.SOLICITING);
    }

    private void begin(State next) {
        state = next;
        if (xid >= 0) {
            driver.forgetXid(xid);
        }
        xid = driver.newXid(this);
        attempts = 0;
        exchangeStartNanos = System.nanoTime();
        transmit();
    }

    private void transmit() {
        attempts++;
        ClientServerMessage m = new ClientServerMessage(messageType(), xid, options());
        if (state == State.SOLICITING || state == State.REBINDING) {
            driver.sendToAll(m);
        } else {
            driver.send(m, serverAddress);
        }
        arm(driver.retransmitInterval());
    }

    private void arm(Duration delay) {
        if (timer != null) {
            timer.cancel(false);
        }
        timer = driver.schedule(this::onTimer, delay);
    }

    private MessageType messageType() {
        return switch (state) {
            case SOLICITING -> MessageType.SOLICIT;
            case REQUESTING -> MessageType.REQUEST;
            case RENEWING -> MessageType.RENEW;
            case REBINDING -> MessageType.REBIND;
            case BOUND -> throw new IllegalStateException("nothing to send while bound");
        };
    }

    private List<DhcpOption> options() {
        List<DhcpOption> o = new ArrayList<>();
        o.add(new DhcpOption.ClientId(duid));
        if (state == State.REQUESTING || state == State.RENEWING) {
            o.add(new DhcpOption.ServerId(serverDuid));
        }
        long hundredths = (System.nanoTime() - exchangeStartNanos) / 10_000_000L;
        o.add(new DhcpOption.ElapsedTime(attempts == 1 ? 0 : (int) Math.min(hundredths, 0xFFFF)));
        o.add(new DhcpOption.OptionRequest(List.of(DhcpOption.DNS_SERVERS)));
        Map<Resource.Kind, Resource> listed = new EnumMap<>(Resource.Kind.class);
        if (state == State.REQUESTING) {
            listed.putAll(offered);
        } else if (state != State.SOLICITING) {
            held.forEach((k, h) -> listed.put(k, h.resource()));
        }
        if (driver.wantsAddress()) {
            Resource a = listed.get(Resource.Kind.ADDRESS);
            o.add(new DhcpOption.IaNa(IAID_NA, 0, 0, a == null ? List.of()
                    : List.of(new DhcpOption.IaAddress((Ipv6Address) a, 0, 0, List.of()))));
        }
        if (driver.wantsPrefix()) {
            Resource p = listed.get(Resource.Kind.PREFIX);
            o.add(new DhcpOption.IaPd(IAID_PD, 0, 0, p == null ? List.of()
                    : List.of(new DhcpOption.IaPrefix(0, 0, (Ipv6Prefix) p, List.of()))));
        }
        return o;
    }

    private void onTimer() {
        Instant now = driver.now();
        switch (state) {
            case BOUND -> begin(State.RENEWING);
            case SOLICITING, REQUESTING -> {
                if (attempts < driver.maxAttempts()) {
                    driver.countRetransmission();
                    transmit();
                } else {
                    driver.countRestart();
                    solicit();
                }
            }
            case RENEWING -> {
                if (now.isBefore(t2At)) {
                    driver.countRetransmission();
                    transmit();
                } else {
                    begin(State.REBINDING);
                }
            }
            case REBINDING -> {
                if (now.isBefore(expiresAt)) {
                    driver.countRetransmission();
                    transmit();
                } else {
                    driver.countRestart();
                    solicit();
                }
            }
        }
    }

    void onMessage(ClientServerMessage m, InetSocketAddress from) {
        if (!m.clientId().map(duid::equals).orElse(false) || m.serverId().isEmpty()) {
            return;
        }
        switch (state) {
            case SOLICITING -> {
                if (m.type() == MessageType.REPLY && m.hasRapidCommit()) {
                    bindFrom(m, from);
                } else if (m.type() == MessageType.ADVERTISE) {
                    Map<Resource.Kind, Held> offer = granted(m);
                    if (!offer.isEmpty()) {
                        offer.forEach((k, h) -> offered.put(k, h.resource()));
                        serverDuid = m.serverId().get();
                        serverAddress = from;
                        begin(State.REQUESTING);
                    }
                }
            }
            case REQUESTING -> {
                if (m.type() == MessageType.REPLY && !bindFrom(m, from)) {
                    driver.countRestart();
                    solicit();
                }
            }
            case RENEWING, REBINDING -> {
                if (m.type() == MessageType.REPLY) {
                    extendFrom(m, from);
                }
            }
            case BOUND -> {
                // a late duplicate of an answered exchange
            }
        }
    }

    private boolean bindFrom(ClientServerMessage m, InetSocketAddress from) {
        Map<Resource.Kind, Held> got = granted(m);
        if (got.isEmpty()) {
            return false;
        }
        held = got;
        driver.countBound();
        enterBound(m, from);
        return true;
    }

    private void extendFrom(ClientServerMessage m, InetSocketAddress from) {
        boolean noBinding = m.all(DhcpOption.IaNa.class).stream().anyMatch(ia -> hasStatus(ia.options()))
                || m.all(DhcpOption.IaPd.class).stream().anyMatch(ia -> hasStatus(ia.options()));
        Map<Resource.Kind, Held> got = granted(m);
        if (noBinding || got.isEmpty()) {
            driver.countRestart();
            solicit();
            return;
        }
        // Resources not mentioned in the reply keep their old lifetimes (RFC 8415 §18.2.10.1).
        held.putAll(got);
        if (state == State.RENEWING) {
            driver.countRenewed();
        } else {
            driver.countRebound();
        }
        enterBound(m, from);
    }

    private static boolean hasStatus(List<DhcpOption> iaOptions) {
        return Options.first(iaOptions, DhcpOption.Status.class).map(s -> !s.is(StatusCode.SUCCESS)).orElse(false);
    }

    /** Enters BOUND and sets T1 (timer), T2 and expiry from the held leases and the reply's IAs. */
    private void enterBound(ClientServerMessage m, InetSocketAddress from) {
        serverDuid = m.serverId().get();
        serverAddress = from;
        driver.forgetXid(xid);
        xid = -1;
        state = State.BOUND;
        long minPreferred = held.values().stream().mapToLong(Held::preferredSeconds).min().orElse(0);
        long t1 = renewTime(m, true, minPreferred / 2);
        long t2 = renewTime(m, false, minPreferred * 4 / 5);
        Instant now = driver.now();
        t2At = driver.after(now, t2);
        expiresAt = held.values().stream().map(Held::validUntil).min(Instant::compareTo).orElse(now);
        publish();
        if (timer != null) {
            timer.cancel(false);
        }
        if (t1 < DhcpOption.UINT32_MAX) {
            timer = driver.schedule(this::onTimer, driver.scaled(t1));
        }
    }

    /** The smallest non-zero T1 (or T2) of the reply's IAs, else {@code fallback} (§18.2.4). */
    private static long renewTime(ClientServerMessage m, boolean t1, long fallback) {
        long best = Long.MAX_VALUE;
        for (DhcpOption.IaNa ia : m.all(DhcpOption.IaNa.class)) {
            long v = t1 ? ia.t1Seconds() : ia.t2Seconds();
            best = v > 0 ? Math.min(best, v) : best;
        }
        for (DhcpOption.IaPd ia : m.all(DhcpOption.IaPd.class)) {
            long v = t1 ? ia.t1Seconds() : ia.t2Seconds();
            best = v > 0 ? Math.min(best, v) : best;
        }
        return best == Long.MAX_VALUE ? fallback : best;
    }

    /** The resources with a non-zero valid lifetime in the reply's IAs. */
    private Map<Resource.Kind, Held> granted(ClientServerMessage m) {
        Instant now = driver.now();
        Map<Resource.Kind, Held> out = new EnumMap<>(Resource.Kind.class);
        for (DhcpOption.IaNa ia : m.all(DhcpOption.IaNa.class)) {
            for (DhcpOption.IaAddress a : Options.all(ia.options(), DhcpOption.IaAddress.class)) {
                if (a.validSeconds() > 0) {
                    out.put(Resource.Kind.ADDRESS, new Held(a.address(), a.preferredSeconds(), a.validSeconds(),
                            driver.after(now, a.validSeconds())));
                }
            }
        }
        for (DhcpOption.IaPd ia : m.all(DhcpOption.IaPd.class)) {
            for (DhcpOption.IaPrefix p : Options.all(ia.options(), DhcpOption.IaPrefix.class)) {
                if (p.validSeconds() > 0) {
                    out.put(Resource.Kind.PREFIX, new Held(p.prefix(), p.preferredSeconds(), p.validSeconds(),
                            driver.after(now, p.validSeconds())));
                }
            }
        }
        return out;
    }

    private void publish() {
        List<Holding> list = new ArrayList<>();
        held.values().forEach(h -> list.add(new Holding(h.resource(), serverDuid, h.validUntil())));
        driver.publish(duid, list);
    }

    void stop() {
        if (timer != null) {
            timer.cancel(false);
        }
    }
}
