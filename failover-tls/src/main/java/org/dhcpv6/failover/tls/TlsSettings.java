package org.dhcpv6.failover.tls;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECKey;
import java.security.interfaces.RSAKey;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

import org.dhcpv6.failover.tls.internal.Fingerprints;

/**
 * Who this server is and which partner it accepts on a secure failover link (RFC 8156 §10,
 * RFC 7653 §9.1: mutually authenticated TLS). Immutable; made with {@link #builder()}, which
 * checks everything in {@link Builder#build()}.
 *
 * <p>The partner is identified in one of two ways: by trust anchors (a CA bundle) plus the DNS
 * name its certificate must carry in subjectAltName, or by the SHA-256 fingerprint of its exact
 * certificate (pinning). Fixed policy, not settable: TLS 1.3 and 1.2 only, the RFC 7525 cipher
 * suites (ECDHE with AES-GCM or ChaCha20-Poly1305), no renegotiation, no compression, and the
 * server always requires a client certificate.
 */
public final class TlsSettings {

    /** Default time allowed from TCP connect to a finished, validated handshake. */
    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);
    /**
     * Default cap on simultaneous unauthenticated connections from one address (RFC 8156 §10);
     * also the reserve each configured partner address keeps beside the global cap.
     */
    public static final int DEFAULT_MAX_CONNECTIONS_PER_PARTNER = 4;
    /** Default cap on unauthenticated connections in all, configured partners' reserve aside. */
    public static final int DEFAULT_MAX_UNAUTHENTICATED = 16;
    /** Default time a connection may stay silent before the listener closes it (RFC 8156 §10). */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(5);

    private final IssuedCertificate identity;
    private final List<X509Certificate> trustAnchors;
    private final String partnerName;
    private final String pinnedFingerprint;
    private final Duration handshakeTimeout;
    private final int maxConnectionsPerPartner;
    private final int maxUnauthenticated;
    private final Duration idleTimeout;
    private final Clock clock;

    private TlsSettings(Builder b) {
        this.identity = b.identity;
        this.trustAnchors = b.trustAnchors;
        this.partnerName = b.partnerName;
        this.pinnedFingerprint = b.pinnedFingerprint;
        this.handshakeTimeout = b.handshakeTimeout;
        this.maxConnectionsPerPartner = b.maxConnectionsPerPartner;
        this.maxUnauthenticated = b.maxUnauthenticated;
        this.idleTimeout = b.idleTimeout;
        this.clock = b.clock;
    }

    /** A builder with the defaults above and nothing else set. */
    public static Builder builder() {
        return new Builder();
    }

    /** This server's key and certificate chain, presented to the partner. */
    public IssuedCertificate identity() {
        return identity;
    }

    /** The CA certificates a partner's chain must end in; empty when a fingerprint is pinned. */
    public List<X509Certificate> trustAnchors() {
        return trustAnchors;
    }

    /** The DNS name the partner's certificate must carry, if one was set. */
    public Optional<String> partnerName() {
        return Optional.ofNullable(partnerName);
    }

    /** The pinned SHA-256 fingerprint of the partner's certificate (lower-case hex), if pinned. */
    public Optional<String> pinnedFingerprint() {
        return Optional.ofNullable(pinnedFingerprint);
    }

    /** Time allowed from TCP connect to a finished, validated handshake. */
    public Duration handshakeTimeout() {
        return handshakeTimeout;
    }

    /**
     * How many connections the listener holds at once from one address before their handshakes
     * are done; for a configured partner's address, the oldest is closed to make room for a new one.
     */
    public int maxConnectionsPerPartner() {
        return maxConnectionsPerPartner;
    }

    /**
     * How many connections the listener holds at once, in all, before their handshakes are
     * done, not counting each configured partner address's reserve of
     * {@link #maxConnectionsPerPartner()}.
     */
    public int maxUnauthenticated() {
        return maxUnauthenticated;
    }

    /** How long a connection may receive nothing before it is closed. */
    public Duration idleTimeout() {
        return idleTimeout;
    }

    /** The clock certificate validity is checked against. */
    public Clock clock() {
        return clock;
    }

    /** Collects settings; {@link #build()} checks them. Not thread-safe. */
    public static final class Builder {
        private IssuedCertificate identity;
        private List<X509Certificate> trustAnchors = List.of();
        private String partnerName;
        private String pinnedFingerprint;
        private Duration handshakeTimeout = DEFAULT_HANDSHAKE_TIMEOUT;
        private int maxConnectionsPerPartner = DEFAULT_MAX_CONNECTIONS_PER_PARTNER;
        private int maxUnauthenticated = DEFAULT_MAX_UNAUTHENTICATED;
        private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /** This server's key and chain (leaf first). */
        public Builder identity(IssuedCertificate identity) {
            this.identity = Objects.requireNonNull(identity, "identity");
            return this;
        }

        /** This server's key and chain (leaf first). */
        public Builder identity(PrivateKey key, List<X509Certificate> chain) {
            return identity(new IssuedCertificate(key, chain));
        }

        /** Reads this server's chain and PKCS#8 key from PEM files. */
        public Builder identityFromPem(Path chainFile, Path keyFile) throws IOException {
            return identity(IssuedCertificate.readPem(chainFile, keyFile));
        }

        /** The CA certificates the partner's chain must end in. */
        public Builder trustAnchors(List<X509Certificate> anchors) {
            this.trustAnchors = List.copyOf(Objects.requireNonNull(anchors, "anchors"));
            return this;
        }

        /** Reads the trust anchors from a PEM CA bundle. */
        public Builder trustAnchorsFromPem(Path caBundle) throws IOException {
            return trustAnchors(PemFiles.readCertificates(caBundle));
        }

        /** The DNS name the partner's certificate must carry in subjectAltName. */
        public Builder partnerName(String dnsName) {
            Objects.requireNonNull(dnsName, "dnsName");
            String name = dnsName.toLowerCase(Locale.ROOT);
            if (name.isBlank() || name.contains("*")) {
                throw new IllegalArgumentException("partner name must be a plain DNS name: '" + dnsName + "'");
            }
            this.partnerName = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
            return this;
        }

        /** Pins the partner's exact certificate by its SHA-256 fingerprint (hex, colons allowed). */
        public Builder pinnedFingerprint(String sha256Hex) {
            this.pinnedFingerprint = Fingerprints.normalise(Objects.requireNonNull(sha256Hex, "sha256Hex"));
            return this;
        }

        /** Time allowed from TCP connect to a finished handshake; default 10 s. */
        public Builder handshakeTimeout(Duration timeout) {
            this.handshakeTimeout = positive(timeout, "handshakeTimeout");
            return this;
        }

        /** Cap on simultaneous unauthenticated connections from one address; default 4. */
        public Builder maxConnectionsPerPartner(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxConnectionsPerPartner must be at least 1: " + max);
            }
            this.maxConnectionsPerPartner = max;
            return this;
        }

        /**
         * Cap on unauthenticated connections (accepted, handshake not done) in all, configured
         * partners' reserve aside; default 16. It also bounds the handshake threads.
         */
        public Builder maxUnauthenticated(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxUnauthenticated must be at least 1: " + max);
            }
            this.maxUnauthenticated = max;
            return this;
        }

        /** How long a connection may receive nothing before it is closed; default 5 min. */
        public Builder idleTimeout(Duration timeout) {
            this.idleTimeout = positive(timeout, "idleTimeout");
            return this;
        }

        /** The clock for certificate validity checks; default the system clock. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Checks the settings and makes them.
         *
         * @throws IllegalStateException naming what is missing or inconsistent
         */
        public TlsSettings build() {
            if (identity == null) {
                throw new IllegalStateException("identity (own key and certificate chain) is required");
            }
            checkKey(identity);
            boolean anchored = !trustAnchors.isEmpty();
            boolean pinned = pinnedFingerprint != null;
            if (anchored == pinned) {
                throw new IllegalStateException(
                        "give exactly one way to know the partner: trust anchors with a partner name, "
                                + "or a pinned certificate fingerprint");
            }
            if (anchored && partnerName == null) {
                throw new IllegalStateException("trust anchors need a partner name to check the partner's "
                        + "certificate against; any certificate from the CA would pass otherwise");
            }
            for (X509Certificate anchor : trustAnchors) {
                if (anchor.getBasicConstraints() < 0 && !anchor.getSubjectX500Principal()
                        .equals(anchor.getIssuerX500Principal())) {
                    throw new IllegalStateException("trust anchor is not a CA certificate: "
                            + anchor.getSubjectX500Principal());
                }
            }
            return new TlsSettings(this);
        }

        private static void checkKey(IssuedCertificate id) {
            PrivateKey key = id.privateKey();
            PublicKey publicKey = id.leaf().getPublicKey();
            if (key instanceof RSAKey rsa) {
                if (rsa.getModulus().bitLength() < 2048) {
                    throw new IllegalStateException("RSA key must have at least 2048 bits: "
                            + rsa.getModulus().bitLength());
                }
            } else if (!(key instanceof ECKey)) {
                throw new IllegalStateException("own key must be EC or RSA: " + key.getAlgorithm());
            }
            try {
                String alg = key instanceof RSAKey ? "SHA256withRSA" : "SHA256withECDSA";
                byte[] probe = new byte[32];
                new SecureRandom().nextBytes(probe);
                Signature signer = Signature.getInstance(alg);
                signer.initSign(key);
                signer.update(probe);
                byte[] sig = signer.sign();
                Signature verifier = Signature.getInstance(alg);
                verifier.initVerify(publicKey);
                verifier.update(probe);
                if (!verifier.verify(sig)) {
                    throw new IllegalStateException("own private key does not belong to the leaf certificate "
                            + id.leaf().getSubjectX500Principal());
                }
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("own private key does not belong to the leaf certificate "
                        + id.leaf().getSubjectX500Principal() + ": " + e.getMessage(), e);
            }
        }

        private static Duration positive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive: " + d);
            }
            return d;
        }
    }
}
