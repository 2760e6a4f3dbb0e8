package org.dhcpv6.failover.core.internal.binding;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.dhcpv6.failover.api.Binding;
import org.dhcpv6.failover.api.BindingStatus;
import org.dhcpv6.failover.api.ClientIdentity;
import org.dhcpv6.failover.api.Role;
import org.dhcpv6.failover.core.internal.wire.StatusCode;

/**
 * Whether to accept a binding update from the partner: the decision table of RFC 8156
 * §7.5.3-§7.5.4 (digest §4.5) as a pure function.
 *
 * <p>This is the table step of {@code sync.UpdateRule}, the one rule for a received lease, and
 * nothing else calls it: what an accepted lease stores and what goes back are decided there.
 *
 * <p>The caller has already done the pre-checks of §7.5.3 (missing data → 18, configuration
 * conflict → 17) and translated the partner's times to this server's clock. What is left is the
 * table: rows are this server's status, columns the received status, and each cell is one of
 * four rules ({@link Cell}). Rejections are values, not exceptions.
 *
 * <p>Every comparison of two times uses the ±5 s window of §7.5.1: times within
 * {@link #EQUALITY_WINDOW} of each other are the same time, and the same time is not later.
 */
public final class ConflictResolver {

    /** Status code for an accepted update (RFC 8415 Success). */
    public static final int SUCCESS = StatusCode.SUCCESS.code();
    /** The client holds a conflicting lease on the other server (RFC 8156 §5.4). */
    public static final int ADDRESS_IN_USE = StatusCode.ADDRESS_IN_USE.code();
    /** The receiver believes its own information is more recent (RFC 8156 §5.4). */
    public static final int OUTDATED_BINDING_INFORMATION = StatusCode.OUTDATED_BINDING_INFORMATION.code();

    /** Times closer than this (inclusive) count as equal (RFC 8156 §7.5.1). */
    public static final Duration EQUALITY_WINDOW = Duration.ofSeconds(5);

    private ConflictResolver() {
    }

    /**
     * The rules that can sit in a cell of the table (RFC 8156 §7.5.4).
     */
    public enum Cell {
        /** Accept iff the update time is later than the local time. */
        ACCEPT,
        /** Accept iff now is later than the local state-expiration time. */
        TIME_1,
        /** Accept iff the received CLT is later than the local start-time-of-state. */
        TIME_2,
        /**
         * Same client: accept. Other client: accept if {@link #TIME_2} holds or we are secondary
         * (outside PARTNER-DOWN), else 16 (primary) or 19 (secondary in PARTNER-DOWN).
         */
        ACCEPT_3
    }

    /**
     * What the partner sent about one lease, with times already on this server's clock.
     *
     * @param status the received OPTION_F_BINDING_STATUS
     * @param clientOrNull the client in the update, or {@code null} for a bare prefix
     * @param cltTimeOrNull the partner's last client transaction (from OPTION_CLT_TIME), or {@code null}
     * @param startTimeOfState the received OPTION_F_START_TIME_OF_STATE
     * @param stateExpirationTimeOrNull the received OPTION_F_STATE_EXPIRATION_TIME, or {@code null}
     */
    public record Incoming(BindingStatus status, ClientIdentity clientOrNull, Instant cltTimeOrNull,
            Instant startTimeOfState, Instant stateExpirationTimeOrNull) {

        /** Checks the required parts; an ACTIVE update must name its client (RFC 8156 §7.2). */
        public Incoming {
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(startTimeOfState, "startTimeOfState");
            if (status == BindingStatus.ACTIVE && clientOrNull == null) {
                throw new IllegalArgumentException("an ACTIVE update needs a client");
            }
        }

        /**
         * The update time of §7.5.3: for ACTIVE, EXPIRED and RELEASED the CLT if present, else
         * the start time of state; for every other status the later of the two.
         */
        public Instant updateTime() {
            if (cltTimeOrNull == null) {
                return startTimeOfState;
            }
            return switch (status) {
                case ACTIVE, EXPIRED, RELEASED -> cltTimeOrNull;
                default -> cltTimeOrNull.isAfter(startTimeOfState) ? cltTimeOrNull : startTimeOfState;
            };
        }
    }

    /**
     * The answer for one lease.
     *
     * @param accepted whether the update is accepted
     * @param statusCode {@link #SUCCESS} when accepted, else {@link #ADDRESS_IN_USE} or
     *        {@link #OUTDATED_BINDING_INFORMATION}
     * @param reason a short human explanation for logs and the status-code text
     */
    public record Verdict(boolean accepted, int statusCode, String reason) {

        /** Checks that {@code accepted} and {@code statusCode} agree. */
        public Verdict {
            Objects.requireNonNull(reason, "reason");
            if (accepted != (statusCode == SUCCESS)) {
                throw new IllegalArgumentException(
                        "statusCode " + statusCode + " contradicts accepted=" + accepted);
            }
        }

        static Verdict accept(String reason) {
            return new Verdict(true, SUCCESS, reason);
        }

        static Verdict reject(int code, String reason) {
            return new Verdict(false, code, reason);
        }
    }

    /**
     * Decides whether to accept {@code in} given this server's binding (RFC 8156 §7.5.4), when the
     * primary may be serving (see {@link #decide(Binding, Incoming, Role, boolean, Instant)}).
     *
     * @param localOrNull this server's binding for the resource, or {@code null} if it has none
     * @param in the received update
     * @param receiverRole this server's role, which settles client clashes under {@link Cell#ACCEPT_3}
     * @param now the current time
     * @return the verdict; with no local binding always accept
     */
    public static Verdict decide(Binding localOrNull, Incoming in, Role receiverRole, Instant now) {
        return decide(localOrNull, in, receiverRole, false, now);
    }

    /**
     * Decides whether to accept {@code in} given this server's binding (RFC 8156 §7.5.4).
     *
     * @param localOrNull this server's binding for the resource, or {@code null} if it has none
     * @param in the received update
     * @param receiverRole this server's role, which settles client clashes under {@link Cell#ACCEPT_3}
     * @param primaryOutOfService whether the primary cannot have leased beside us: we are the
     *        secondary in PARTNER-DOWN, or the primary last reported RECOVER, RECOVER-WAIT or
     *        RECOVER-DONE; a secondary then does not give up its own lease to an older one of the
     *        primary (see {@link Cell#ACCEPT_3})
     * @param now the current time
     * @return the verdict; with no local binding always accept
     */
    public static Verdict decide(Binding localOrNull, Incoming in, Role receiverRole,
            boolean primaryOutOfService, Instant now) {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(receiverRole, "receiverRole");
        Objects.requireNonNull(now, "now");
        if (localOrNull == null) {
            return Verdict.accept("no local binding");
        }
        Binding local = localOrNull;
        return switch (cell(local.status(), in.status())) {
            case ACCEPT -> acceptRule(local, in, receiverRole);
            case TIME_1 -> time1(local, now);
            case TIME_2 -> time2(local, in);
            case ACCEPT_3 -> accept3(local, in, receiverRole, primaryOutOfService);
        };
    }

    /**
     * The rule in the table cell for a local and a received status. PENDING-FREE, on either
     * side, is treated as FREE: it is a transient step towards FREE or FREE-BACKUP (§7.2).
     */
    public static Cell cell(BindingStatus local, BindingStatus received) {
        Objects.requireNonNull(local, "local");
        Objects.requireNonNull(received, "received");
        return switch (local) {
            case ACTIVE -> switch (received) {
                case ACTIVE -> Cell.ACCEPT_3;
                case EXPIRED, FREE, FREE_BACKUP, PENDING_FREE -> Cell.TIME_1;
                case RELEASED, RESET, ABANDONED -> Cell.ACCEPT;
            };
            case RESET -> received == BindingStatus.ACTIVE ? Cell.TIME_2 : Cell.ACCEPT;
            case EXPIRED, RELEASED, PENDING_FREE, FREE, FREE_BACKUP, ABANDONED -> Cell.ACCEPT;
        };
    }

    /** The local time of §7.5.3: our CLT if we have one, else our start time of state. */
    public static Instant localTime(Binding local) {
        return local.clientLastTransactionTime() != null
                ? local.clientLastTransactionTime() : local.startTimeOfState();
    }

    /** Whether {@code a} is later than {@code b} by more than {@link #EQUALITY_WINDOW}. */
    public static boolean isLater(Instant a, Instant b) {
        return a.isAfter(b.plus(EQUALITY_WINDOW));
    }

    private static Verdict acceptRule(Binding local, Incoming in, Role receiverRole) {
        Instant update = in.updateTime();
        Instant localTime = localTime(local);
        if (leasesAnAgreedFreeResource(local, in)) {
            return Verdict.accept("a lease of a resource free here with nothing of ours in flight");
        }
        if (isLater(update, localTime)) {
            return Verdict.accept("update time " + update + " later than local time " + localTime);
        }
        if (!isLater(localTime, update) && endsSameClientsLease(local, in)) {
            return Verdict.accept("same client's lease ended within the equality window");
        }
        if (!isLater(localTime, update) && leasesAFreeResource(local, in)) {
            return Verdict.accept("a lease of a free resource within the equality window");
        }
        if (!isLater(localTime, update) && renewsAnExpiredLease(local, in)) {
            return Verdict.accept("the same client's lease renewed as it expired, within the equality window");
        }
        if (!isLater(localTime, update) && local.status().isFree() && in.status().isFree()
                && !primarysMoveInFlight(local, in, receiverRole)) {
            // FREE <-> FREE-BACKUP moves only come from the primary's balancing (RFC 8156 §4.2.2).
            return Verdict.accept("a pool move of a free resource within the equality window");
        }
        return Verdict.reject(OUTDATED_BINDING_INFORMATION,
                "update time " + update + " not later than local time " + localTime);
    }

    /**
     * A tie between our free record and the partner's ACTIVE one: the partner leased what was free
     * seconds ago (a prefix it was just given, say). Refusing would leave the partner's client
     * unknown to us with nothing to break the tie later; the lease is the newer news.
     */
    private static boolean leasesAFreeResource(Binding local, Incoming in) {
        return in.status() == BindingStatus.ACTIVE && (local.status() == BindingStatus.FREE
                || local.status() == BindingStatus.FREE_BACKUP || local.status() == BindingStatus.PENDING_FREE);
    }

    /**
     * Our free record that the partner already has (nothing of ours in flight about it) against
     * the partner's ACTIVE lease: accepted whatever the times say. A departure from the table of
     * RFC 8156 §7.5.4, which compares the two times, on the safe side: a free record with nothing
     * pending tells nothing the partner does not know, so its lease can only be newer news; after
     * a clock step the times mislead (docs/decisions/0012). A flagged record (our own change the
     * partner has not acked) still goes through the table: it may be the newer news.
     */
    private static boolean leasesAnAgreedFreeResource(Binding local, Incoming in) {
        return in.status() == BindingStatus.ACTIVE && !local.partnerUpdatePending()
                && leasesAFreeResource(local, in);
    }

    /**
     * The primary's own pool move (a give or take-back) not yet acknowledged, met by a different
     * free status from the secondary within the equality window. Pool moves are the primary's
     * (RFC 8156 §4.2.2): the secondary's record is older news (a take-back confirmation or a
     * freeing sent before our move reached it), and our move is still on its way there. Taken, it
     * undid our move here while the secondary took the move: FREE here, FREE-BACKUP there (seed
     * 1579 before the fix in {@code UpdateRule.confirmTakeBack}: a give at 20,765.7 s lost to
     * the secondary's FREE of 20,762.4 s).
     */
    private static boolean primarysMoveInFlight(Binding local, Incoming in, Role receiverRole) {
        return receiverRole == Role.PRIMARY && local.partnerUpdatePending()
                && (local.status() == BindingStatus.FREE || local.status() == BindingStatus.FREE_BACKUP)
                && local.status() != in.status();
    }

    /**
     * A tie between our EXPIRED record and the partner's ACTIVE one for the same client that runs
     * past our expiry: the client renewed at the partner as the lease ran out. Our expiry is only
     * the silence we inferred it from, the renewal is the client's word; refused, it stayed unknown
     * to us and we could lease the resource to another client while the client held it (seed
     * 80928: a renewal 0.7 s after the end we knew, both dated to the second).
     */
    private static boolean renewsAnExpiredLease(Binding local, Incoming in) {
        return local.status() == BindingStatus.EXPIRED && in.status() == BindingStatus.ACTIVE
                && local.client() != null && local.client().equals(in.clientOrNull())
                && in.stateExpirationTimeOrNull() != null && in.stateExpirationTimeOrNull().isAfter(local.startTimeOfState());
    }

    /**
     * A tie (times within 5 s) that ends the same client's ACTIVE lease (RELEASED or ABANDONED;
     * EXPIRED has its own time(1) rule) can only be the newer news: a client that releases or declines seconds after its
     * REQUEST would otherwise be refused forever, since neither time moves on. A project decision
     * beside RFC 8156 §7.5.3, which says only that such times are "the same".
     */
    private static boolean endsSameClientsLease(Binding local, Incoming in) {
        return local.status() == BindingStatus.ACTIVE && local.client() != null
                && local.client().equals(in.clientOrNull())
                && (in.status() == BindingStatus.RELEASED || in.status() == BindingStatus.ABANDONED);
    }

    private static Verdict time1(Binding local, Instant now) {
        Instant expires = local.stateExpirationTime();
        // A local ACTIVE binding without an expiry cannot be shown to have run out; keep it.
        if (expires != null && isLater(now, expires)) {
            return Verdict.accept("local " + local.status().rfcName() + " expired at " + expires);
        }
        return Verdict.reject(OUTDATED_BINDING_INFORMATION,
                "local " + local.status().rfcName() + " still valid until " + expires);
    }

    private static Verdict time2(Binding local, Incoming in) {
        return time2Holds(local, in)
                ? Verdict.accept("received CLT " + in.cltTimeOrNull() + " later than local start "
                        + local.startTimeOfState())
                : Verdict.reject(OUTDATED_BINDING_INFORMATION, "received CLT " + in.cltTimeOrNull()
                        + " not later than local start " + local.startTimeOfState());
    }

    private static boolean time2Holds(Binding local, Incoming in) {
        // Without a CLT the update cannot show a client was seen after our state began.
        return in.cltTimeOrNull() != null && isLater(in.cltTimeOrNull(), local.startTimeOfState());
    }

    /**
     * accept(3) of §7.5.4, with one departure: a secondary keeps its own lease against the
     * primary's older one (no CLT later than our start of state) when the primary cannot have
     * leased beside us, and answers OutdatedBindingInformation, so that its lease goes back to the
     * primary, which takes it (its CLT is later than the primary's record began).
     *
     * <p>The primary's binding wins a clash that only two serving servers can make. A partner that
     * talks to us while we stay in PARTNER-DOWN is in RECOVER or RECOVER-WAIT (any other state it
     * reports ends our PARTNER-DOWN, §8.4), and a primary in RECOVER, RECOVER-WAIT or RECOVER-DONE
     * leases nothing: it stopped serving before we entered PARTNER-DOWN (§8.3), and whatever it
     * granted before ended by the reuse time we waited for before leasing to anyone else
     * (§4.2.2.1). Its older ACTIVE of another client is then a lease that ended, or a recovery hold
     * ({@code UpdateRule.mayStillBeHeld}, a bound counted from when it was made, not a grant),
     * and taking it orphans the lease our client holds: refused at its next RENEW and, once the
     * stale record expires, leasable to a third client (docs/decisions/0013).
     */
    private static Verdict accept3(Binding local, Incoming in, Role receiverRole, boolean primaryOutOfService) {
        if (Objects.equals(local.client(), in.clientOrNull())) {
            return Verdict.accept("same client");
        }
        if (time2Holds(local, in)) {
            return Verdict.accept("other client, received CLT later than local start");
        }
        if (receiverRole == Role.SECONDARY && primaryOutOfService) {
            return Verdict.reject(OUTDATED_BINDING_INFORMATION, "other client " + in.clientOrNull()
                    + " with no transaction since " + local.client()
                    + "'s lease here began, while the primary could not lease");
        }
        if (receiverRole == Role.SECONDARY) {
            return Verdict.accept("other client, the primary's binding wins");
        }
        return Verdict.reject(ADDRESS_IN_USE, "other client " + in.clientOrNull()
                + " while " + local.client() + " holds it here (primary keeps its binding)");
    }
}
