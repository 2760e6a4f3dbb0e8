package org.dhcpv6.failover.core.internal.wire;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.dhcpv6.failover.api.Ipv6Address;

/**
 * Generators for options and messages that respect the containment rules, so that every
 * generated message is one the decoder must accept.
 */
final class WireArbitraries {

    private WireArbitraries() {
    }

    static Arbitrary<Long> u32() {
        return Arbitraries.longs().between(0, 0xFFFF_FFFFL);
    }

    static Arbitrary<byte[]> bytes(int max) {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(max);
    }

    static Arbitrary<String> text() {
        return Arbitraries.strings().all().ofMaxLength(12)
                .filter(s -> s.indexOf('\0') < 0 && s.chars().noneMatch(c -> Character.isSurrogate((char) c)));
    }

    static Arbitrary<Ipv6Address> address() {
        return Combinators.combine(Arbitraries.longs(), Arbitraries.longs()).as(Ipv6Address::new);
    }

    static Arbitrary<Option> unknown() {
        return Combinators.combine(Arbitraries.integers().between(0, 0xFFFF).filter(c -> !OptionKind.isKnown(c)),
                bytes(8)).as(UnknownOption::new);
    }

    /** Options allowed anywhere, including unknown ones. */
    static Arbitrary<Option> leaf() {
        return Arbitraries.oneOf(List.of(
                bytes(20).filter(b -> b.length > 0).map(ClientIdOption::new),
                Combinators.combine(Arbitraries.integers().between(0, 0xFFFF), text()).as(StatusCodeOption::new),
                Combinators.combine(Arbitraries.integers().between(0, 255), bytes(10)).as(ClientFqdnOption::new),
                Combinators.combine(address(), bytes(10)).as(LqRelayDataOption::new),
                bytes(10).map(VssOption::new),
                u32().map(CltTimeOption::new), u32().map(LqBaseTimeOption::new),
                u32().map(ExpirationTimeOption::new), u32().map(MaxUnackedBndupdOption::new),
                u32().map(McltOption::new), u32().map(PartnerLifetimeOption::new),
                u32().map(PartnerLifetimeSentOption::new), u32().map(PartnerDownTimeOption::new),
                u32().map(PartnerRawCltTimeOption::new), u32().map(KeepaliveTimeOption::new),
                u32().map(StartTimeOfStateOption::new), u32().map(StateExpirationTimeOption::new),
                Arbitraries.integers().between(0, 255).map(BindingStatusOption::new),
                Arbitraries.integers().between(0, 0xFFFF).map(ConnectFlagsOption::new),
                Combinators.combine(Arbitraries.integers().between(0, 0xFFFF),
                        Arbitraries.integers().between(0, 0xFFFF)).as(ProtocolVersionOption::new),
                Combinators.combine(u32(), bytes(10)).as(ReconfigureDataOption::new),
                text().map(RelationshipNameOption::new),
                Arbitraries.integers().between(0, 255).map(ServerFlagsOption::new),
                Arbitraries.integers().between(0, 255).map(ServerStateOption::new),
                unknown()));
    }

    static Arbitrary<Option> dnsRemovalInfo() {
        Arbitrary<Option> part = Arbitraries.oneOf(List.of(bytes(12).map(DnsHostNameOption::new),
                bytes(12).map(DnsZoneNameOption::new),
                Arbitraries.integers().between(0, 0xFFFF).map(DnsFlagsOption::new), leaf()));
        return part.list().ofMaxSize(3).map(DnsRemovalInfoOption::new);
    }

    static Arbitrary<List<Option>> leaseOptions() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(5, leaf()), net.jqwik.api.Tuple.of(1, dnsRemovalInfo())).list().ofMaxSize(4);
    }

    static Arbitrary<Option> iaAddr() {
        return Combinators.combine(address(), u32(), u32(), leaseOptions()).as(IaAddrOption::new);
    }

    static Arbitrary<IaPrefixOption> iaPrefix() {
        return Combinators.combine(u32(), u32(), Arbitraries.integers().between(0, 128), address(), leaseOptions())
                .as(IaPrefixOption::new);
    }

    static Arbitrary<Option> ia() {
        Arbitrary<List<Option>> addrs = mix(iaAddr(), 2);
        Arbitrary<List<Option>> prefixes = mix(iaPrefix().map(p -> (Option) p), 2);
        return Arbitraries.oneOf(List.of(
                Combinators.combine(u32(), u32(), u32(), addrs).as(IaNaOption::new),
                Combinators.combine(u32(), addrs).as(IaTaOption::new),
                Combinators.combine(u32(), u32(), u32(), prefixes).as(IaPdOption::new)));
    }

    static Arbitrary<Option> clientData() {
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, leaf()), net.jqwik.api.Tuple.of(2, ia()),
                net.jqwik.api.Tuple.of(1, dnsRemovalInfo())).list().ofMaxSize(4).map(ClientDataOption::new);
    }

    /** Up to {@code max} of {@code main} mixed with a few leaves. */
    static Arbitrary<List<Option>> mix(Arbitrary<Option> main, int max) {
        return Combinators.combine(main.list().ofMaxSize(max), leaf().list().ofMaxSize(2)).as((a, b) -> {
            List<Option> out = new ArrayList<>(a);
            out.addAll(b);
            return out;
        });
    }

    static Arbitrary<List<Option>> topLevel() {
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(4, leaf()), net.jqwik.api.Tuple.of(1, clientData()),
                net.jqwik.api.Tuple.of(1, iaPrefix().map(p -> (Option) p))).list().ofMaxSize(3);
    }

    static Arbitrary<FailoverMessage> message() {
        Arbitrary<Integer> xid = Arbitraries.integers().between(0, FailoverMessage.MAX_TRANSACTION_ID);
        Arbitrary<MessageType> type = Arbitraries.of(MessageType.class);
        return Combinators.combine(type, xid, u32(), topLevel(), Arbitraries.of(true, false))
                .as(WireArbitraries::build)
                .filter(m -> m != null);
    }

    private static FailoverMessage build(MessageType type, int xid, long sent, List<Option> options, boolean full) {
        return switch (type) {
            case BNDUPD -> new BndUpd(xid, sent, options);
            case BNDREPLY -> new BndReply(xid, sent, options);
            case POOLREQ -> new PoolReq(xid, sent, options);
            case POOLRESP -> new PoolResp(xid, sent, options);
            case UPDREQ -> new UpdReq(xid, sent, options);
            case UPDREQALL -> new UpdReqAll(xid, sent, options);
            case UPDDONE -> new UpdDone(xid, sent, options);
            case CONNECT -> new Connect(xid, sent, options);
            case CONNECTREPLY -> new ConnectReply(xid, sent, options);
            case DISCONNECT -> new Disconnect(xid, sent, options);
            case STATE -> new StateMessage(xid, sent, options);
            case CONTACT -> new Contact(xid, sent, options);
            case STARTTLS, REPLY -> startTls(type, xid, sent, options, full);
        };
    }

    /**
     * The two header forms are told apart by content (see StartTlsForms), so generate only
     * what that rule reads back: a real sent-time (past the first 100 days of 2000) in the RFC
     * 8156 form, and only known top-level options in the RFC 7653 form.
     */
    private static FailoverMessage startTls(MessageType type, int xid, long sent, List<Option> options,
            boolean full) {
        if (full && sent < 0x0100_0000L) {
            return null;
        }
        if (!full && options.stream().anyMatch(o -> o.kind() == OptionKind.UNKNOWN)) {
            return null;
        }
        long s = full ? sent : 0;
        return type == MessageType.STARTTLS ? new StartTls(xid, s, options, full)
                : new StartTlsReply(xid, s, options, full);
    }
}
