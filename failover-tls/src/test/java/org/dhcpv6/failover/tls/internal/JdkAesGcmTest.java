package org.dhcpv6.failover.tls.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.TlsFatalAlert;
import org.junit.jupiter.api.Test;

class JdkAesGcmTest {

    private static final byte[] KEY = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] AAD = {23, 3, 3, 0, 40};

    private static byte[] nonce(int n) {
        byte[] nonce = new byte[12];
        nonce[11] = (byte) n;
        return nonce;
    }

    @Test
    void encryptsAsBouncyCastleDecryptsAndBack() throws Exception {
        byte[] plain = "several failover frames in one record".getBytes(StandardCharsets.US_ASCII);
        JdkAesGcm.Impl enc = new JdkAesGcm.Impl(true);
        enc.setKey(KEY, 0, KEY.length);
        for (int record = 1; record <= 3; record++) {
            enc.init(nonce(record), 16);
            byte[] sealed = new byte[enc.getOutputSize(plain.length) + 5];
            int n = enc.doFinal(AAD, plain, 0, plain.length, sealed, 5);
            assertEquals(plain.length + 16, n);

            GCMBlockCipher bc = new GCMBlockCipher(new AESEngine());
            bc.init(false, new AEADParameters(new KeyParameter(KEY), 128, nonce(record), AAD));
            byte[] opened = new byte[bc.getOutputSize(n)];
            int m = bc.processBytes(sealed, 5, n, opened, 0);
            m += bc.doFinal(opened, m);
            assertArrayEquals(plain, Arrays.copyOf(opened, m));

            JdkAesGcm.Impl dec = new JdkAesGcm.Impl(false);
            dec.setKey(KEY, 0, KEY.length);
            dec.init(nonce(record), 16);
            // In place, as a record layer may decrypt.
            int k = dec.doFinal(AAD, sealed, 5, n, sealed, 5);
            assertArrayEquals(plain, Arrays.copyOfRange(sealed, 5, 5 + k));
        }
    }

    @Test
    void aTamperedRecordIsABadRecordMacAlert() throws Exception {
        byte[] plain = new byte[100];
        JdkAesGcm.Impl enc = new JdkAesGcm.Impl(true);
        enc.setKey(KEY, 0, KEY.length);
        enc.init(nonce(7), 16);
        byte[] sealed = new byte[enc.getOutputSize(plain.length)];
        enc.doFinal(AAD, plain, 0, plain.length, sealed, 0);
        sealed[40] ^= 1;
        JdkAesGcm.Impl dec = new JdkAesGcm.Impl(false);
        dec.setKey(KEY, 0, KEY.length);
        dec.init(nonce(7), 16);
        TlsFatalAlert alert = assertThrows(TlsFatalAlert.class,
                () -> dec.doFinal(AAD, sealed, 0, sealed.length, new byte[sealed.length], 0));
        assertEquals(AlertDescription.bad_record_mac, alert.getAlertDescription());
    }
}
