package org.dhcpv6.failover.tls.internal;

import java.io.IOException;
import java.util.Vector;

import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.ClientCertificateType;
import org.bouncycastle.tls.DefaultTlsServer;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.dhcpv6.failover.tls.TlsSettings;

/**
 * The secondary's side of the TLS handshake: always asks for a client certificate (RFC 7653
 * §9.1, mutual authentication) and checks it with {@link PartnerValidator} before the handshake
 * may finish, so no failover message is read from a partner we did not accept.
 */
final class FailoverTlsServer extends DefaultTlsServer {

    private final TlsSettings settings;
    private final PartnerValidator validator;
    private volatile PartnerValidator.Rejection rejection;
    private volatile boolean partnerAccepted;

    FailoverTlsServer(BcTlsCrypto crypto, TlsSettings settings, PartnerValidator validator) {
        super(crypto);
        this.settings = settings;
        this.validator = validator;
    }

    /** Whether the partner's certificate was seen and accepted; false until then. */
    boolean partnerAccepted() {
        return partnerAccepted;
    }

    /** Why we refused the partner's certificate, if we did. */
    PartnerValidator.Rejection rejection() {
        return rejection;
    }

    @Override
    protected ProtocolVersion[] getSupportedVersions() {
        return TlsPolicy.VERSIONS.clone();
    }

    @Override
    protected int[] getSupportedCipherSuites() {
        return TlsPolicy.serverSuites(settings.identity());
    }

    @Override
    public boolean requiresExtendedMasterSecret() {
        return true;
    }

    @Override
    public TlsCredentials getCredentials() throws IOException {
        return TlsPolicy.signer(context, (BcTlsCrypto) getCrypto(), settings.identity(),
                context.getSecurityParametersHandshake().getClientSigAlgs(), TlsUtils.EMPTY_BYTES);
    }

    @Override
    public CertificateRequest getCertificateRequest() throws IOException {
        Vector<?> sigAlgs = TlsUtils.getDefaultSupportedSignatureAlgorithms(context);
        if (TlsUtils.isTLSv13(context)) {
            return new CertificateRequest(TlsUtils.EMPTY_BYTES, sigAlgs, null, null);
        }
        short[] types = {ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign};
        return new CertificateRequest(types, sigAlgs, null);
    }

    @Override
    public void notifyClientCertificate(Certificate clientCertificate) throws IOException {
        var refusal = validator.check(TlsPolicy.toX509(clientCertificate));
        if (refusal.isPresent()) {
            rejection = refusal.get();
            throw new TlsFatalAlert(refusal.get().alert(), refusal.get().reason());
        }
        partnerAccepted = true;
    }
}
