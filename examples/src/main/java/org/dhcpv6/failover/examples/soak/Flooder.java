package org.dhcpv6.failover.examples.soak;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.dhcpv6.failover.core.internal.wire.Frames;
import org.dhcpv6.failover.core.internal.wire.MessageCodec;
import org.dhcpv6.failover.core.internal.wire.StartTls;

/**
 * The hostile side of {@link FloodSoak}, run in its own process so that the server's threads,
 * descriptors and CPU are measured alone. One NIO thread per target listener opens connections
 * at a fixed rate, nine in ten from strangers' addresses (127.0.0.2 to 127.0.0.51) and one in
 * ten from the partner's own address (127.0.0.1), each of one kind: silent, a partial frame,
 * garbage, or a slow handshake (TLS: STARTTLS, then one octet of a ClientHello a second;
 * plain: one octet of a frame a second). It holds each for up to 30 s and counts how each ended.
 *
 * <p>Arguments: {@code tlsPort plainPort seconds ratePerSecondPerListener}. Prints totals as
 * one line starting with {@code FLOOD-TOTALS} and exits.
 */
public final class Flooder {

    enum Kind { SILENT, PARTIAL_FRAME, GARBAGE, SLOW_HANDSHAKE }

    /** How a connection ended, counted per kind and per source (stranger or partner address). */
    enum Outcome { REFUSED_AT_CONNECT, CLOSED_BY_SERVER_UNDER_1S, CLOSED_BY_SERVER_LATER, HELD_TO_THE_END }

    private static final long HOLD_NANOS = TimeUnit.SECONDS.toNanos(30);
    private static final int MAX_OPEN = 400;
    private static final byte[] START_TLS = Frames.frame(MessageCodec.encode(StartTls.of(4242)));
    private static final byte[] CLIENT_HELLO_START = {0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, (byte) 0xfc};
    private static final byte[] SLOW_FRAME = {0x00, 0x40, 0x1f, 0x00, 0x00, 0x00};

    private final InetSocketAddress target;
    private final boolean tls;
    private final long endNanos;
    private final long intervalNanos;
    private final SplittableRandom random;
    private final Map<Outcome, long[]> outcomes = new EnumMap<>(Outcome.class);
    private long attempts;
    private long partnerAddressAttempts;
    private long skippedAtCap;

    private Flooder(InetSocketAddress target, boolean tls, long endNanos, int rate, long seed) {
        this.target = target;
        this.tls = tls;
        this.endNanos = endNanos;
        this.intervalNanos = TimeUnit.SECONDS.toNanos(1) / rate;
        this.random = new SplittableRandom(seed);
        for (Outcome o : Outcome.values()) {
            outcomes.put(o, new long[2]);
        }
    }

    /** Floods both listeners for the given time; see the class description. */
    public static void main(String[] args) throws Exception {
        int tlsPort = Integer.parseInt(args[0]);
        int plainPort = Integer.parseInt(args[1]);
        long seconds = Long.parseLong(args[2]);
        int rate = Integer.parseInt(args[3]);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        InetAddress server = InetAddress.getByName("127.0.0.1");
        List<Flooder> flooders = List.of(
                new Flooder(new InetSocketAddress(server, tlsPort), true, end, rate, 1),
                new Flooder(new InetSocketAddress(server, plainPort), false, end, rate, 2));
        List<Thread> threads = new ArrayList<>();
        for (Flooder f : flooders) {
            Thread t = new Thread(f::runQuietly, "flood-" + (f.tls ? "tls" : "plain"));
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
        StringBuilder line = new StringBuilder("FLOOD-TOTALS");
        for (Flooder f : flooders) {
            line.append(' ').append(f.summary());
        }
        System.out.println(line);
    }

    private void runQuietly() {
        try {
            run();
        } catch (IOException e) {
            System.out.println("flooder " + target + " failed: " + e);
        }
    }

    private String summary() {
        StringBuilder s = new StringBuilder(tls ? "tls{" : "plain{");
        s.append("attempts=").append(attempts).append(",fromPartnerAddress=").append(partnerAddressAttempts)
                .append(",skippedAtOwnCap=").append(skippedAtCap);
        for (Outcome o : Outcome.values()) {
            long[] n = outcomes.get(o);
            s.append(',').append(o.name().toLowerCase()).append("=").append(n[0]).append('/').append(n[1]);
        }
        return s.append('}').toString();
    }

    private void run() throws IOException {
        List<Conn> open = new ArrayList<>();
        try (Selector selector = Selector.open()) {
            long nextOpen = System.nanoTime();
            long nextDribble = nextOpen;
            long i = 0;
            while (System.nanoTime() - endNanos < 0) {
                long now = System.nanoTime();
                while (now - nextOpen >= 0) {
                    nextOpen += intervalNanos;
                    if (open.size() >= MAX_OPEN) {
                        skippedAtCap++;
                        continue;
                    }
                    open(selector, open, i++);
                }
                selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(nextOpen - System.nanoTime())));
                for (SelectionKey key : selector.selectedKeys()) {
                    ((Conn) key.attachment()).ready(key);
                }
                selector.selectedKeys().clear();
                if (now - nextDribble >= 0) {
                    nextDribble = now + TimeUnit.SECONDS.toNanos(1);
                    open.forEach(Conn::dribble);
                }
                expire(open, now);
            }
            for (Conn c : open) {
                c.end(Outcome.HELD_TO_THE_END);
            }
        }
    }

    private void open(Selector selector, List<Conn> open, long i) {
        boolean fromPartner = i % 10 == 0;
        InetSocketAddress source;
        try {
            source = new InetSocketAddress(fromPartner ? InetAddress.getByName("127.0.0.1")
                    : InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) (2 + i % 50)}), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        attempts++;
        if (fromPartner) {
            partnerAddressAttempts++;
        }
        Conn c = new Conn(Kind.values()[(int) (i % Kind.values().length)], fromPartner);
        try {
            c.channel = SocketChannel.open();
            c.channel.configureBlocking(false);
            c.channel.bind(source);
            c.channel.connect(target);
            c.channel.register(selector, SelectionKey.OP_CONNECT, c);
            open.add(c);
        } catch (IOException e) {
            c.end(Outcome.REFUSED_AT_CONNECT);
        }
    }

    private void expire(List<Conn> open, long now) {
        for (Iterator<Conn> it = open.iterator(); it.hasNext();) {
            Conn c = it.next();
            if (c.ended) {
                it.remove();
            } else if (now - c.openedNanos > HOLD_NANOS) {
                c.end(Outcome.HELD_TO_THE_END);
                it.remove();
            }
        }
    }

    /** One flood connection. */
    private final class Conn {
        private final Kind kind;
        private final boolean fromPartner;
        private final long openedNanos = System.nanoTime();
        private SocketChannel channel;
        private boolean connected;
        private boolean ended;
        private int dribbled;

        Conn(Kind kind, boolean fromPartner) {
            this.kind = kind;
            this.fromPartner = fromPartner;
        }

        void ready(SelectionKey key) {
            try {
                if (key.isConnectable()) {
                    if (!channel.finishConnect()) {
                        return;
                    }
                    connected = true;
                    key.interestOps(SelectionKey.OP_READ);
                    greet();
                } else if (key.isReadable()) {
                    if (channel.read(ByteBuffer.allocate(512)) < 0) {
                        closedByServer();
                    }
                }
            } catch (IOException e) {
                if (connected) {
                    closedByServer();
                } else {
                    end(Outcome.REFUSED_AT_CONNECT);
                }
            }
        }

        private void greet() throws IOException {
            switch (kind) {
                case SILENT -> { }
                case PARTIAL_FRAME -> channel.write(ByteBuffer.wrap(new byte[] {(byte) 0xff, (byte) 0xff, 1, 2, 3}));
                case GARBAGE -> {
                    byte[] junk = new byte[64];
                    random.nextBytes(junk);
                    channel.write(ByteBuffer.wrap(junk));
                }
                case SLOW_HANDSHAKE -> {
                    if (tls) {
                        channel.write(ByteBuffer.wrap(START_TLS));
                    }
                }
            }
        }

        void dribble() {
            if (!connected || ended || kind != Kind.SLOW_HANDSHAKE) {
                return;
            }
            byte[] source = tls ? CLIENT_HELLO_START : SLOW_FRAME;
            if (dribbled < source.length) {
                try {
                    channel.write(ByteBuffer.wrap(source, dribbled++, 1));
                } catch (IOException e) {
                    closedByServer();
                }
            }
        }

        private void closedByServer() {
            boolean quick = System.nanoTime() - openedNanos < TimeUnit.SECONDS.toNanos(1);
            end(quick ? Outcome.CLOSED_BY_SERVER_UNDER_1S : Outcome.CLOSED_BY_SERVER_LATER);
        }

        void end(Outcome outcome) {
            if (ended) {
                return;
            }
            ended = true;
            outcomes.get(outcome)[fromPartner ? 1 : 0]++;
            try {
                if (channel != null) {
                    channel.close();
                }
            } catch (IOException e) {
                // closing a flood socket: nothing to do
            }
        }
    }
}
