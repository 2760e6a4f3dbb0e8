package org.dhcpv6.failover.tls.internal;

import java.security.GeneralSecurityException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CertificateParsingException;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.bouncycastle.tls.AlertDescription;
import org.dhcpv6.failover.tls.TlsSettings;

/**
 * Decides whether the partner's certificate chain is the partner we were configured for
 * (RFC 7653 §9.1 as RFC 8156 §10 requires: certificates are the basis for accepting a partner).
 * Every refusal is a sentence a person can act on, plus the TLS alert to send.
 *
 * <p>Order of checks: a certificate is present; then either the pinned fingerprint, or the
 * chain to a trust anchor (signatures, validity) and the DNS name. Validity of the leaf is
 * checked before the chain so that an expired partner certificate is reported as expired.
 * Revocation is not checked: a failover pair has one partner, and replacing its trust anchor or
 * pin is the way to cut a compromised partner off.
 */
public final class PartnerValidator {

    /** Why a partner was refused, and the TLS alert that tells the partner. */
    public record Rejection(String reason, short alert) {
    }

    private static final int SAN_DNS = 2;

    private final TlsSettings settings;
    private final Set<TrustAnchor> anchors;

    /** A validator for the partner described by {@code settings}. */
    public PartnerValidator(TlsSettings settings) {
        this.settings = settings;
        this.anchors = settings.trustAnchors().stream()
                .map(c -> new TrustAnchor(c, null)).collect(Collectors.toUnmodifiableSet());
    }

    /** Checks {@code chain} (leaf first); empty means the partner is accepted. */
    public Optional<Rejection> check(List<X509Certificate> chain) {
        if (chain.isEmpty()) {
            return reject("no certificate sent by partner", AlertDescription.certificate_required);
        }
        X509Certificate leaf = chain.get(0);
        Optional<Rejection> time = checkValidity(leaf, "partner certificate");
        if (time.isPresent()) {
            return time;
        }
        if (settings.pinnedFingerprint().isPresent()) {
            String expected = settings.pinnedFingerprint().get();
            String got = Fingerprints.sha256Hex(leaf);
            if (!expected.equals(got)) {
                return reject("partner certificate fingerprint mismatch: expected " + expected + ", got " + got,
                        AlertDescription.bad_certificate);
            }
        } else {
            Optional<Rejection> path = checkPath(chain);
            if (path.isPresent()) {
                return path;
            }
        }
        return settings.partnerName().flatMap(name -> checkName(leaf, name));
    }

    private Optional<Rejection> checkValidity(X509Certificate cert, String what) {
        Instant now = settings.clock().instant();
        String forName = settings.partnerName().map(n -> " for '" + n + "'").orElse("");
        try {
            cert.checkValidity(Date.from(now));
            return Optional.empty();
        } catch (CertificateExpiredException e) {
            return reject(what + forName + " expired " + cert.getNotAfter().toInstant(),
                    AlertDescription.certificate_expired);
        } catch (CertificateNotYetValidException e) {
            return reject(what + forName + " is not yet valid until " + cert.getNotBefore().toInstant(),
                    AlertDescription.certificate_expired);
        }
    }

    private Optional<Rejection> checkPath(List<X509Certificate> chain) {
        // The partner may or may not send its CA; a PKIX path must not contain the anchor itself.
        List<X509Certificate> path = new ArrayList<>(chain);
        while (path.size() > 1 && isAnchor(path.get(path.size() - 1))) {
            path.remove(path.size() - 1);
        }
        if (path.size() == 1 && isAnchor(path.get(0))) {
            return reject("partner presented the trust anchor itself instead of its own certificate",
                    AlertDescription.bad_certificate);
        }
        try {
            CertPath certPath = CertificateFactory.getInstance("X.509").generateCertPath(path);
            PKIXParameters params = new PKIXParameters(anchors);
            // Revocation: see the class comment. The date comes from the configured clock.
            params.setRevocationEnabled(false);
            params.setDate(Date.from(settings.clock().instant()));
            CertPathValidator.getInstance("PKIX").validate(certPath, params);
            return Optional.empty();
        } catch (CertPathValidatorException e) {
            if (e.getReason() == CertPathValidatorException.BasicReason.EXPIRED
                    || e.getReason() == CertPathValidatorException.BasicReason.NOT_YET_VALID) {
                int index = Math.max(0, e.getIndex());
                return checkValidity(path.get(index), "certificate '"
                        + path.get(index).getSubjectX500Principal().getName() + "' in the partner's chain")
                        .or(() -> reject("partner certificate chain is outside its validity period",
                                AlertDescription.certificate_expired));
            }
            return reject("partner presented a certificate not signed by the configured trust anchor ("
                    + e.getMessage() + ")", AlertDescription.unknown_ca);
        } catch (GeneralSecurityException e) {
            return reject("partner certificate chain cannot be checked: " + e.getMessage(),
                    AlertDescription.bad_certificate);
        }
    }

    private boolean isAnchor(X509Certificate cert) {
        return settings.trustAnchors().contains(cert);
    }

    private static Optional<Rejection> checkName(X509Certificate leaf, String expected) {
        List<String> names = dnsNames(leaf);
        for (String name : names) {
            String n = name.toLowerCase(Locale.ROOT);
            if (n.endsWith(".")) {
                n = n.substring(0, n.length() - 1);
            }
            // Exact match only: wildcards would let any host under the domain act as partner.
            if (n.equals(expected)) {
                return Optional.empty();
            }
        }
        return reject("partner certificate does not name '" + expected + "' (it names " + names + ")",
                AlertDescription.bad_certificate);
    }

    private static List<String> dnsNames(X509Certificate cert) {
        try {
            Collection<List<?>> sans = cert.getSubjectAlternativeNames();
            if (sans == null) {
                return List.of();
            }
            List<String> names = new ArrayList<>();
            for (List<?> san : sans) {
                if (san.size() >= 2 && Integer.valueOf(SAN_DNS).equals(san.get(0))) {
                    names.add(String.valueOf(san.get(1)));
                }
            }
            return names;
        } catch (CertificateParsingException e) {
            return List.of();
        }
    }

    private static Optional<Rejection> reject(String reason, short alert) {
        return Optional.of(new Rejection(reason, alert));
    }
}
