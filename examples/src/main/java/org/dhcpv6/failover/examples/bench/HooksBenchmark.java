package org.dhcpv6.failover.examples.bench;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.dhcpv6.failover.api.ClientIdentity;
import org.dhcpv6.failover.api.Ipv6Address;
import org.dhcpv6.failover.api.LeaseCommit;
import org.dhcpv6.failover.api.LeaseDecision;
import org.dhcpv6.failover.api.LeaseRequest;
import org.dhcpv6.failover.api.LeaseStore;
import org.dhcpv6.failover.api.MessageKind;
import org.dhcpv6.failover.api.Role;
import org.dhcpv6.failover.core.internal.binding.EndpointHooks;
import org.dhcpv6.failover.core.internal.engine.FailoverEndpoint;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * The host's per-lease cost (docs/architecture.md §4): {@code beforeReply} (or
 * {@code beforeReplyAsync}, the {@code *Async} methods) then {@code afterReply} on a
 * primary in COMMUNICATIONS-INTERRUPTED, no network. {@code renew*} extends one of 4,096 existing
 * leases; {@code request*} leases a new address ({@code nextFreeAddress} included, as a host
 * must pick one). The store is in memory or a journal with fsync on (real durability, so the
 * journal figures are the disk's force latency, shared between threads by group commit).
 *
 * <p>A fresh endpoint per iteration keeps the table and the expiry queue from growing across
 * iterations. Run: {@code java -cp "examples/target/examples-0.1.0-SNAPSHOT.jar:examples/target/lib/*"
 * org.openjdk.jmh.Main HooksBenchmark -f 1 -wi 3 -w 2s -i 5 -r 2s}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class HooksBenchmark {

    private static final int LEASES = 4096;
    private static final int CLIENTS = 1 << 16;
    private static final long LIFETIME = 3600;
    /** Requests one host thread keeps in flight with the asynchronous hook. */
    static final int IN_FLIGHT = 64;

    @Param({"memory", "journal"})
    public String store;

    private LeaseStore leaseStore;
    private EndpointHooks hooks;
    private final ClientIdentity[] clients = new ClientIdentity[CLIENTS];
    private final Ipv6Address[] leased = new Ipv6Address[LEASES];
    private final AtomicInteger nextClient = new AtomicInteger();
    private final AtomicInteger threads = new AtomicInteger();

    /** Each benchmark thread walks its own part of the existing leases. */
    @State(Scope.Thread)
    public static class Cursor {
        int next;

        /** Threads start far apart, so two threads rarely renew the same lease at once. */
        @Setup(Level.Iteration)
        public void place(HooksBenchmark b) {
            next = b.threads.getAndIncrement() * (LEASES / 2);
        }
    }

    /** Clients are made once; the table they lease into is made per iteration. */
    @Setup(Level.Trial)
    public void clients() {
        for (int i = 0; i < CLIENTS; i++) {
            clients[i] = BenchEndpoints.client(i);
        }
    }

    /** A fresh serving endpoint with 4,096 granted leases. */
    @Setup(Level.Iteration)
    public void endpoint() throws Exception {
        leaseStore = BenchEndpoints.store(store);
        FailoverEndpoint e = BenchEndpoints.serving(Role.PRIMARY, leaseStore);
        hooks = e.hooks();
        for (int i = 0; i < LEASES; i++) {
            leased[i] = hooks.nextFreeAddress().orElseThrow();
            LeaseDecision d = hooks.beforeReply(
                    LeaseRequest.of(MessageKind.REQUEST, clients[i], leased[i], LIFETIME, LIFETIME, false));
            if (d.outcome() != LeaseDecision.Outcome.GRANTED) {
                throw new IllegalStateException("setup grant refused: " + d);
            }
        }
        nextClient.set(LEASES);
        threads.set(0);
    }

    /** Drops the endpoint and its store. */
    @TearDown(Level.Iteration)
    public void dispose() throws Exception {
        BenchEndpoints.dispose(leaseStore);
    }

    private Object doRenew(Cursor c) {
        int i = c.next++ & (LEASES - 1);
        LeaseDecision d = hooks.beforeReply(
                LeaseRequest.of(MessageKind.RENEW, clients[i], leased[i], LIFETIME, LIFETIME, true));
        hooks.afterReply(d);
        return d;
    }

    private Object doRequest() {
        Ipv6Address a = hooks.nextFreeAddress().orElseThrow();
        ClientIdentity c = clients[nextClient.getAndIncrement() & (CLIENTS - 1)];
        LeaseDecision d = hooks.beforeReply(LeaseRequest.of(MessageKind.REQUEST, c, a, LIFETIME, LIFETIME, false));
        hooks.afterReply(d);
        return d;
    }

    /** RENEW of an existing lease, one host thread. */
    @Benchmark
    @Threads(1)
    public Object renew(Cursor c) {
        return doRenew(c);
    }

    /** RENEW of an existing lease, two host threads. */
    @Benchmark
    @Threads(2)
    public Object renewTwoThreads(Cursor c) {
        return doRenew(c);
    }

    /** A new REQUEST (next free address, grant, commit), one host thread. */
    @Benchmark
    @Threads(1)
    public Object request() {
        return doRequest();
    }

    /** A new REQUEST, two host threads. */
    @Benchmark
    @Threads(2)
    public Object requestTwoThreads() {
        return doRequest();
    }

    /**
     * {@code beforeReplyAsync}: one host thread keeps {@value #IN_FLIGHT} new REQUESTs in flight
     * and waits for all to be durable (afterReply chained on each); the figure is per lease.
     */
    @Benchmark
    @Threads(1)
    @OperationsPerInvocation(IN_FLIGHT)
    public Object requestAsync() {
        CompletableFuture<?>[] durable = new CompletableFuture<?>[IN_FLIGHT];
        for (int i = 0; i < IN_FLIGHT; i++) {
            Ipv6Address a = hooks.nextFreeAddress().orElseThrow();
            ClientIdentity c = clients[nextClient.getAndIncrement() & (CLIENTS - 1)];
            durable[i] = afterDurable(hooks.beforeReplyAsync(
                    LeaseRequest.of(MessageKind.REQUEST, c, a, LIFETIME, LIFETIME, false)));
        }
        return CompletableFuture.allOf(durable).join();
    }

    /** {@code beforeReplyAsync} for {@value #IN_FLIGHT} RENEWs in flight, one host thread; per lease. */
    @Benchmark
    @Threads(1)
    @OperationsPerInvocation(IN_FLIGHT)
    public Object renewAsync(Cursor cursor) {
        CompletableFuture<?>[] durable = new CompletableFuture<?>[IN_FLIGHT];
        for (int n = 0; n < IN_FLIGHT; n++) {
            int i = cursor.next++ & (LEASES - 1);
            durable[n] = afterDurable(hooks.beforeReplyAsync(
                    LeaseRequest.of(MessageKind.RENEW, clients[i], leased[i], LIFETIME, LIFETIME, true)));
        }
        return CompletableFuture.allOf(durable).join();
    }

    private CompletableFuture<Void> afterDurable(LeaseCommit commit) {
        return commit.durable().toCompletableFuture().thenAccept(d -> {
            if (!d.allowed()) {
                throw new IllegalStateException("refused: " + d);
            }
            hooks.afterReply(d);
        });
    }
}
