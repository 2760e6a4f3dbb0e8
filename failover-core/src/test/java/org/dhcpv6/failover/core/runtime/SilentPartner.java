package org.dhcpv6.failover.core.runtime;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import org.dhcpv6.failover.api.ServerState;
import org.dhcpv6.failover.core.internal.time.WireTime;
import org.dhcpv6.failover.core.internal.wire.Connect;
import org.dhcpv6.failover.core.internal.wire.ConnectReply;
import org.dhcpv6.failover.core.internal.wire.FailoverMessage;
import org.dhcpv6.failover.core.internal.wire.Frames;
import org.dhcpv6.failover.core.internal.wire.MessageCodec;
import org.dhcpv6.failover.core.internal.wire.ServerFlagsOption;
import org.dhcpv6.failover.core.internal.wire.StateMessage;

/** A secondary that answers CONNECT and sends one STATE, then never sends anything again. */
final class SilentPartner implements AutoCloseable {

    private final ServerSocket server;
    private final Thread thread;
    private volatile Socket socket;

    SilentPartner(InetSocketAddress address) throws IOException {
        server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(address);
        thread = new Thread(this::serve, "silent-partner");
        thread.setDaemon(true);
        thread.start();
    }

    private void serve() {
        try {
            socket = server.accept();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            Connect connect = (Connect) read(in);
            long now = WireTime.toWire(java.time.Instant.now());
            out.write(Frames.frame(MessageCodec.encode(ConnectReply.accept(connect.transactionId(), now, 1, 0,
                    connect.mcltSeconds().getAsLong(), 3600, 10, 0))));
            out.write(Frames.frame(MessageCodec.encode(StateMessage.of(1, now, ServerState.NORMAL.code(),
                    ServerFlagsOption.COMMUNICATED, now, null))));
            out.flush();
            while (in.read() >= 0) {
                // Swallow everything, answer nothing.
            }
        } catch (Exception e) {
            // The test closes the socket under us; nothing to report.
        }
    }

    private static FailoverMessage read(DataInputStream in) throws Exception {
        int size = in.readUnsignedShort();
        byte[] body = new byte[size];
        in.readFully(body);
        return MessageCodec.decode(body);
    }

    @Override
    public void close() throws IOException {
        server.close();
        if (socket != null) {
            socket.close();
        }
    }
}
