package org.dhcpv6.failover.tls;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate authority held in memory, for tests and the pair demo: it makes a CA and issues
 * partner certificates with DNS subjectAltNames and any validity window (so tests can make
 * expired and not-yet-valid certificates), and writes them as PEM files, so no openssl is needed.
 * Each issued certificate may serve as a TLS server and client certificate, as a failover
 * server is the TLS client towards some partners and the TLS server towards others
 * (RFC 8156 §6.1, §10).
 *
 * <p>Not for production PKI: keys live in memory and nothing is revoked. Thread-safe.
 */
public final class CertificateAuthority {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration DEFAULT_LIFETIME = Duration.ofDays(3650);

    private final KeyPair keyPair;
    private final X509Certificate certificate;
    private final KeyAlgorithm algorithm;

    private CertificateAuthority(KeyPair keyPair, X509Certificate certificate, KeyAlgorithm algorithm) {
        this.keyPair = keyPair;
        this.certificate = certificate;
        this.algorithm = algorithm;
    }

    /** A new EC P-256 CA named {@code commonName}, valid from an hour ago for ten years. */
    public static CertificateAuthority create(String commonName) {
        Instant now = Instant.now();
        return create(commonName, KeyAlgorithm.EC_P256, now.minus(Duration.ofHours(1)), now.plus(DEFAULT_LIFETIME));
    }

    /** A new self-signed CA with the given key kind and validity window. */
    public static CertificateAuthority create(String commonName, KeyAlgorithm algorithm,
            Instant notBefore, Instant notAfter) {
        Objects.requireNonNull(commonName, "commonName");
        Objects.requireNonNull(algorithm, "algorithm");
        checkWindow(notBefore, notAfter);
        KeyPair pair = generateKeyPair(algorithm);
        X500Name name = name(commonName);
        X509Certificate cert = sign(name, name, pair.getPublic(), notBefore, notAfter, true, List.of(),
                pair, algorithm, null);
        return new CertificateAuthority(pair, cert, algorithm);
    }

    /** The CA's own (self-signed) certificate, the trust anchor partners configure. */
    public X509Certificate certificate() {
        return certificate;
    }

    /** Starts issuing a partner certificate whose subject common name is {@code commonName}. */
    public Issue issue(String commonName) {
        return new Issue(Objects.requireNonNull(commonName, "commonName"));
    }

    /** Writes the CA certificate as a PEM bundle, the file a partner names as its trust anchors. */
    public void writeCaBundle(Path file) throws IOException {
        PemFiles.writeCertificates(file, List.of(certificate));
    }

    /**
     * The details of one certificate to issue; defaults: EC P-256, no DNS names (set some),
     * valid from an hour ago for one year.
     */
    public final class Issue {
        private final String commonName;
        private final List<String> dnsNames = new ArrayList<>();
        private KeyAlgorithm keyAlgorithm = KeyAlgorithm.EC_P256;
        private Instant notBefore = Instant.now().minus(Duration.ofHours(1));
        private Instant notAfter = notBefore.plus(Duration.ofDays(366));

        private Issue(String commonName) {
            this.commonName = commonName;
        }

        /** DNS names to put in the subjectAltName extension; partners check these. */
        public Issue dnsNames(String... names) {
            for (String n : names) {
                dnsNames.add(Objects.requireNonNull(n, "dns name"));
            }
            return this;
        }

        /** The kind of key for the new certificate. */
        public Issue keyAlgorithm(KeyAlgorithm algorithm) {
            this.keyAlgorithm = Objects.requireNonNull(algorithm, "algorithm");
            return this;
        }

        /** The validity window; any window, past or future, so tests can make bad certificates. */
        public Issue validity(Instant from, Instant until) {
            checkWindow(from, until);
            this.notBefore = from;
            this.notAfter = until;
            return this;
        }

        /** Makes a key pair and the certificate signed by this CA; the chain is leaf then CA. */
        public IssuedCertificate sign() {
            KeyPair pair = generateKeyPair(keyAlgorithm);
            X509Certificate leaf = CertificateAuthority.sign(name(commonName),
                    X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()), pair.getPublic(),
                    notBefore, notAfter, false, dnsNames, keyPair, algorithm, certificate);
            return new IssuedCertificate(pair.getPrivate(), List.of(leaf, certificate));
        }
    }

    private static void checkWindow(Instant notBefore, Instant notAfter) {
        Objects.requireNonNull(notBefore, "notBefore");
        Objects.requireNonNull(notAfter, "notAfter");
        if (!notAfter.isAfter(notBefore)) {
            throw new IllegalArgumentException("notAfter must be after notBefore: " + notBefore + " .. " + notAfter);
        }
    }

    private static X500Name name(String commonNameOrDn) {
        if (commonNameOrDn.contains("=")) {
            return new X500Name(commonNameOrDn);
        }
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonNameOrDn).build();
    }

    private static KeyPair generateKeyPair(KeyAlgorithm algorithm) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm.jcaName());
            if (algorithm == KeyAlgorithm.EC_P256) {
                generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            } else {
                generator.initialize(2048, RANDOM);
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot make " + algorithm + " keys", e);
        }
    }

    private static X509Certificate sign(X500Name subject, X500Name issuer, PublicKey subjectKey,
            Instant notBefore, Instant notAfter, boolean ca, List<String> dnsNames,
            KeyPair issuerKeys, KeyAlgorithm issuerAlgorithm, X509Certificate issuerCert) {
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer,
                    new BigInteger(64, RANDOM).abs().add(BigInteger.ONE), Date.from(notBefore),
                    Date.from(notAfter), subject, subjectKey);
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            builder.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(subjectKey));
            if (ca) {
                builder.addExtension(Extension.keyUsage, true,
                        new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
            } else {
                builder.addExtension(Extension.authorityKeyIdentifier, false,
                        ext.createAuthorityKeyIdentifier(issuerCert));
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
                builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                        new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
                if (!dnsNames.isEmpty()) {
                    GeneralName[] names = dnsNames.stream()
                            .map(n -> new GeneralName(GeneralName.dNSName, n)).toArray(GeneralName[]::new);
                    builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
                }
            }
            var signer = new JcaContentSignerBuilder(issuerAlgorithm.signatureAlgorithm())
                    .build(issuerKeys.getPrivate());
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
        } catch (CertIOException | OperatorCreationException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a certificate for " + subject, e);
        }
    }

    /** The CA's private key, for tests that need to sign something unusual. */
    PrivateKey privateKey() {
        return keyPair.getPrivate();
    }
}
