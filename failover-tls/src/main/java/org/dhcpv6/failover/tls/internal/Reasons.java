package org.dhcpv6.failover.tls.internal;

import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;

import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsFatalAlertReceived;

/**
 * Turns what went wrong on a secure connection into one sentence for a person: the log line on
 * the listener, the reason given to {@code onConnectFailed} or {@code onClose}.
 */
final class Reasons {

    private Reasons() {
    }

    /**
     * Why a handshake (STARTTLS exchange or TLS) failed.
     *
     * @param ours our own refusal of the partner's certificate, if we refused it
     * @param timedOut whether the handshake deadline closed the socket
     */
    static String handshake(Throwable e, PartnerValidator.Rejection ours, boolean timedOut, Duration timeout) {
        if (ours != null) {
            return ours.reason();
        }
        if (timedOut) {
            return "TLS handshake not finished within " + timeout + "; partner stalled";
        }
        if (e instanceof SocketTimeoutException) {
            return "partner sent nothing for " + timeout + " during the TLS handshake";
        }
        if (e instanceof TlsFatalAlertReceived received) {
            return "partner refused the TLS handshake with alert " + alert(received.getAlertDescription())
                    + hint(received.getAlertDescription());
        }
        if (e instanceof TlsFatalAlert raised) {
            return "TLS handshake failed (" + alert(raised.getAlertDescription()) + ")"
                    + (raised.getMessage() == null ? "" : ": " + raised.getMessage());
        }
        if (e instanceof EOFException) {
            return "partner closed the connection during the TLS handshake";
        }
        return "TLS handshake failed: " + describe(e);
    }

    /** Why an open connection ended with {@code e}. */
    static String connection(Throwable e, Duration idleTimeout) {
        if (e instanceof SocketTimeoutException) {
            return "no data from partner for " + idleTimeout + " (idle timeout)";
        }
        if (e instanceof TlsFatalAlertReceived received) {
            return "partner ended the TLS session with alert " + alert(received.getAlertDescription())
                    + hint(received.getAlertDescription());
        }
        if (e instanceof TlsFatalAlert raised) {
            return "TLS error (" + alert(raised.getAlertDescription()) + "): " + describe(e);
        }
        return "connection lost: " + describe(e);
    }

    static String describe(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    private static String alert(short description) {
        return AlertDescription.getText(description);
    }

    private static String hint(short description) {
        switch (description) {
            case AlertDescription.bad_certificate:
            case AlertDescription.unknown_ca:
            case AlertDescription.certificate_expired:
            case AlertDescription.certificate_required:
            case AlertDescription.certificate_unknown:
            case AlertDescription.access_denied:
                return " (the partner did not accept our certificate; its log says why)";
            case AlertDescription.handshake_failure:
            case AlertDescription.protocol_version:
            case AlertDescription.insufficient_security:
                return " (no TLS version, cipher suite or signature scheme in common)";
            default:
                return "";
        }
    }

    /** Whether {@code e} or a cause is a read timeout. */
    static boolean isTimeout(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }
}
