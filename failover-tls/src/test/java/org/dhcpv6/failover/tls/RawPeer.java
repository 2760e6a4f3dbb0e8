package org.dhcpv6.failover.tls;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.SecureRandom;
import java.util.List;

import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsClientProtocol;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.dhcpv6.failover.core.internal.wire.Connect;
import org.dhcpv6.failover.core.internal.wire.FailoverMessage;
import org.dhcpv6.failover.core.internal.wire.Frames;
import org.dhcpv6.failover.core.internal.wire.MessageCodec;
import org.dhcpv6.failover.core.internal.wire.StartTls;

/** A misbehaving peer on a raw socket, for the refusal tests. */
final class RawPeer implements AutoCloseable {

    final Socket socket = new Socket();

    RawPeer(InetSocketAddress server) throws IOException {
        socket.connect(server, 2000);
        socket.setSoTimeout(4000);
    }

    void send(FailoverMessage message) throws IOException {
        socket.getOutputStream().write(Frames.frame(MessageCodec.encode(message)));
    }

    void sendStartTls() throws IOException {
        send(StartTls.of(42));
    }

    void sendConnect() throws IOException {
        send(new Connect(1, 0, List.of()));
    }

    void sendRaw(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
    }

    /** Reads the REPLY frame to STARTTLS (6 octets in the RFC 7653 form). */
    byte[] readReplyFrame() throws IOException {
        return socket.getInputStream().readNBytes(6);
    }

    /** True if the server closed the connection (EOF or reset) within the socket timeout. */
    boolean closedByServer() {
        try {
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[4096];
            while (true) {
                if (in.read(buffer) < 0) {
                    return true;
                }
            }
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    /** Runs a TLS client with no certificate that trusts any server; returns its protocol. */
    TlsClientProtocol handshakeWithoutCertificate() throws IOException {
        TlsClientProtocol protocol = new TlsClientProtocol(socket.getInputStream(), socket.getOutputStream());
        protocol.connect(new DefaultTlsClient(new BcTlsCrypto(new SecureRandom())) {
            @Override
            public TlsAuthentication getAuthentication() {
                return new TlsAuthentication() {
                    @Override
                    public void notifyServerCertificate(TlsServerCertificate serverCertificate) {
                    }

                    @Override
                    public TlsCredentials getClientCredentials(CertificateRequest request) {
                        return null;
                    }
                };
            }
        });
        return protocol;
    }

    /**
     * True if a new connection to {@code server} is closed by the server without a word: either
     * the reset comes before connect() returns, or the connection then reads EOF or a reset.
     */
    static boolean refusedAt(InetSocketAddress server) {
        try (RawPeer peer = new RawPeer(server)) {
            return peer.closedByServer();
        } catch (IOException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
