package org.dhcpv6.failover.core.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Example;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.dhcpv6.failover.api.Binding;
import org.dhcpv6.failover.api.BindingStatus;
import org.dhcpv6.failover.api.ClientIdentity;
import org.dhcpv6.failover.api.Duid;
import org.dhcpv6.failover.api.EndpointRecord;
import org.dhcpv6.failover.api.IaType;
import org.dhcpv6.failover.api.Ipv6Address;
import org.dhcpv6.failover.api.Ipv6Prefix;
import org.dhcpv6.failover.api.LeaseStoreException;
import org.dhcpv6.failover.api.Resource;
import org.dhcpv6.failover.api.ServerState;

class RecordCodecPropertyTest {

    @Property(tries = 2000)
    void bindingsRoundTrip(@ForAll("bindings") Binding binding) throws Exception {
        assertEquals(new StoreRecord.BindingPut(binding), roundTrip(new StoreRecord.BindingPut(binding)));
    }

    /**
     * Frames written in place, one after another at any offset (as the journal's batch buffer and
     * the snapshot write them), are the frames {@link RecordCodec#encode} makes, and read back.
     */
    @Property(tries = 500)
    void framesEncodedInPlaceAreTheStandaloneFrames(@ForAll("bindings") Binding first,
            @ForAll("bindings") Binding second, @ForAll @IntRange(min = 0, max = 40) int offset) throws Exception {
        ByteBuffer buf = ByteBuffer.allocate(offset + 2 * RecordCodec.MAX_FRAME).position(offset);
        int a = RecordCodec.encodeBinding(first, buf);
        int b = RecordCodec.encodeBinding(second, buf);
        assertEquals(offset + a + b, buf.position());
        byte[] one = RecordCodec.encode(new StoreRecord.BindingPut(first));
        byte[] two = RecordCodec.encode(new StoreRecord.BindingPut(second));
        assertArrayEquals(one, Arrays.copyOfRange(buf.array(), offset, offset + a));
        assertArrayEquals(two, Arrays.copyOfRange(buf.array(), offset + a, offset + a + b));
        byte[] both = Arrays.copyOfRange(buf.array(), offset, offset + a + b);
        assertEquals(List.of(new StoreRecord.BindingPut(first), new StoreRecord.BindingPut(second)),
                FrameScanner.scan(java.nio.file.Path.of("x"), "journal", both, true).records());
    }

    /** The binding frame's bytes as the format has always written them: journals on disk stay readable. */
    @Example
    void bindingFramesKeepTheirFormat() {
        Instant t = Instant.parse("2026-11-25T12:00:00.123456789Z");
        Binding full = Binding.builder(Ipv6Address.parse("2001:db8:1::7"), BindingStatus.ACTIVE, t)
                .client(new ClientIdentity(Duid.parseHex("000100010203040506070809"), 77, IaType.IA_NA))
                .lifetimes(100, 200, 50, 80).stateExpirationTime(t.plusSeconds(200))
                .clientLastTransactionTime(t.minusSeconds(3)).partnerRawCltTime(t.plusSeconds(1))
                .expirationTime(t.plusSeconds(300)).ackedPartnerLifetime(t.plusSeconds(400))
                .partnerLifetime(t.plusSeconds(500)).partnerUpdatePending(true).build();
        Binding bare = Binding.builder(new Ipv6Prefix(Ipv6Address.parse("2001:db8:100::"), 56), BindingStatus.EXPIRED, t)
                .lifetimes(0, 0, 0, 0).build();
        assertEquals("0101000000897a4f988bff0120010db80001000000000000000000070100000064000000c80000003200000050"
                + "000000006b06cdc0075bcd150c0001000102030405060708090000004d03000000006b06ce88075bcd15000000006b06cd"
                + "bd075bcd15000000006b06cdc1075bcd15000000006b06ceec075bcd15000000006b06cf50075bcd15000000006b06cfb4"
                + "075bcd15b319400b", HexFormat.of().formatHex(RecordCodec.encode(new StoreRecord.BindingPut(full))));
        assertEquals("010100000030b0e8318e000220010db8010000000000000000000000380200000000000000000000000000000000"
                + "000000006b06cdc0075bcd152781d197",
                HexFormat.of().formatHex(RecordCodec.encode(new StoreRecord.BindingPut(bare))));
    }

    @Property(tries = 500)
    void endpointRecordsRoundTrip(@ForAll("endpoints") EndpointRecord endpoint) throws Exception {
        assertEquals(new StoreRecord.EndpointSave(endpoint), roundTrip(new StoreRecord.EndpointSave(endpoint)));
    }

    @Property(tries = 300)
    void storeHeadersRoundTrip(@ForAll long storeId, @ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long generation,
            @ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long absorbed, @ForAll boolean legacy) throws Exception {
        StoreRecord.StoreHeader h = new StoreRecord.StoreHeader(storeId, generation, absorbed, legacy);
        assertEquals(h, roundTrip(h));
    }

    @Property(tries = 500)
    void anyFlippedBitIsCaught(@ForAll("bindings") Binding binding, @ForAll @IntRange(min = 0, max = 2000) int at,
            @ForAll @IntRange(min = 0, max = 7) int bit) {
        byte[] frame = RecordCodec.encode(new StoreRecord.BindingPut(binding));
        byte[] twoFrames = Arrays.copyOf(frame, frame.length * 2);
        System.arraycopy(frame, 0, twoFrames, frame.length, frame.length);
        twoFrames[at % frame.length] ^= (byte) (1 << bit);
        // Damage followed by a good record is never a torn tail.
        assertThrows(LeaseStoreException.class,
                () -> FrameScanner.scan(java.nio.file.Path.of("x"), "journal", twoFrames, true));
    }

    private static StoreRecord roundTrip(StoreRecord record) throws LeaseStoreException {
        byte[] frame = RecordCodec.encode(record);
        List<StoreRecord> back = FrameScanner.scan(java.nio.file.Path.of("x"), "journal", frame, false).records();
        assertEquals(1, back.size());
        return back.get(0);
    }

    @Provide
    Arbitrary<Binding> bindings() {
        Arbitrary<Resource> resources = Arbitraries.oneOf(
                addresses().map(a -> (Resource) a),
                Combinators.combine(addresses(), Arbitraries.integers().between(0, 128))
                        .as((a, len) -> (Resource) new Ipv6Prefix(Ipv6Prefix.mask(a, len), len)));
        Arbitrary<Long> lifetime = Arbitraries.longs().between(0, 0xFFFF_FFFFL);
        Arbitrary<Instant> optionalTime = instants().injectNull(0.3);
        return Combinators.combine(resources, Arbitraries.of(BindingStatus.class), lifetime, lifetime,
                        lifetime, lifetime, instants(), Arbitraries.of(true, false))
                .flatAs((resource, status, a, b, t1, t2, start, pending) -> Combinators.combine(
                        clients(resource, status), optionalTime.list().ofSize(6))
                        .as((client, times) -> Binding.builder(resource, status, start).client(client)
                                .lifetimes(Math.min(a, b), Math.max(a, b), t1, t2).stateExpirationTime(times.get(0))
                                .clientLastTransactionTime(times.get(1)).partnerRawCltTime(times.get(2))
                                .expirationTime(times.get(3)).ackedPartnerLifetime(times.get(4))
                                .partnerLifetime(times.get(5)).partnerUpdatePending(pending).build()));
    }

    @Provide
    Arbitrary<EndpointRecord> endpoints() {
        Arbitrary<ServerState> state = Arbitraries.of(ServerState.class);
        Arbitrary<Instant> optionalTime = instants().injectNull(0.4);
        return Combinators.combine(state, instants(), state.injectNull(0.4), state.injectNull(0.4),
                        optionalTime, optionalTime, instants(), optionalTime)
                .flatAs((s, entered, prev, partner, partnerAt, contact, operating, down) ->
                        Arbitraries.of(true, false).map(all -> new EndpointRecord(s, entered, prev, partner,
                                partnerAt, contact, operating, down, all)));
    }

    private static Arbitrary<Ipv6Address> addresses() {
        return Combinators.combine(Arbitraries.longs(), Arbitraries.longs()).as(Ipv6Address::new);
    }

    private static Arbitrary<Instant> instants() {
        return Combinators.combine(Arbitraries.longs().between(Instant.MIN.getEpochSecond(),
                Instant.MAX.getEpochSecond()), Arbitraries.integers().between(0, 999_999_999))
                .as(Instant::ofEpochSecond);
    }

    private static Arbitrary<ClientIdentity> clients(Resource resource, BindingStatus status) {
        Arbitrary<IaType> types = resource.kind() == Resource.Kind.PREFIX
                ? Arbitraries.just(IaType.IA_PD) : Arbitraries.of(IaType.IA_NA, IaType.IA_TA);
        Arbitrary<ClientIdentity> clients = Combinators.combine(
                Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(Duid.MAX_OCTETS).map(Duid::of),
                Arbitraries.longs().between(0, 0xFFFF_FFFFL), types).as(ClientIdentity::new);
        return status == BindingStatus.ACTIVE ? clients : clients.injectNull(0.3);
    }
}
