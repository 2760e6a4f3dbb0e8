package org.dhcpv6.failover.core.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.dhcpv6.failover.core.testfixtures.ForwardingLeaseStore;
import org.dhcpv6.failover.api.AddressPool;
import org.dhcpv6.failover.core.internal.fault.FaultInjector;
import org.dhcpv6.failover.api.Binding;
import org.dhcpv6.failover.api.ClientIdentity;
import org.dhcpv6.failover.api.ClockSource;
import org.dhcpv6.failover.api.Duid;
import org.dhcpv6.failover.api.EndpointRecord;
import org.dhcpv6.failover.api.FailoverListener;
import org.dhcpv6.failover.api.IaType;
import org.dhcpv6.failover.api.Ipv6Address;
import org.dhcpv6.failover.api.LeaseCommit;
import org.dhcpv6.failover.api.LeaseDecision;
import org.dhcpv6.failover.api.LeaseDecision.Outcome;
import org.dhcpv6.failover.api.LeaseRequest;
import org.dhcpv6.failover.api.LeaseStore;
import org.dhcpv6.failover.api.LeaseStoreException;
import org.dhcpv6.failover.api.MessageKind;
import org.dhcpv6.failover.api.RelationshipConfig;
import org.dhcpv6.failover.api.Role;
import org.dhcpv6.failover.api.ServerState;
import org.dhcpv6.failover.core.internal.binding.EndpointHooks;
import org.dhcpv6.failover.core.store.JournalLeaseStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The asynchronous before-REPLY hook: its answer never completes before the store's write is
 * durable, a failed write answers NOT_COMMITTED and leaves nothing in the table, close refuses
 * and waits for the writes in flight, and concurrent grants over the journal store share flushes
 * and never hand one address to two clients.
 */
class AsyncBeforeReplyTest {

    private static final long HOUR = 3600;

    @TempDir
    Path temp;

    /** Holds every asynchronous write until the test lets it finish (or fail). */
    static final class GatedStore extends ForwardingLeaseStore {
        final ConcurrentLinkedQueue<CompletableFuture<Void>> gates = new ConcurrentLinkedQueue<>();
        final AtomicBoolean writeReturned = new AtomicBoolean();
        volatile boolean fail;

        @Override
        public CompletionStage<Void> putAsync(Binding binding) {
            CompletableFuture<Void> gate = new CompletableFuture<>();
            gates.add(gate);
            return gate.thenRun(() -> {
                if (fail) {
                    throw new IllegalStateException(new LeaseStoreException("disk full"));
                }
                try {
                    delegate.put(binding);
                } catch (LeaseStoreException e) {
                    throw new IllegalStateException(e);
                }
                writeReturned.set(true);
            });
        }

        void openGates() {
            for (CompletableFuture<Void> g = gates.poll(); g != null; g = gates.poll()) {
                g.complete(null);
            }
        }
    }

    @Test
    void theAnswerCompletesOnlyAfterTheStoreWroteTheBinding() throws Exception {
        GatedStore store = new GatedStore();
        EndpointHooks hooks = serving(store).hooks();
        Ipv6Address a = hooks.nextFreeAddress().orElseThrow();
        LeaseCommit commit = hooks.beforeReplyAsync(request(1, a));

        assertEquals(Outcome.GRANTED, commit.decision().outcome(), "decided at once");
        CompletableFuture<LeaseDecision> durable = commit.durable().toCompletableFuture();
        assertFalse(durable.isDone(), "no answer before the write");
        assertTrue(hooks.binding(a).isPresent(), "later decisions see the queued binding");
        assertFalse(store.delegate.get(a).isPresent());
        AtomicBoolean writtenWhenAnswered = new AtomicBoolean();
        durable.thenRun(() -> writtenWhenAnswered.set(store.writeReturned.get()));

        store.openGates();
        assertEquals(Outcome.GRANTED, durable.get(5, TimeUnit.SECONDS).outcome());
        assertTrue(writtenWhenAnswered.get(), "the store's write had returned when the answer completed");
        assertTrue(store.delegate.get(a).isPresent());
    }

    @Test
    void aFailedWriteAnswersNotCommittedAndKeepsNothing() throws Exception {
        GatedStore store = new GatedStore();
        EndpointHooks hooks = serving(store).hooks();
        Ipv6Address a = hooks.nextFreeAddress().orElseThrow();
        LeaseCommit commit = hooks.beforeReplyAsync(request(1, a));
        assertTrue(hooks.binding(a).isPresent());

        store.fail = true;
        store.openGates();
        LeaseDecision answer = commit.durable().toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertEquals(Outcome.NOT_COMMITTED, answer.outcome());
        assertFalse(answer.allowed());
        assertFalse(hooks.binding(a).isPresent(), "the table keeps nothing the store refused");
        assertFalse(store.delegate.get(a).isPresent());
    }

    @Test
    void aStoreThatThrowsOrReturnsNoStageIsRefusedAtOnce() throws Exception {
        LeaseStore throwing = new ForwardingLeaseStore() {
            @Override
            public CompletionStage<Void> putAsync(Binding binding) {
                throw new IllegalStateException("host store bug");
            }
        };
        EndpointHooks hooks = serving(throwing).hooks();
        Ipv6Address a = hooks.nextFreeAddress().orElseThrow();
        LeaseCommit commit = hooks.beforeReplyAsync(request(1, a));
        assertEquals(Outcome.NOT_COMMITTED, commit.decision().outcome());
        assertEquals(Outcome.NOT_COMMITTED, commit.durable().toCompletableFuture().get(1, TimeUnit.SECONDS).outcome());
        assertFalse(hooks.binding(a).isPresent());

        LeaseStore noStage = new ForwardingLeaseStore() {
            @Override
            public CompletionStage<Void> putAsync(Binding binding) {
                return null;
            }
        };
        EndpointHooks other = serving(noStage).hooks();
        Ipv6Address b = other.nextFreeAddress().orElseThrow();
        assertEquals(Outcome.NOT_COMMITTED, other.beforeReplyAsync(request(2, b)).decision().outcome());
        assertFalse(other.binding(b).isPresent());
    }

    @Test
    void closeRefusesNewCallsAndWaitsForTheWritesInFlight() throws Exception {
        GatedStore store = new GatedStore();
        EndpointHooks hooks = serving(store).hooks();
        Ipv6Address a = hooks.nextFreeAddress().orElseThrow();
        LeaseCommit inFlight = hooks.beforeReplyAsync(request(1, a));

        assertFalse(hooks.close(Duration.ofMillis(100)), "a write was still in flight");
        LeaseCommit refused = hooks.beforeReplyAsync(request(2, hooks.binding(a).isPresent() ? a : a));
        assertEquals(Outcome.NOT_RESPONSIVE, refused.decision().outcome());
        assertTrue(refused.durable().toCompletableFuture().isDone());
        assertEquals(1, store.gates.size(), "nothing written after close");

        CountDownLatch closed = new CountDownLatch(1);
        Thread closer = new Thread(() -> {
            if (hooks.close(Duration.ofSeconds(5))) {
                closed.countDown();
            }
        });
        closer.start();
        assertFalse(closed.await(100, TimeUnit.MILLISECONDS), "close waits for the write");
        store.openGates();
        assertTrue(closed.await(5, TimeUnit.SECONDS));
        assertEquals(Outcome.GRANTED, inFlight.durable().toCompletableFuture().get(1, TimeUnit.SECONDS).outcome());
        closer.join();
    }

    @Test
    void concurrentGrantsOverTheJournalShareFlushesAndNeverDoubleLease() throws Exception {
        JournalLeaseStore store = JournalLeaseStore.open(temp.resolve("journal"));
        try {
            EndpointHooks hooks = serving(store).hooks();
            int threads = 4;
            int perThread = 200;
            ConcurrentLinkedQueue<CompletableFuture<LeaseDecision>> answers = new ConcurrentLinkedQueue<>();
            List<Thread> askers = new ArrayList<>();
            CountDownLatch go = new CountDownLatch(1);
            for (int t = 0; t < threads; t++) {
                int base = t * perThread;
                Thread asker = new Thread(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    for (int i = 0; i < perThread; i++) {
                        for (int attempt = 0; attempt < 20; attempt++) {
                            Ipv6Address a = hooks.nextFreeAddress().orElseThrow();
                            LeaseCommit c = hooks.beforeReplyAsync(request(base + i, a));
                            if (c.decision().outcome() != Outcome.IN_USE) {
                                answers.add(c.durable().toCompletableFuture());
                                break;
                            }
                        }
                    }
                });
                askers.add(asker);
                asker.start();
            }
            go.countDown();
            for (Thread asker : askers) {
                asker.join();
            }
            Set<Ipv6Address> leased = new HashSet<>();
            for (CompletableFuture<LeaseDecision> f : answers) {
                LeaseDecision d = f.get(10, TimeUnit.SECONDS);
                assertEquals(Outcome.GRANTED, d.outcome(), d::reason);
                Ipv6Address a = (Ipv6Address) d.request().resource();
                assertTrue(leased.add(a), "leased twice: " + a);
                assertEquals(d.request().client(), store.get(a).orElseThrow().client(), "durable in the store");
            }
            assertEquals(threads * perThread, leased.size());
            assertTrue(store.flushCount() < leased.size(), "flushes shared: " + store.flushCount() + " for "
                    + leased.size() + " leases");
        } finally {
            store.close();
        }
    }

    @Test
    void aWriteTheStoreNeverFinishesIsGivenUpAfterTheLimit() throws Exception {
        GatedStore store = new GatedStore();
        FakeClock clock = new FakeClock(Instant.now());
        EndpointHooks hooks = serving(store, clock).hooks();
        Ipv6Address a = hooks.nextFreeAddress().orElseThrow();
        CompletableFuture<LeaseDecision> stuck = hooks.beforeReplyAsync(request(1, a)).durable().toCompletableFuture();

        clock.advance(Duration.ofSeconds(29));
        hooks.beforeReplyAsync(request(2, Ipv6Address.parse("2001:db8:99::1")));
        assertFalse(stuck.isDone(), "still within the limit");
        clock.advance(Duration.ofSeconds(2));
        hooks.beforeReplyAsync(request(2, Ipv6Address.parse("2001:db8:99::1")));
        assertEquals(Outcome.NOT_COMMITTED, stuck.getNow(null).outcome());
        assertTrue(hooks.binding(a).isPresent(), "kept until the store answers: a late flush may still land");

        store.openGates();
        assertEquals(Outcome.NOT_COMMITTED, stuck.get().outcome(), "a late write does not turn it into a grant");
        assertEquals(store.delegate.get(a), hooks.binding(a),
                "the table holds what the store holds (what a restart would load), no stale holder");
    }

    @Test
    void aWriteGivenUpThatTheStoreThenFailsIsTakenBack() throws Exception {
        GatedStore store = new GatedStore();
        FakeClock clock = new FakeClock(Instant.now());
        EndpointHooks hooks = serving(store, clock).hooks();
        Ipv6Address a = hooks.nextFreeAddress().orElseThrow();
        CompletableFuture<LeaseDecision> stuck = hooks.beforeReplyAsync(request(1, a)).durable().toCompletableFuture();
        clock.advance(Duration.ofSeconds(31));
        hooks.beforeReplyAsync(request(2, Ipv6Address.parse("2001:db8:99::1")));
        assertEquals(Outcome.NOT_COMMITTED, stuck.getNow(null).outcome());

        store.fail = true;
        store.openGates();
        assertFalse(hooks.binding(a).isPresent(), "the store refused it: the table keeps nothing");
        assertFalse(store.delegate.get(a).isPresent());
    }

    @Test
    void noBndupdLeavesForABindingTheStoreHasNotMadeDurable() throws Exception {
        GatedStore store = new GatedStore();
        EnginePair pair = new EnginePair(b -> b.mclt(Duration.ofHours(1))
                .addressPool(AddressPool.parse("2001:db8:1::/64")));
        pair.primaryStore = store;
        pair.start();
        pair.advance(Duration.ofSeconds(3));
        assertEquals(ServerState.NORMAL, pair.primaryState());
        EndpointHooks hooks = pair.primary.hooks();
        Ipv6Address a = hooks.nextFreeAddress().orElseThrow();
        ClientIdentity client = request(1, a).client();
        // A first lease (half an hour), durable, its BNDUPD queued; before the event loop runs,
        // the client's next request extends it to an hour through the asynchronous hook.
        LeaseDecision first = hooks.beforeReply(LeaseRequest.of(MessageKind.REQUEST, client, a, 1800, 1800, true));
        assertEquals(Outcome.GRANTED, first.outcome());
        hooks.afterReply(first);
        LeaseCommit renew = hooks.beforeReplyAsync(LeaseRequest.of(MessageKind.RENEW, client, a, HOUR, HOUR, true));
        assertEquals(HOUR, renew.decision().validSeconds());
        Instant notDurableUntil = hooks.binding(a).orElseThrow().stateExpirationTime();

        pair.settle();
        pair.advance(Duration.ofSeconds(40)); // past the event loop's rescan of pending bindings
        Optional<Binding> atSecondary = pair.secondary.hooks().binding(a);
        assertTrue(atSecondary.isEmpty() || atSecondary.get().stateExpirationTime()
                .isBefore(notDurableUntil.minusSeconds(600)), "the partner was told of a binding not yet durable: "
                        + atSecondary);

        store.openGates();
        LeaseDecision durable = renew.durable().toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertEquals(Outcome.GRANTED, durable.outcome());
        hooks.afterReply(durable);
        pair.settle();
        Binding told = pair.secondary.hooks().binding(a).orElseThrow();
        assertTrue(Duration.between(notDurableUntil, told.stateExpirationTime()).abs().compareTo(Duration.ofSeconds(2)) <= 0,
                "once durable, the partner hears of it: " + told);
    }

    @Test
    void aRefusalNeedsNoWrite() throws Exception {
        GatedStore store = new GatedStore();
        EndpointHooks hooks = serving(store).hooks();
        Ipv6Address outside = Ipv6Address.parse("2001:db8:99::1");
        LeaseCommit c = hooks.beforeReplyAsync(request(1, outside));
        assertEquals(Outcome.NOT_IN_POOL, c.decision().outcome());
        assertTrue(c.durable().toCompletableFuture().isDone());
        assertNull(store.gates.peek());
    }

    private static LeaseRequest request(int client, Ipv6Address a) {
        ClientIdentity id = new ClientIdentity(Duid.parseHex(String.format("0001000100%08x", client)), 1, IaType.IA_NA);
        return LeaseRequest.of(MessageKind.REQUEST, id, a, HOUR, HOUR, true);
    }

    /** A primary that was NORMAL before a restart, past STARTUP: COMMUNICATIONS-INTERRUPTED, serving. */
    private static FailoverEndpoint serving(LeaseStore store) throws LeaseStoreException {
        return serving(store, ClockSource.SYSTEM);
    }

    private static FailoverEndpoint serving(LeaseStore store, ClockSource clock) throws LeaseStoreException {
        Instant before = clock.wallTime().minusSeconds(60);
        store.saveEndpoint(new EndpointRecord(ServerState.NORMAL, before.minusSeconds(600), null, ServerState.NORMAL,
                before, before, before, null, false));
        RelationshipConfig config = RelationshipConfig.builder("async", Role.PRIMARY).mclt(Duration.ofHours(1))
                .partnerAddress(new InetSocketAddress("::1", 647)).localAddress(new InetSocketAddress("::1", 647))
                .addressPool(AddressPool.parse("2001:db8:1::/64")).build();
        Now now = Now.of(clock);
        FailoverEndpoint e = new FailoverEndpoint(config, store, FailoverListener.NONE, new RecordingOutbox(),
                clock, FaultInjector.NONE, now);
        e.start(now);
        e.poll(new Now(clock.wallTime(), now.nanos() + config.startupTime().toNanos() + 1));
        return e;
    }
}
