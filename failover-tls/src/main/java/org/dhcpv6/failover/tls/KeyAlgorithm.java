package org.dhcpv6.failover.tls;

/**
 * The kinds of key {@link CertificateAuthority} can make. Both fit the RFC 7525 cipher suites
 * this library offers: ECDHE_ECDSA for EC keys, ECDHE_RSA (with RSA-PSS signatures in TLS 1.3)
 * for RSA keys.
 */
public enum KeyAlgorithm {
    /** ECDSA on NIST P-256 (secp256r1); small and fast, the default. */
    EC_P256("EC", "SHA256withECDSA"),
    /** RSA with a 2048-bit modulus, for sites whose PKI issues RSA only. */
    RSA_2048("RSA", "SHA256withRSA");

    private final String jcaName;
    private final String signatureAlgorithm;

    KeyAlgorithm(String jcaName, String signatureAlgorithm) {
        this.jcaName = jcaName;
        this.signatureAlgorithm = signatureAlgorithm;
    }

    /** The JCA key algorithm name ("EC" or "RSA"). */
    public String jcaName() {
        return jcaName;
    }

    /** The JCA signature algorithm a CA of this kind signs certificates with. */
    public String signatureAlgorithm() {
        return signatureAlgorithm;
    }
}
