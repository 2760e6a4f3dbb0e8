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

    /**
     * A builder for a binding of {@code resource} in {@code status} since {@code startTimeOfState};
     * everything else starts empty: no client, zero lifetimes, no times, no update pending.
     */
    public static Builder builder(Resource resource, BindingStatus status, Instant startTimeOfState) {
        return new Builder(resource, status, startTimeOfState);
    }

    /** A builder holding every field of this binding, for a copy that changes a few. */
    public Builder toBuilder() {
        return new Builder(resource, status, startTimeOfState).client(client)
                .lifetimes(preferredLifetimeSeconds, validLifetimeSeconds, t1Seconds, t2Seconds)
                .stateExpirationTime(stateExpirationTime).clientLastTransactionTime(clientLastTransactionTime)
                .partnerRawCltTime(partnerRawCltTime).expirationTime(expirationTime)
                .ackedPartnerLifetime(ackedPartnerLifetime).partnerLifetime(partnerLifetime)
                .partnerUpdatePending(partnerUpdatePending);
    }

    /** A copy with another state-expiration time (the client's lease end when ACTIVE). */
    public Binding withStateExpirationTime(Instant value) {
        return toBuilder().stateExpirationTime(value).build();
    }

    /** A copy with another partner lifetime to send. */
    public Binding withPartnerLifetime(Instant value) {
        return toBuilder().partnerLifetime(value).build();
    }

    /** A copy with another partner lifetime the partner acknowledged. */
    public Binding withAckedPartnerLifetime(Instant value) {
        return toBuilder().ackedPartnerLifetime(value).build();
    }

    /**
     * Builds a {@link Binding} by name rather than by position; {@link #build} checks the same
     * invariants as the record's constructor. Each setter replaces the field; null times mean
     * "none / not known".
     */
    public static final class Builder {
        private Resource resource;
        private ClientIdentity client;
        private BindingStatus status;
        private long preferredLifetimeSeconds;
        private long validLifetimeSeconds;
        private long t1Seconds;
        private long t2Seconds;
        private Instant startTimeOfState;
        private Instant stateExpirationTime;
        private Instant clientLastTransactionTime;
        private Instant partnerRawCltTime;
        private Instant expirationTime;
        private Instant ackedPartnerLifetime;
        private Instant partnerLifetime;
        private boolean partnerUpdatePending;

        private Builder(Resource resource, BindingStatus status, Instant startTimeOfState) {
            this.resource = resource;
            this.status = status;
            this.startTimeOfState = startTimeOfState;
        }

        /** The leased address or prefix. */
        public Builder resource(Resource value) {
            this.resource = value;
            return this;
        }

        /** The client most recently associated with the resource, or null. */
        public Builder client(ClientIdentity value) {
            this.client = value;
            return this;
        }

        /** The binding status and when it was entered. */
        public Builder status(BindingStatus value, Instant since) {
            this.status = value;
            this.startTimeOfState = since;
            return this;
        }

        /** The preferred and valid lifetimes, T1 and T2 last sent to the client, in seconds. */
        public Builder lifetimes(long preferred, long valid, long t1, long t2) {
            this.preferredLifetimeSeconds = preferred;
            this.validLifetimeSeconds = valid;
            this.t1Seconds = t1;
            this.t2Seconds = t2;
            return this;
        }

        /** When the current status times out (ACTIVE: the client's lease end). */
        public Builder stateExpirationTime(Instant value) {
            this.stateExpirationTime = value;
            return this;
        }

        /** This server's last interaction with the client (CLTT). */
        public Builder clientLastTransactionTime(Instant value) {
            this.clientLastTransactionTime = value;
            return this;
        }

        /** The partner's last interaction with the client, untranslated. */
        public Builder partnerRawCltTime(Instant value) {
            this.partnerRawCltTime = value;
            return this;
        }

        /** The greatest partner lifetime this server ever acknowledged to the partner. */
        public Builder expirationTime(Instant value) {
            this.expirationTime = value;
            return this;
        }

        /** The greatest partner lifetime the partner ever acknowledged to us. */
        public Builder ackedPartnerLifetime(Instant value) {
            this.ackedPartnerLifetime = value;
            return this;
        }

        /** The partner lifetime to send, or sent and not yet acknowledged. */
        public Builder partnerLifetime(Instant value) {
            this.partnerLifetime = value;
            return this;
        }

        /** Whether the partner still needs a BNDUPD for this binding. */
        public Builder partnerUpdatePending(boolean value) {
            this.partnerUpdatePending = value;
            return this;
        }

        /**
         * The binding.
         *
         * @throws NullPointerException if the resource, status or its start time is missing
         * @throws IllegalArgumentException if the record's invariants do not hold
         */
        public Binding build() {
            return new Binding(resource, client, status, preferredLifetimeSeconds, validLifetimeSeconds, t1Seconds,
                    t2Seconds, startTimeOfState, stateExpirationTime, clientLastTransactionTime, partnerRawCltTime,
                    expirationTime, ackedPartnerLifetime, partnerLifetime, partnerUpdatePending);
        }
    }

    /** A never-used resource in the given free status, as of {@code now}. */
    public static Binding free(Resource resource, BindingStatus status, Instant now) {
        if (!status.isFree()) {
            throw new IllegalArgumentException("not a free status: " + status);
        }
        return builder(resource, status, now).build();
    }

    /** A copy with another status, entered at {@code when}, expiring at {@code expires} (may be null). */
    public Binding withStatus(BindingStatus newStatus, Instant when, Instant expires) {
        return toBuilder().status(newStatus, when).stateExpirationTime(expires).build();
    }

    /** A copy with the partner-update flag set or cleared. */
    public Binding withPartnerUpdatePending(boolean pending) {
        return pending == partnerUpdatePending ? this : toBuilder().partnerUpdatePending(pending).build();
    }
}
