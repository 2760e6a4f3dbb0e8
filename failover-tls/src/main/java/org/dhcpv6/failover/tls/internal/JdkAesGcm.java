package org.dhcpv6.failover.tls.internal;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.TlsAEADCipher;
import org.bouncycastle.tls.crypto.impl.TlsAEADCipherImpl;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * Bouncy Castle's TLS crypto with the record cipher, AES-GCM, done by the JDK's own provider
 * (SunJCE). Bouncy Castle's AES and GHASH are plain Java; the JDK's use the processor's AES and
 * carry-less multiply instructions, which makes bulk traffic (a resync sends hundreds of
 * megabytes) several times cheaper in CPU. Handshakes, certificates and signatures stay with Bouncy
 * Castle. Where SunJCE has no AES-GCM, Bouncy Castle's own cipher is used.
 */
final class JdkAesGcm extends BcTlsCrypto {

    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final String PROVIDER = "SunJCE";
    private static final boolean AVAILABLE = available();

    JdkAesGcm(SecureRandom random) {
        super(random);
    }

    @Override
    protected TlsAEADCipher createCipher_AES_GCM(TlsCryptoParameters parameters, int keySize, int macSize)
            throws IOException {
        if (!AVAILABLE) {
            return super.createCipher_AES_GCM(parameters, keySize, macSize);
        }
        return new TlsAEADCipher(parameters, new Impl(true), new Impl(false), keySize, macSize,
                TlsAEADCipher.AEAD_GCM);
    }

    private static boolean available() {
        try {
            Cipher.getInstance(TRANSFORMATION, PROVIDER);
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** One direction of a record cipher: the key is set once, each record brings its own nonce. */
    static final class Impl implements TlsAEADCipherImpl {
        private final boolean encrypting;
        private final Cipher cipher;
        private SecretKeySpec key;
        private int macSize = 16;

        Impl(boolean encrypting) throws IOException {
            this.encrypting = encrypting;
            try {
                this.cipher = Cipher.getInstance(TRANSFORMATION, PROVIDER);
            } catch (GeneralSecurityException e) {
                throw new TlsFatalAlert(AlertDescription.internal_error, e);
            }
        }

        @Override
        public void setKey(byte[] bytes, int offset, int length) {
            key = new SecretKeySpec(bytes, offset, length, "AES");
        }

        @Override
        public void init(byte[] nonce, int macSize) throws IOException {
            this.macSize = macSize;
            try {
                cipher.init(encrypting ? Cipher.ENCRYPT_MODE : Cipher.DECRYPT_MODE, key,
                        new GCMParameterSpec(macSize * 8, nonce));
            } catch (GeneralSecurityException e) {
                throw new TlsFatalAlert(AlertDescription.internal_error, e);
            }
        }

        @Override
        public int getOutputSize(int inputLength) {
            return encrypting ? inputLength + macSize : Math.max(0, inputLength - macSize);
        }

        @Override
        public int doFinal(byte[] additionalData, byte[] input, int inputOffset, int inputLength, byte[] output,
                int outputOffset) throws IOException {
            try {
                if (additionalData != null && additionalData.length > 0) {
                    cipher.updateAAD(additionalData);
                }
                return cipher.doFinal(input, inputOffset, inputLength, output, outputOffset);
            } catch (AEADBadTagException e) {
                throw new TlsFatalAlert(AlertDescription.bad_record_mac, e);
            } catch (GeneralSecurityException e) {
                throw new TlsFatalAlert(encrypting ? AlertDescription.internal_error : AlertDescription.bad_record_mac,
                        e);
            }
        }
    }
}
