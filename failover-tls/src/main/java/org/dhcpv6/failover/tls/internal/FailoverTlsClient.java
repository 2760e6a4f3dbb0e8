package org.dhcpv6.failover.tls.internal;

import java.io.IOException;

import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.dhcpv6.failover.tls.TlsSettings;

/**
 * The primary's side of the TLS handshake: offers the {@link TlsPolicy} versions and suites,
 * checks the secondary's certificate with {@link PartnerValidator} before the handshake may
 * finish, and presents our own certificate when asked (always, as the partner requires it).
 */
final class FailoverTlsClient extends DefaultTlsClient {

    private final TlsSettings settings;
    private final PartnerValidator validator;
    private volatile PartnerValidator.Rejection rejection;
    private volatile boolean partnerAccepted;

    FailoverTlsClient(BcTlsCrypto crypto, TlsSettings settings, PartnerValidator validator) {
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
        return TlsPolicy.clientSuites();
    }

    @Override
    public boolean requiresExtendedMasterSecret() {
        // RFC 7627 for TLS 1.2; without it a TLS 1.2 session could be tied to another one.
        return true;
    }

    @Override
    public TlsAuthentication getAuthentication() {
        return new TlsAuthentication() {
            @Override
            public void notifyServerCertificate(TlsServerCertificate serverCertificate) throws IOException {
                var refusal = validator.check(TlsPolicy.toX509(serverCertificate.getCertificate()));
                if (refusal.isPresent()) {
                    rejection = refusal.get();
                    throw new TlsFatalAlert(refusal.get().alert(), refusal.get().reason());
                }
                partnerAccepted = true;
            }

            @Override
            public TlsCredentials getClientCredentials(CertificateRequest request) throws IOException {
                return TlsPolicy.signer(context, (BcTlsCrypto) getCrypto(), settings.identity(),
                        request.getSupportedSignatureAlgorithms(), request.getCertificateRequestContext());
            }
        };
    }
}
