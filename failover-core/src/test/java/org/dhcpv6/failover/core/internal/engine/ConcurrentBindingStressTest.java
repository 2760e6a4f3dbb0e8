package org.dhcpv6.failover.core.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.dhcpv6.failover.api.AddressPool;
import org.dhcpv6.failover.api.Binding;
import org.dhcpv6.failover.api.BindingStatus;
import org.dhcpv6.failover.api.ClientIdentity;
import org.dhcpv6.failover.api.Duid;
import org.dhcpv6.failover.api.IaType;
import org.dhcpv6.failover.api.Ipv6Address;
import org.dhcpv6.failover.api.LeaseDecision;
import org.dhcpv6.failover.api.LeaseDecision.Outcome;
import org.dhcpv6.failover.api.LeaseHooks;
import org.dhcpv6.failover.api.LeaseRequest;
import org.dhcpv6.failover.api.MessageKind;
import org.dhcpv6.failover.api.Resource;
import org.dhcpv6.failover.api.Role;
import org.dhcpv6.failover.api.ServerState;
import org.dhcpv6.failover.core.internal.binding.BindingTable;
import org.dhcpv6.failover.core.store.JournalLeaseStore;
import org.dhcpv6.failover.core.store.JournalOptions;
import org.dhcpv6.failover.core.internal.sync.BindingMessages;
import org.dhcpv6.failover.core.internal.sync.TimeTranslator;
import org.dhcpv6.failover.core.internal.wire.BndReply;
import org.dhcpv6.failover.core.internal.wire.BndUpd;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Four host threads grant, renew and release 64 odd addresses of one primary in NORMAL through
 * its hooks, while the event-loop thread (this test's) applies the partner's BNDUPDs for the same
 * addresses with other clients and acknowledges the primary's. Every decision goes through the
 * real striped locks, the real journal and the real conflict rules.
 *
 * <p>It fails when: a host grant or a partner update skips the resource lock (two clients end up
 * GRANTED the same address, or a holder's renewal or release is refused because its binding was
 * overwritten); the table and the store are written in different orders or outside the lock (they
 * disagree at the end, or the replayed journal differs); a partner update with no later time takes
 * an ACTIVE lease away (RFC 8156 §7.5.4 ACCEPT_3 without time(2)).
 *
 * <p>Time stands still at {@link ScriptedPartner#T0}: every CLT is the same instant, so by the
 * §7.5.1 equality window no partner update may displace a host lease, which is what makes
 * "a holder's renewal is always granted" a sound check.
 */
class ConcurrentBindingStressTest {

    private static final int HOST_THREADS = 4;
    private static final int OPS_PER_THREAD = 4_000;
    private static final int ADDRESSES = 64;
    private static final Ipv6Address BASE = Ipv6Address.parse("2001:db8:1::1");
    private static final List<ClientIdentity> PARTNER_CLIENTS =
            List.of(client(9000), client(9001), client(9002), client(9003));

    @TempDir
    Path tmp;
    private final ConcurrentHashMap<Resource, ClientIdentity> holders = new ConcurrentHashMap<>();
    private final List<String> violations = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger granted = new AtomicInteger();
    private volatile boolean hostsDone;

    static Ipv6Address odd(int i) {
        return BASE.plus(2L * i);
    }

    /** Host thread t owns clients t*100 .. t*100+7; the partner's are 9000-9003. */
    static ClientIdentity client(int n) {
        return new ClientIdentity(Duid.parseHex(String.format("0001000100%06x", n)), 1, IaType.IA_NA);
    }

    @Test
    void hostGrantsAndPartnerUpdatesOnTheSameAddressesNeverGiveOneAddressToTwoClients() throws Exception {
        JournalOptions options = JournalOptions.defaults().withFsync(false);
        JournalLeaseStore store = JournalLeaseStore.open(tmp, options);
        ScriptedPartner p = new ScriptedPartner(Role.PRIMARY,
                b -> b.addressPool(AddressPool.parse("2001:db8:1::/64")), store).savedState(ServerState.NORMAL).start();
        p.connectWithPartnerIn(ServerState.NORMAL);
        assertEquals(ServerState.NORMAL, p.state());
        p.out.clear();
        LeaseHooks hooks = p.engine.hooks();

        CountDownLatch go = new CountDownLatch(1);
        List<Thread> hosts = new ArrayList<>();
        for (int t = 0; t < HOST_THREADS; t++) {
            int id = t;
            Thread th = new Thread(() -> host(hooks, id, go), "host-" + t);
            hosts.add(th);
            th.start();
        }
        int[] partner = {0, 0};
        // The partner starts first, so it wins some never-used addresses before the hosts do.
        Thread loop = new Thread(() -> eventLoop(p, partner), "event-loop");
        loop.start();
        go.countDown();
        for (Thread th : hosts) {
            th.join(60_000);
        }
        hostsDone = true;
        loop.join(60_000);

        assertTrue(violations.isEmpty(), () -> violations.size() + " violations, first: "
                + violations.subList(0, Math.min(10, violations.size())));
        System.out.printf("STRESS %d host grants, %d partner BNDUPDs accepted, %d rejected%n", granted.get(),
                partner[0], partner[1]);
        assertTrue(granted.get() > 1000 && partner[0] > 0 && partner[1] > 0, "both sides really contended");

        BindingTable table = p.engine.bindings();
        assertEquals(table.size(), store.size(), "table and store hold the same number of bindings");
        for (int i = 0; i < ADDRESSES; i++) {
            Ipv6Address a = odd(i);
            assertEquals(store.get(a).orElse(null), table.get(a), "table and store agree on " + a);
            ClientIdentity holder = holders.get(a);
            Binding b = table.get(a);
            if (holder != null) {
                assertEquals(BindingStatus.ACTIVE, b.status(), a + " is held by " + holder);
                assertEquals(holder, b.client(), "holder of " + a);
            } else if (b != null && b.status() == BindingStatus.ACTIVE) {
                assertTrue(PARTNER_CLIENTS.contains(b.client()), () -> a + " ACTIVE for a host client "
                        + b.client() + " that the host never kept");
            }
        }
        Map<Resource, Binding> live = new HashMap<>(table.view());
        store.close();
        try (JournalLeaseStore replayed = JournalLeaseStore.open(tmp, options)) {
            Map<Resource, Binding> fromDisk = new HashMap<>();
            replayed.forEach(b -> fromDisk.put(b.resource(), b));
            assertEquals(live, fromDisk, "the journal replays to exactly the table");
        }
    }

    private void host(LeaseHooks hooks, int id, CountDownLatch go) {
        Random rnd = new Random(42 + id);
        Map<Resource, ClientIdentity> mine = new HashMap<>();
        try {
            go.await();
        } catch (InterruptedException e) {
            return;
        }
        for (int op = 0; op < OPS_PER_THREAD; op++) {
            // At most four holdings per thread keeps most addresses changing hands.
            if (mine.size() >= 4 || !mine.isEmpty() && rnd.nextBoolean()) {
                List<Resource> held = new ArrayList<>(mine.keySet());
                Ipv6Address a = (Ipv6Address) held.get(rnd.nextInt(held.size()));
                ClientIdentity c = mine.get(a);
                if (rnd.nextInt(10) < 4) {
                    LeaseDecision d = ask(hooks, MessageKind.RENEW, c, a);
                    check(d.outcome() == Outcome.GRANTED, "renewal of " + a + " by its holder " + c + ": " + d);
                } else {
                    // Forget the holder first: once RELEASED is recorded another thread may take it.
                    mine.remove(a);
                    holders.remove(a, c);
                    LeaseDecision d = ask(hooks, MessageKind.RELEASE, c, a);
                    check(d.outcome() == Outcome.RECORDED, "release of " + a + " by its holder " + c + ": " + d);
                }
                continue;
            }
            Ipv6Address a = odd(rnd.nextInt(ADDRESSES));
            ClientIdentity c = client(id * 100 + rnd.nextInt(8));
            LeaseDecision d = ask(hooks, MessageKind.REQUEST, c, a);
            if (d.outcome() == Outcome.GRANTED) {
                granted.incrementAndGet();
                ClientIdentity before = holders.putIfAbsent(a, c);
                check(before == null || before.equals(c), a + " GRANTED to " + c + " while " + before + " holds it");
                ClientIdentity earlier = mine.put(a, c);
                check(earlier == null || earlier.equals(c), a + " GRANTED to " + c + " while " + earlier + " holds it");
            }
        }
    }

    private static LeaseDecision ask(LeaseHooks hooks, MessageKind kind, ClientIdentity c, Ipv6Address a) {
        long lifetime = kind == MessageKind.RELEASE ? 0 : 7200;
        LeaseDecision d = hooks.beforeReply(LeaseRequest.of(kind, c, a, lifetime, lifetime, kind != MessageKind.REQUEST));
        hooks.afterReply(d);
        return d;
    }

    private void check(boolean ok, String what) {
        if (!ok) {
            violations.add(what);
        }
    }

    /** The engine's thread: host changes go out, the partner's BNDUPDs come in, ours are acknowledged. */
    private void eventLoop(ScriptedPartner p, int[] partner) {
        Random rnd = new Random(7);
        Instant t0 = ScriptedPartner.T0;
        TimeTranslator same = TimeTranslator.identity(t0);
        while (!hostsDone) {
            p.engine.poll(p.clock.now());
            for (BndUpd ours : p.out.take(BndUpd.class)) {
                p.deliver(BindingMessages.reply(ours, p.wireNow(), Map.of(), null));
            }
            for (BndReply answer : p.out.take(BndReply.class)) {
                for (BindingMessages.Ack ack : BindingMessages.acks(answer, t0)) {
                    partner[ack.accepted() ? 0 : 1]++;
                }
            }
            // Keep only what still needs an answer: BNDUPDs the replies above just released.
            p.out.sent.removeIf(m -> !(m.message() instanceof BndUpd));
            for (int i = 0; i < 4; i++) {
                partnerUpdate(p, rnd, same);
            }
        }
        violations.addAll(p.out.closed);
    }

    /**
     * One partner BNDUPD for a random address: ACTIVE or RELEASED for one of its own clients, all
     * at T0. By the rules it wins only an address we never used, and ends only its own lease.
     */
    private static void partnerUpdate(ScriptedPartner p, Random rnd, TimeTranslator same) {
        Instant t0 = ScriptedPartner.T0;
        Ipv6Address a = odd(rnd.nextInt(ADDRESSES));
        BindingStatus status = rnd.nextBoolean() ? BindingStatus.ACTIVE : BindingStatus.RELEASED;
        ClientIdentity c = PARTNER_CLIENTS.get(rnd.nextInt(PARTNER_CLIENTS.size()));
        Binding theirs = new Binding(a, c, status, 3600, 3600, 1800, 2880, t0,
                status == BindingStatus.ACTIVE ? t0.plusSeconds(3600) : null, t0, null, null, null,
                t0.plusSeconds(5400), true);
        p.deliver(BindingMessages.update(p.nextXid(), p.wireNow(), theirs, theirs.partnerLifetime(), t0, same));
    }
}
