package org.dhcpv6.failover.examples.bench;

import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.dhcpv6.failover.api.Ipv6Address;
import org.dhcpv6.failover.core.internal.wire.BindingStatusOption;
import org.dhcpv6.failover.core.internal.wire.BndUpd;
import org.dhcpv6.failover.core.internal.wire.ClientDataOption;
import org.dhcpv6.failover.core.internal.wire.ClientIdOption;
import org.dhcpv6.failover.core.internal.wire.CltTimeOption;
import org.dhcpv6.failover.core.internal.wire.ExpirationTimeOption;
import org.dhcpv6.failover.core.internal.wire.FailoverMessage;
import org.dhcpv6.failover.core.internal.wire.IaAddrOption;
import org.dhcpv6.failover.core.internal.wire.IaNaOption;
import org.dhcpv6.failover.core.internal.wire.IaPdOption;
import org.dhcpv6.failover.core.internal.wire.IaPrefixOption;
import org.dhcpv6.failover.core.internal.wire.LqBaseTimeOption;
import org.dhcpv6.failover.core.internal.wire.MalformedMessageException;
import org.dhcpv6.failover.core.internal.wire.MessageCodec;
import org.dhcpv6.failover.core.internal.wire.PartnerLifetimeOption;
import org.dhcpv6.failover.core.internal.wire.StartTimeOfStateOption;
import org.dhcpv6.failover.core.internal.wire.StateExpirationTimeOption;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Encode and decode cost of a typical BNDUPD (RFC 8156 §7.4): one client with one IA_NA holding
 * one IAADDR and one IA_PD holding one IAPREFIX, each lease with the usual failover options.
 * This is the message a lazy update or a bulk UPDREQALL resynchronisation sends most.
 *
 * <p>Run: {@code java -cp "examples/target/examples-0.1.0-SNAPSHOT.jar:examples/target/lib/*"
 * org.openjdk.jmh.Main CodecBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CodecBenchmark {

    private FailoverMessage message;
    private byte[] body;

    /** Builds the message once and encodes it for the decode benchmark. */
    @Setup
    public void setUp() {
        long now = 0x31a2b3c4L;
        IaAddrOption addr = new IaAddrOption(Ipv6Address.parse("2001:db8::11"), 3600, 7200, List.of(
                new BindingStatusOption(1), new StartTimeOfStateOption(now - 100),
                new StateExpirationTimeOption(now + 7200), new CltTimeOption(60),
                new PartnerLifetimeOption(now + 7200 + 3600), new ExpirationTimeOption(now + 7200)));
        IaPrefixOption prefix = new IaPrefixOption(3600, 7200, 56, Ipv6Address.parse("2001:db8:ff00:100::"),
                List.of(new BindingStatusOption(1), new StartTimeOfStateOption(now - 100),
                        new StateExpirationTimeOption(now + 7200), new CltTimeOption(60),
                        new PartnerLifetimeOption(now + 7200 + 3600), new ExpirationTimeOption(now + 7200)));
        ClientDataOption client = new ClientDataOption(List.of(
                new ClientIdOption(HexFormat.of().parseHex("00030001001122334455")),
                new LqBaseTimeOption(now),
                new IaNaOption(1, 1800, 2880, List.of(addr)),
                new IaPdOption(2, 1800, 2880, List.of(prefix))));
        message = BndUpd.of(0x200, now, client);
        body = MessageCodec.encode(message);
    }

    /** Encodes the BNDUPD into a new array. */
    @Benchmark
    public byte[] encode() {
        return MessageCodec.encode(message);
    }

    /** Decodes the BNDUPD's octets into records. */
    @Benchmark
    public FailoverMessage decode() throws MalformedMessageException {
        return MessageCodec.decode(body);
    }
}
