package org.dhcpv6.failover.tls.internal;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Locale;

/** SHA-256 certificate fingerprints, in the one spelling the rest of the code compares. */
public final class Fingerprints {

    private Fingerprints() {
    }

    /** The SHA-256 of the DER encoding, lower-case hex without separators. */
    public static String sha256Hex(X509Certificate certificate) {
        try {
            return sha256Hex(certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("certificate cannot be encoded", e);
        }
    }

    /** The SHA-256 of {@code der}, lower-case hex without separators. */
    public static String sha256Hex(byte[] der) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /**
     * Normalises a fingerprint as people write it ("AB:CD:..", "ab cd ..", "abcd..") to
     * lower-case hex, or throws naming the bad input.
     */
    public static String normalise(String fingerprint) {
        String hex = fingerprint.replaceAll("[:\\s]", "").toLowerCase(Locale.ROOT);
        if (!hex.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException(
                    "pinned fingerprint must be 32 bytes of SHA-256 in hex: " + fingerprint);
        }
        return hex;
    }
}
