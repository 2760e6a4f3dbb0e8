package org.dhcpv6.failover.tls.internal;

import java.io.IOException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECKey;
import java.security.interfaces.RSAKey;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Vector;

import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateEntry;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.bc.BcDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.dhcpv6.failover.tls.IssuedCertificate;

/**
 * The fixed TLS policy of the failover link (RFC 8156 §10 points at RFC 7525): TLS 1.3 and 1.2,
 * ECDHE key exchange with AEAD ciphers only, and the signature schemes our own key can make.
 * Also the conversions between JCA certificates and Bouncy Castle's TLS types.
 */
public final class TlsPolicy {

    /** TLS 1.3 first, TLS 1.2 for partners that lack 1.3; nothing older. */
    static final ProtocolVersion[] VERSIONS = ProtocolVersion.TLSv13.downTo(ProtocolVersion.TLSv12);

    private static final int[] TLS13_SUITES = {
        CipherSuite.TLS_AES_128_GCM_SHA256,
        CipherSuite.TLS_AES_256_GCM_SHA384,
        CipherSuite.TLS_CHACHA20_POLY1305_SHA256,
    };
    private static final int[] TLS12_ECDSA_SUITES = {
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
    };
    private static final int[] TLS12_RSA_SUITES = {
        CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
    };

    private TlsPolicy() {
    }

    /** What a client offers: every suite, as it does not know the server's key type. */
    static int[] clientSuites() {
        return concat(TLS13_SUITES, TLS12_ECDSA_SUITES, TLS12_RSA_SUITES);
    }

    /** What a server accepts: the TLS 1.2 suites must match the kind of its own key. */
    static int[] serverSuites(IssuedCertificate identity) {
        boolean rsa = identity.privateKey() instanceof RSAKey;
        return concat(TLS13_SUITES, rsa ? TLS12_RSA_SUITES : TLS12_ECDSA_SUITES);
    }

    /**
     * Our key and chain as a TLS signer, using the first signature scheme the partner accepts.
     *
     * @param peerSigAlgs what the partner offered, or null if it said nothing (TLS 1.2 defaults)
     * @param requestContext the TLS 1.3 certificate_request_context to echo (empty on the server)
     */
    static TlsCredentialedSigner signer(TlsContext context, BcTlsCrypto crypto, IssuedCertificate identity,
            Vector<?> peerSigAlgs, byte[] requestContext) throws IOException {
        boolean tls13 = TlsUtils.isTLSv13(context);
        SignatureAndHashAlgorithm chosen = null;
        for (SignatureAndHashAlgorithm candidate : candidates(identity, tls13)) {
            if (peerSigAlgs == null || peerSigAlgs.contains(candidate)) {
                chosen = candidate;
                break;
            }
        }
        if (chosen == null) {
            throw new TlsFatalAlert(AlertDescription.handshake_failure,
                    "partner accepts none of the signature schemes our key can make");
        }
        List<TlsCertificate> certs = new ArrayList<>();
        for (X509Certificate x : identity.chain()) {
            try {
                certs.add(crypto.createCertificate(x.getEncoded()));
            } catch (CertificateEncodingException e) {
                throw new TlsFatalAlert(AlertDescription.internal_error, "own certificate cannot be encoded", e);
            }
        }
        Certificate chain;
        if (tls13) {
            CertificateEntry[] entries = certs.stream().map(c -> new CertificateEntry(c, null))
                    .toArray(CertificateEntry[]::new);
            chain = new Certificate(requestContext, entries);
        } else {
            chain = new Certificate(certs.toArray(new TlsCertificate[0]));
        }
        AsymmetricKeyParameter key = PrivateKeyFactory.createKey(identity.privateKey().getEncoded());
        return new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), crypto, key, chain, chosen);
    }

    private static List<SignatureAndHashAlgorithm> candidates(IssuedCertificate identity, boolean tls13) {
        if (identity.privateKey() instanceof ECKey ec) {
            int bits = ec.getParams().getCurve().getField().getFieldSize();
            short hash = bits > 384 ? HashAlgorithm.sha512 : bits > 256 ? HashAlgorithm.sha384 : HashAlgorithm.sha256;
            return List.of(SignatureAndHashAlgorithm.getInstance(hash, SignatureAlgorithm.ecdsa));
        }
        List<SignatureAndHashAlgorithm> rsa = new ArrayList<>(List.of(SignatureAndHashAlgorithm.rsa_pss_rsae_sha256,
                SignatureAndHashAlgorithm.rsa_pss_rsae_sha384, SignatureAndHashAlgorithm.rsa_pss_rsae_sha512));
        if (!tls13) {
            // PKCS#1 v1.5 signatures are allowed in TLS 1.2 only (RFC 8446 §4.2.3).
            rsa.add(SignatureAndHashAlgorithm.getInstance(HashAlgorithm.sha256, SignatureAlgorithm.rsa));
        }
        return rsa;
    }

    /** The partner's chain as JCA certificates, leaf first. */
    static List<X509Certificate> toX509(Certificate chain) throws IOException {
        List<X509Certificate> out = new ArrayList<>();
        if (chain == null) {
            return out;
        }
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (TlsCertificate c : chain.getCertificateList()) {
                out.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(c.getEncoded())));
            }
        } catch (CertificateException e) {
            throw new TlsFatalAlert(AlertDescription.bad_certificate, "partner sent a certificate that cannot be parsed", e);
        }
        return out;
    }

    private static int[] concat(int[]... parts) {
        return java.util.Arrays.stream(parts).flatMapToInt(java.util.Arrays::stream).toArray();
    }
}
