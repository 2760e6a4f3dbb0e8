package org.dhcpv6.failover.core.internal.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameDecoderTest {

    @Test
    void splitsSeveralFramesInOneRead() throws Exception {
        byte[] a = GoldenFrames.connect().frame();
        byte[] b = GoldenFrames.state().frame();
        ByteBuffer in = ByteBuffer.allocate(a.length + b.length).put(a).put(b).flip();
        List<byte[]> out = new FrameDecoder().feed(in);
        assertEquals(2, out.size());
        assertArrayEquals(GoldenFrames.connect().body(), out.get(0));
        assertArrayEquals(GoldenFrames.state().body(), out.get(1));
    }

    @Test
    void handlesPrefixAndBodySplitOctetByOctet() throws Exception {
        byte[] frame = GoldenFrames.bndUpdClient().frame();
        FrameDecoder d = new FrameDecoder();
        for (int i = 0; i < frame.length - 1; i++) {
            assertTrue(d.feed(ByteBuffer.wrap(frame, i, 1)).isEmpty());
            assertTrue(d.hasPartialFrame());
        }
        List<byte[]> out = d.feed(ByteBuffer.wrap(frame, frame.length - 1, 1));
        assertArrayEquals(GoldenFrames.bndUpdClient().body(), out.get(0));
        assertFalse(d.hasPartialFrame());
    }

    @Test
    void rejectsZeroSize() {
        FrameDecoder d = new FrameDecoder();
        MalformedMessageException e = assertThrows(MalformedMessageException.class,
                () -> d.feed(ByteBuffer.wrap(new byte[] {0, 0})));
        assertEquals(0, e.offset());
        assertThrows(IllegalStateException.class, () -> d.feed(ByteBuffer.wrap(new byte[] {0, 8})));
    }

    @Test
    void rejectsSizeAboveMaximumWithStreamOffset() throws Exception {
        FrameDecoder d = new FrameDecoder(100);
        byte[] first = GoldenFrames.connect().frame();
        d.feed(ByteBuffer.wrap(first));
        MalformedMessageException e = assertThrows(MalformedMessageException.class,
                () -> d.feed(ByteBuffer.wrap(new byte[] {0, 101})));
        assertEquals(first.length, e.offset());
    }

    @Test
    void framesPrefixTheBodyAndRefuseOversizedBodies() {
        assertArrayEquals(new byte[] {0, 2, 7, 8}, Frames.frame(new byte[] {7, 8}));
        assertThrows(IllegalArgumentException.class, () -> Frames.frame(new byte[65536]));
        assertThrows(IllegalArgumentException.class, () -> new FrameDecoder(65536));
    }
}
