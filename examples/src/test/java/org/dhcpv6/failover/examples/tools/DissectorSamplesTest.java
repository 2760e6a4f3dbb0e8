package org.dhcpv6.failover.examples.tools;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.dhcpv6.failover.core.internal.wire.FailoverMessage;
import org.dhcpv6.failover.core.internal.wire.Frames;
import org.dhcpv6.failover.core.internal.wire.MalformedMessageException;
import org.dhcpv6.failover.core.internal.wire.MessageCodec;
import org.dhcpv6.failover.core.internal.wire.MessageType;
import org.dhcpv6.failover.core.internal.wire.OptionKind;
import org.junit.jupiter.api.Test;

class DissectorSamplesTest {

    @Test
    void validSamplesCoverEveryMessageTypeAndOptionAndDecode() throws MalformedMessageException {
        Set<MessageType> types = new HashSet<>();
        Set<Integer> codes = new HashSet<>();
        for (byte[] frame : DissectorSamples.valid()) {
            FailoverMessage m = MessageCodec.decode(Frames.unframe(frame));
            types.add(m.type());
            for (String entry : DissectorCheck.canonical(m)) {
                if (entry.startsWith("O:")) {
                    codes.add(Integer.parseInt(entry.split(":")[1]));
                }
            }
        }
        assertEquals(Set.of(MessageType.values()), types);
        for (OptionKind k : OptionKind.values()) {
            if (k != OptionKind.UNKNOWN) {
                assertTrue(codes.contains(k.code()), "no sample carries " + k.rfcName());
            }
        }
    }

    @Test
    void everyMalformedSampleIsRefusedByTheCodec() {
        for (byte[] frame : DissectorSamples.malformed()) {
            assertThrows(MalformedMessageException.class, () -> MessageCodec.decode(Frames.unframe(frame)),
                    HexFormat.of().formatHex(frame));
        }
    }

    @Test
    void segmentsCarryTheWholeStreamInOrder() {
        List<byte[]> frames = DissectorSamples.valid();
        List<byte[]> segments = DissectorSamples.segments(frames);
        assertArrayEquals(concat(frames), concat(segments));
        assertTrue(segments.stream().anyMatch(s -> s.length == 1), "a size prefix split over two segments");
    }

    @Test
    void checkAcceptsTheCodecsOwnListAndFlagsAChangedValue() throws IOException, MalformedMessageException {
        byte[] frame = DissectorSamples.valid().get(3); // CONNECT
        List<String> canonical = DissectorCheck.canonical(MessageCodec.decode(Frames.unframe(frame)));
        String hex = HexFormat.of().formatHex(frame);
        String good = "1\t" + hex + "\t" + String.join("\u001e", canonical);
        assertEquals(0, run(good));
        assertEquals(1, run(good.replace("O:122:4:3600", "O:122:4:3601")));
        assertEquals(1, run(""), "nothing compared is a failure");
    }

    private static int run(String input) throws IOException {
        PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        return DissectorCheck.run(new StringReader(input), null, out);
    }

    private static byte[] concat(List<byte[]> parts) {
        int n = parts.stream().mapToInt(p -> p.length).sum();
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
