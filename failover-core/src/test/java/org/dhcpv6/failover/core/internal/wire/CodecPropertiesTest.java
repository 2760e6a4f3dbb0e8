package org.dhcpv6.failover.core.internal.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

class CodecPropertiesTest {

    @Provide
    Arbitrary<FailoverMessage> messages() {
        return WireArbitraries.message();
    }

    @Property(tries = 1000)
    void encodeThenDecodeGivesTheSameMessage(@ForAll("messages") FailoverMessage m) throws Exception {
        byte[] body = MessageCodec.encode(m);
        FailoverMessage back = MessageCodec.decode(body);
        assertEquals(m, back);
        assertArrayEquals(body, MessageCodec.encode(back));
    }

    @Property(tries = 1000)
    void randomBytesDecodeOrFailTyped(@ForAll @Size(max = 80) byte[] body) {
        decodeOrMalformed(body);
    }

    @Property(tries = 1000)
    void randomOptionsAfterAValidHeaderDecodeOrFailTyped(@ForAll("types") int type,
            @ForAll @Size(max = 80) byte[] tail) {
        byte[] body = new byte[8 + tail.length];
        body[0] = (byte) type;
        System.arraycopy(tail, 0, body, 8, tail.length);
        decodeOrMalformed(body);
    }

    @Provide
    Arbitrary<Integer> types() {
        return Arbitraries.of(MessageType.class).map(MessageType::code);
    }

    @Property(tries = 2000)
    void mutatedGoldenFramesDecodeOrFailTyped(@ForAll("goldens") GoldenFrames.Golden g,
            @ForAll("mutations") List<int[]> mutations) {
        List<Byte> octets = new ArrayList<>();
        for (byte b : g.body()) {
            octets.add(b);
        }
        for (int[] m : mutations) {
            int at = Math.floorMod(m[1], octets.size() + 1);
            switch (m[0]) {
                case 0 -> {
                    if (at < octets.size()) {
                        octets.set(at, (byte) (octets.get(at) ^ (1 << (m[2] & 7))));
                    }
                }
                case 1 -> octets.add(at, (byte) m[2]);
                default -> {
                    if (at < octets.size()) {
                        octets.remove(at);
                    }
                }
            }
        }
        byte[] body = new byte[octets.size()];
        for (int i = 0; i < body.length; i++) {
            body[i] = octets.get(i);
        }
        decodeOrMalformed(body);
    }

    @Provide
    Arbitrary<GoldenFrames.Golden> goldens() {
        return Arbitraries.of(GoldenFrames.all());
    }

    @Provide
    Arbitrary<List<int[]>> mutations() {
        return Arbitraries.integers().between(0, 2).flatMap(kind -> Arbitraries.integers().between(0, 255)
                .flatMap(at -> Arbitraries.integers().between(0, 255).map(v -> new int[] {kind, at, v})))
                .list().ofMinSize(1).ofMaxSize(4);
    }

    @Property(tries = 500)
    void frameDecoderYieldsExactlyTheMessagesWhateverTheSplits(
            @ForAll("cuts") List<Integer> cuts) throws Exception {
        List<GoldenFrames.Golden> all = GoldenFrames.all();
        ByteBuffer stream = ByteBuffer.allocate(all.stream().mapToInt(g -> g.frame().length).sum());
        all.forEach(g -> stream.put(g.frame()));
        byte[] octets = stream.array();
        FrameDecoder d = new FrameDecoder();
        List<byte[]> out = new ArrayList<>();
        int pos = 0;
        for (int cut : cuts.stream().map(c -> c % (octets.length + 1)).sorted().toList()) {
            out.addAll(d.feed(ByteBuffer.wrap(octets, pos, cut - pos)));
            pos = cut;
        }
        out.addAll(d.feed(ByteBuffer.wrap(octets, pos, octets.length - pos)));
        assertEquals(all.size(), out.size());
        for (int i = 0; i < all.size(); i++) {
            assertEquals(all.get(i).expected(), MessageCodec.decode(out.get(i)));
        }
    }

    @Provide
    Arbitrary<List<Integer>> cuts() {
        return Arbitraries.integers().between(0, Integer.MAX_VALUE).list().ofMaxSize(30);
    }

    private static void decodeOrMalformed(byte[] body) {
        try {
            FailoverMessage m = MessageCodec.decode(body);
            // Whatever decodes must encode back to the very same octets.
            assertArrayEquals(body, MessageCodec.encode(m));
        } catch (MalformedMessageException expected) {
            if (expected.offset() < 0 || expected.offset() > body.length) {
                throw new AssertionError("offset out of range: " + expected.offset());
            }
        }
    }
}
