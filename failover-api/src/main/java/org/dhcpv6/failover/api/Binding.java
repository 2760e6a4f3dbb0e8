package org.dhcpv6.failover.api;

import java.time.Instant;
import java.util.Objects;

/**
 * One lease as failover sees it: the resource, who holds it, its RFC 8156 binding status and
 * the seven times of RFC 8156 §7.3. Times are this server's wall-clock instants (partner times
 * are translated by the skew estimate on receipt, except {@code partnerRawCltTime}, which is kept
 * exactly as received). A {@code null} time means "none / not known".
 *
 * @param resource the leased address or prefix; the key of the binding
 * @param client the client most recently associated with the resource, or {@code null} if never
 * @param status the binding status
 * @param preferredLifetimeSeconds preferred lifetime last sent to the client
 * @param validLifetimeSeconds valid lifetime last sent to the client
 * @param t1Seconds T1 last sent to the client
 * @param t2Seconds T2 last sent to the client
 * @param startTimeOfState when {@code status} was entered
 * @param stateExpirationTime when the current status times out (ACTIVE: the client's lease end)
 * @param clientLastTransactionTime this server's last interaction with the client (CLTT)
 * @param partnerRawCltTime the partner's last interaction with the client, untranslated
 * @param expirationTime the greatest partner lifetime this server ever acknowledged to the partner
 * @param ackedPartnerLifetime the greatest partner lifetime the partner ever acknowledged to us
 * @param partnerLifetime the partner lifetime to send, or sent and not yet acknowledged
 * @param partnerUpdatePending whether the partner still needs a BNDUPD for this binding
 */
public record Binding(
        Resource resource,
        ClientIdentity client,
        BindingStatus status,
        long preferredLifetimeSeconds,
        long validLifetimeSeconds,
        long t1Seconds,
        long t2Seconds,
        Instant startTimeOfState,
        Instant stateExpirationTime,
        Instant clientLastTransactionTime,
        Instant partnerRawCltTime,
        Instant expirationTime,
        Instant ackedPartnerLifetime,
        Instant partnerLifetime,
        boolean partnerUpdatePending) {

    /** Checks the invariants every stored binding must satisfy. */
    public Binding {
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(startTimeOfState, "startTimeOfState");
        if (status == BindingStatus.ACTIVE && client == null) {
            throw new IllegalArgumentException("an ACTIVE binding of " + resource + " needs a client");
        }
        if (client != null && !client.iaType().holds(resource.kind())) {
            throw new IllegalArgumentException(
                    "resource " + resource + " cannot sit in an " + client.iaType());
        }
        checkLifetime("preferredLifetimeSeconds", preferredLifetimeSeconds);
        checkLifetime("validLifetimeSeconds", validLifetimeSeconds);
        checkLifetime("t1Seconds", t1Seconds);
        checkLifetime("t2Seconds", t2Seconds);
        if (preferredLifetimeSeconds > validLifetimeSeconds) {
            throw new IllegalArgumentException("preferred lifetime " + preferredLifetimeSeconds
                    + " s exceeds valid lifetime " + validLifetimeSeconds + " s for " + resource);
        }
    }

    private static void checkLifetime(String name, long value) {
        if (value < 0 || value > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException(name + " must be 0..4294967295: " + value);
        }
    }

    /** A never-used resource in the given free status, as of {@code now}. */
    public static Binding free(Resource resource, BindingStatus status, Instant now) {
        if (!status.isFree()) {
            throw new IllegalArgumentException("not a free status: " + status);
        }
        return new Binding(resource, null, status, 0, 0, 0, 0, now, null, null, null, null, null, null, false);
    }

    /** A copy with another status, entered at {@code when}, expiring at {@code expires} (may be null). */
    public Binding withStatus(BindingStatus newStatus, Instant when, Instant expires) {
        return new Binding(resource, client, newStatus, preferredLifetimeSeconds, validLifetimeSeconds,
                t1Seconds, t2Seconds, when, expires, clientLastTransactionTime, partnerRawCltTime,
                expirationTime, ackedPartnerLifetime, partnerLifetime, partnerUpdatePending);
    }

    /** A copy with the partner-update flag set or cleared. */
    public Binding withPartnerUpdatePending(boolean pending) {
        return pending == partnerUpdatePending ? this : new Binding(resource, client, status,
                preferredLifetimeSeconds, validLifetimeSeconds, t1Seconds, t2Seconds, startTimeOfState,
                stateExpirationTime, clientLastTransactionTime, partnerRawCltTime, expirationTime,
                ackedPartnerLifetime, partnerLifetime, pending);
    }
}
