package org.dhcpv6.failover.examples.bench;

import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.dhcpv6.failover.api.Binding;
import org.dhcpv6.failover.api.BindingStatus;
import org.dhcpv6.failover.api.ClockSource;
import org.dhcpv6.failover.api.Ipv6Address;
import org.dhcpv6.failover.api.Role;
import org.dhcpv6.failover.api.ServerState;
import org.dhcpv6.failover.core.internal.engine.FailoverEndpoint;
import org.dhcpv6.failover.core.internal.engine.Now;
import org.dhcpv6.failover.core.store.InMemoryLeaseStore;
import org.dhcpv6.failover.core.internal.sync.BindingMessages;
import org.dhcpv6.failover.core.internal.sync.TimeTranslator;
import org.dhcpv6.failover.core.internal.time.WireTime;
import org.dhcpv6.failover.core.internal.wire.BndUpd;
import org.dhcpv6.failover.core.internal.wire.Connect;
import org.dhcpv6.failover.core.internal.wire.ServerFlagsOption;
import org.dhcpv6.failover.core.internal.wire.StateMessage;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Bindings per second a secondary applies from the primary's BNDUPDs on an established session,
 * in-memory store: skew sample, decode of the lease option, the conflict table under the
 * resource lock, the commit, and the BNDREPLY built (the outbox drops it). Decoding the frame is
 * not included ({@code CodecBenchmark} measures it). 65,536 prebuilt updates, one lease each,
 * are applied in turn; from the second round each is the same client's renewal.
 *
 * <p>Run: {@code java -cp "examples/target/examples-0.1.0-SNAPSHOT.jar:examples/target/lib/*"
 * org.openjdk.jmh.Main BindingApplyBenchmark -f 1 -wi 3 -w 2s -i 5 -r 2s}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class BindingApplyBenchmark {

    private static final int UPDATES = 1 << 16;
    private static final long CONNECTION = 1;

    private FailoverEndpoint secondary;
    private final BndUpd[] updates = new BndUpd[UPDATES];
    private int next;

    /** A secondary in NORMAL with the partner connected, and the updates to feed it. */
    @Setup
    public void setUp() throws Exception {
        secondary = BenchEndpoints.serving(Role.SECONDARY, new InMemoryLeaseStore());
        Now now = Now.of(ClockSource.SYSTEM);
        long wire = WireTime.toWire(now.wall());
        secondary.connectReceived(CONNECTION, Connect.of(1, wire, 1, 0, BenchEndpoints.MCLT.toSeconds(), 60, 100,
                BenchEndpoints.NAME, 0), now);
        secondary.messageReceived(CONNECTION, StateMessage.of(2, wire, ServerState.NORMAL.code(),
                ServerFlagsOption.COMMUNICATED, wire, null), now);
        if (secondary.snapshot().state() != ServerState.NORMAL) {
            throw new IllegalStateException("secondary did not reach NORMAL: " + secondary.snapshot());
        }
        Instant t = now.wall();
        TimeTranslator same = TimeTranslator.identity(t);
        Ipv6Address first = Ipv6Address.parse("2001:db8:1::1");
        for (int i = 0; i < UPDATES; i++) {
            Binding b = new Binding(first.plus(2L * i), BenchEndpoints.client(i), BindingStatus.ACTIVE, 1800, 3600,
                    900, 1440, t, t.plusSeconds(3600), t, null, null, null, t.plusSeconds(5400), true);
            updates[i] = BindingMessages.update(10 + i, wire, b, b.partnerLifetime(), t, same);
        }
    }

    /** One BNDUPD (one binding) applied and answered. */
    @Benchmark
    public void applyOne() {
        secondary.messageReceived(CONNECTION, updates[next++ & (UPDATES - 1)], Now.of(ClockSource.SYSTEM));
    }
}
