package org.dhcpv6.failover.tls;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Reads and writes the PEM files a secure failover link is configured with: certificate chains
 * and CA bundles ("CERTIFICATE" blocks, one or many) and unencrypted private keys (PKCS#8
 * "PRIVATE KEY", RSA or EC; the older "RSA PRIVATE KEY" and "EC PRIVATE KEY" forms are read
 * too). Every error names the file. Stateless and thread-safe.
 */
public final class PemFiles {

    private PemFiles() {
    }

    /**
     * Reads every certificate in {@code file}, in file order.
     *
     * @throws IOException if the file cannot be read, holds no certificate or a broken one
     */
    public static List<X509Certificate> readCertificates(Path file) throws IOException {
        List<X509Certificate> certificates = new ArrayList<>();
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        try (PEMParser parser = new PEMParser(open(file))) {
            Object item;
            while ((item = parser.readObject()) != null) {
                if (item instanceof X509CertificateHolder holder) {
                    certificates.add(converter.getCertificate(holder));
                }
            }
        } catch (CertificateException | IOException | IllegalArgumentException e) {
            throw fail(file, "is not a readable PEM certificate file", e);
        }
        if (certificates.isEmpty()) {
            throw new IOException(file + " holds no PEM CERTIFICATE block");
        }
        return List.copyOf(certificates);
    }

    /**
     * Reads the one private key in {@code file}.
     *
     * @throws IOException if the file cannot be read, holds no key, or the key is encrypted
     */
    public static PrivateKey readPrivateKey(Path file) throws IOException {
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        try (PEMParser parser = new PEMParser(open(file))) {
            Object item;
            while ((item = parser.readObject()) != null) {
                if (item instanceof PrivateKeyInfo info) {
                    return converter.getPrivateKey(info);
                }
                if (item instanceof PEMKeyPair pair) {
                    return converter.getPrivateKey(pair.getPrivateKeyInfo());
                }
                if (item instanceof PKCS8EncryptedPrivateKeyInfo || item instanceof PEMEncryptedKeyPair) {
                    throw new IOException(file + " holds an encrypted private key; "
                            + "give an unencrypted PKCS#8 key and protect the file by its permissions");
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            throw fail(file, "is not a readable PEM private key file", e);
        }
        throw new IOException(file + " holds no PEM PRIVATE KEY block");
    }

    /** Writes {@code certificates} as PEM CERTIFICATE blocks, replacing the file. */
    public static void writeCertificates(Path file, List<X509Certificate> certificates) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            for (X509Certificate certificate : certificates) {
                writer.writeObject(certificate);
            }
        }
        Files.writeString(file, text.toString(), StandardCharsets.US_ASCII);
    }

    /**
     * Writes {@code key} as an unencrypted PKCS#8 PEM block, readable by the owner only where the
     * file system has POSIX permissions.
     */
    public static void writePrivateKey(Path file, PrivateKey key) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(new JcaPKCS8Generator(key, null));
        }
        Files.deleteIfExists(file);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        }
        Files.writeString(file, text.toString(), StandardCharsets.US_ASCII);
    }

    private static Reader open(Path file) throws IOException {
        try {
            return Files.newBufferedReader(file, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            throw new IOException(file + " does not exist", e);
        }
    }

    private static IOException fail(Path file, String what, Exception cause) {
        if (cause instanceof IOException io && io.getMessage() != null
                && io.getMessage().startsWith(file.toString())) {
            return io;
        }
        return new IOException(file + " " + what + ": " + cause.getMessage(), cause);
    }
}
